// The registration page's flat form fields ("applicant.pesel", "household[0].firstName", "incomes[1].monthlyNet")
// to the JSON body POST /api/cases takes, and back to field rows for re-rendering. Empty rows are skipped,
// and kept rows keep their index so error keys match the fields on the page.
export const HOUSEHOLD_ROWS = 4
export const INCOME_ROWS = 5

type Form = Record<string, unknown>

const text = (form: Form, key: string): string => (typeof form[key] === 'string' ? (form[key] as string).trim() : '')

export interface RegistrationBody {
  body: Record<string, unknown>
  /** Position in the body's arrays → row number on the page, to map error keys back. */
  householdRows: number[]
  incomeRows: number[]
}

export function registrationBody(form: Form): RegistrationBody {
  const person = (prefix: string) => ({
    pesel: text(form, `${prefix}.pesel`),
    firstName: text(form, `${prefix}.firstName`),
    lastName: text(form, `${prefix}.lastName`),
  })
  const householdRows: number[] = []
  const household = []
  for (let i = 0; i < HOUSEHOLD_ROWS; i++) {
    const p = person(`household[${i}]`)
    if (p.pesel || p.firstName || p.lastName) {
      household.push(p)
      householdRows.push(i)
    }
  }
  const incomeRows: number[] = []
  const incomes = []
  for (let i = 0; i < INCOME_ROWS; i++) {
    const pesel = text(form, `incomes[${i}].pesel`)
    const monthlyNet = text(form, `incomes[${i}].monthlyNet`)
    if (pesel || monthlyNet) {
      incomes.push({ pesel, monthlyNet })
      incomeRows.push(i)
    }
  }
  return {
    body: {
      procedure: text(form, 'procedure'),
      receivedAt: text(form, 'receivedAt'),
      urgent: form.urgent === 'on' || form.urgent === 'true',
      benefit: text(form, 'benefit') || undefined,
      applicant: person('applicant'),
      household,
      incomes,
    },
    householdRows,
    incomeRows,
  }
}

/** Maps error keys of the body ("household[0].pesel") to the page's field names ("household[2].pesel"). */
export function pageErrorKeys(errors: Record<string, string>, mapping: RegistrationBody): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, message] of Object.entries(errors)) {
    const renamed = key
      .replace(/^household\[(\d+)\]/, (_m, i: string) => `household[${mapping.householdRows[Number(i)] ?? i}]`)
      .replace(/^incomes\[(\d+)\]/, (_m, i: string) => `incomes[${mapping.incomeRows[Number(i)] ?? i}]`)
    out[renamed] = message
  }
  return out
}

export interface InputView {
  id: string
  name: string
  value: string
  error: string | null
}

export function input(form: Form, errors: Record<string, string>, name: string): InputView {
  return {
    id: `r-${name.replace(/[^A-Za-z0-9]/g, '-')}`,
    name,
    value: text(form, name),
    error: errors[name] ?? null,
  }
}
