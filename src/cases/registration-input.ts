// Validation of a case registration (POST /api/cases and the registration page). Pure: today's date and the
// deployed procedure ids are passed in. Every problem is reported under its field path
// ("applicant.pesel", "household[1].lastName", "incomes[0].monthlyNet"), not only the first one.
// A benefit application cannot be received before the first day the legal parameters (domain/data) cover,
// and nobody in an application can be born (by their PESEL) after it was received.
// Three shapes, by procedure: the benefit application keeps its structured form (applicant, household, incomes:
// the income criterion reads them); a procedure whose start event links a form takes `form` (its values, checked
// against that form: start-form-values.ts; `applicant`, `household`, `incomes`, `benefit` and `variables` are
// refused); any other takes the person concerned (`applicant`) and `variables`.
import { isValidPesel, validatePesel } from '../../domain/pesel.ts'
import { compareDates, parseIsoDate, type IsoDate } from '../../domain/local-date.ts'
import { firstCoveredDate } from '../../domain/benefit-parameters.ts'
import { exceedsJsonDepth } from '../../domain/json-depth.ts'
import type { FieldIssue, FieldIssues } from './service-error.ts'
import type { FormSchema } from '../inbox/form-schema.ts'
import { validateStartForm } from './start-form-values.ts'

export const BENEFIT_APPLICATION = 'benefit-application'
export const BENEFITS = ['zasilek-staly', 'zasilek-okresowy', 'zasilek-celowy'] as const
export type Benefit = (typeof BENEFITS)[number]

export const MAX_HOUSEHOLD = 20
export const MAX_INCOMES = 50
const MAX_NAME = 100
const MAX_AMOUNT = 9_999_999_999.99
const MAX_VARIABLES_JSON = 20_000
/** How deeply `variables` (and any other field) may nest objects and arrays: process variables are flat ids, dates
 * and flags; a body nested thousands deep is refused before anything is stored or started. */
export const MAX_VARIABLES_DEPTH = 5
const FIELDS = ['procedure', 'receivedAt', 'urgent', 'benefit', 'applicant', 'household', 'incomes', 'variables', 'form']

export interface PersonInput {
  pesel: string
  firstName: string
  lastName: string
}

export interface IncomeInput {
  pesel: string
  /** Złoty, at most 2 decimal places. */
  monthlyNet: number
}

export interface Registration {
  procedure: string
  receivedAt: IsoDate
  urgent: boolean
  benefit: Benefit | null
  /** The person the case is about; null when a start form names nobody. */
  applicant: PersonInput | null
  household: PersonInput[]
  incomes: IncomeInput[]
  /** Extra process variables: `variables` of a procedure without a start form, or the start form's marked fields. */
  variables: Record<string, unknown>
  /** The start form's validated values (kept on the case, never process variables); null without a start form. */
  startFormValues: Record<string, unknown> | null
}

export type RegistrationResult = { ok: true; value: Registration } | { ok: false; fields: FieldIssues }

export interface RegistrationContext {
  today: IsoDate
  procedures: readonly string[]
  /** The chosen procedure's start form (start-form.ts); null or absent: it has none. */
  startForm?: FormSchema | null
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** An amount given as a number or as a decimal string ("1234.50" or "1234,50"). */
export function parseAmount(raw: unknown): { value: number } | { issue: FieldIssue } {
  let text: string
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { issue: { code: 'notNumber' } }
    text = String(raw)
  } else if (typeof raw === 'string' && raw.trim() !== '') {
    text = raw.trim().replace(/\s/g, '').replace(',', '.')
  } else if (raw === undefined || raw === null || raw === '') {
    return { issue: { code: 'required' } }
  } else {
    return { issue: { code: 'notNumber' } }
  }
  if (!/^-?\d+(\.\d+)?$/.test(text)) return { issue: { code: 'notNumber' } }
  const value = Number(text)
  if (value < 0) return { issue: { code: 'negative' } }
  if (/\.\d{3,}$/.test(text) && Math.round(value * 100) / 100 !== value) return { issue: { code: 'tooManyDecimals' } }
  if (value > MAX_AMOUNT) return { issue: { code: 'max', params: { max: MAX_AMOUNT } } }
  return { value }
}

function name(raw: unknown, path: string, fields: FieldIssues): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    fields[path] = { code: raw === undefined || raw === '' || raw === null ? 'required' : 'invalidType' }
    return ''
  }
  const value = raw.trim()
  if (value.length > MAX_NAME) fields[path] = { code: 'maxLength', params: { max: MAX_NAME } }
  return value
}

/** The latest birth date a person of the application may have: the receipt date when valid, else today. */
interface BirthLimit {
  date: IsoDate
  receipt: boolean
}

function pesel(raw: unknown, path: string, bornBy: BirthLimit, fields: FieldIssues): string {
  if (raw === undefined || raw === null || raw === '') {
    fields[path] = { code: 'required' }
    return ''
  }
  const value = typeof raw === 'string' ? raw.trim() : ''
  const checked = validatePesel(value)
  if (!checked.valid) fields[path] = { code: 'invalidPesel' }
  else if (compareDates(checked.birthDate, bornBy.date) > 0) fields[path] = { code: bornBy.receipt ? 'peselBornAfterReceipt' : 'peselBornInFuture' }
  return value
}

function person(raw: unknown, path: string, bornBy: BirthLimit, fields: FieldIssues): PersonInput {
  if (!isObject(raw)) {
    fields[path] = { code: raw === undefined ? 'required' : 'invalidType' }
    return { pesel: '', firstName: '', lastName: '' }
  }
  return {
    pesel: pesel(raw.pesel, `${path}.pesel`, bornBy, fields),
    firstName: name(raw.firstName, `${path}.firstName`, fields),
    lastName: name(raw.lastName, `${path}.lastName`, fields),
  }
}

function list(raw: unknown, path: string, max: number, fields: FieldIssues): unknown[] {
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) {
    fields[path] = { code: 'invalidType' }
    return []
  }
  if (raw.length > max) {
    fields[path] = { code: 'tooMany', params: { max } }
    return []
  }
  return raw
}

/** The receipt date; `notBefore`: the first date accepted (for a benefit, the first day its legal values cover). */
function receivedAt(raw: unknown, today: IsoDate, notBefore: IsoDate | null, fields: FieldIssues): IsoDate {
  if (raw === undefined || raw === null || raw === '') {
    fields.receivedAt = { code: 'required' }
    return ''
  }
  const date = parseIsoDate(raw)
  if (date === null || date < '1990-01-01') fields.receivedAt = { code: 'invalidDate' }
  else if (date > today) fields.receivedAt = { code: 'futureDate' }
  else if (notBefore && compareDates(date, notBefore) < 0) fields.receivedAt = { code: 'beforeLegalParameters', params: { min: notBefore } }
  return date ?? ''
}

/** The first receipt date a procedure accepts: a benefit application needs the legal values in force on it. */
export function firstReceiptDate(procedure: string): IsoDate | null {
  return procedure === BENEFIT_APPLICATION ? firstCoveredDate() : null
}

const tooDeep = (): FieldIssue => ({ code: 'tooDeep', params: { max: MAX_VARIABLES_DEPTH } })

/**
 * The fields of a registration body nested deeper than MAX_VARIABLES_DEPTH (`_` for a body that is no object, or for
 * a field the registration does not know); empty when none is. Safe on any parsed JSON: it does not recurse.
 */
export function nestingIssues(body: unknown): FieldIssues {
  if (!isObject(body)) return exceedsJsonDepth(body, MAX_VARIABLES_DEPTH + 1) ? { _: tooDeep() } : {}
  const fields: FieldIssues = {}
  for (const [key, value] of Object.entries(body)) {
    if (exceedsJsonDepth(value, MAX_VARIABLES_DEPTH)) fields[FIELDS.includes(key) ? key : '_'] = tooDeep()
  }
  return fields
}

function extraVariables(raw: unknown, fields: FieldIssues): Record<string, unknown> {
  if (raw === undefined || raw === null) return {}
  if (!isObject(raw)) {
    fields.variables = { code: 'invalidType' }
    return {}
  }
  if (exceedsJsonDepth(raw, MAX_VARIABLES_DEPTH)) {
    fields.variables = tooDeep()
    return {}
  }
  if (JSON.stringify(raw).length > MAX_VARIABLES_JSON) {
    fields.variables = { code: 'maxLength', params: { max: MAX_VARIABLES_JSON } }
    return {}
  }
  return raw
}

export function validateRegistration(body: unknown, context: RegistrationContext): RegistrationResult {
  const fields: FieldIssues = {}
  const input = isObject(body) ? body : {}
  if (!isObject(body)) fields._ = { code: 'invalidType' }

  const procedure = typeof input.procedure === 'string' ? input.procedure : ''
  if (procedure === '') fields.procedure = { code: 'required' }
  else if (!context.procedures.includes(procedure)) fields.procedure = { code: 'unknownProcedure' }

  let urgent = false
  if (typeof input.urgent === 'boolean') urgent = input.urgent
  else if (input.urgent !== undefined && input.urgent !== null) fields.urgent = { code: 'invalidType' }

  const startForm = procedure !== BENEFIT_APPLICATION ? (context.startForm ?? null) : null
  if (startForm) return validateWithStartForm(input, procedure, startForm, urgent, context, fields)
  if (input.form !== undefined && input.form !== null) fields.form = { code: 'notAllowed' }

  let benefit: Benefit | null = null
  if (typeof input.benefit === 'string' && (BENEFITS as readonly string[]).includes(input.benefit)) {
    benefit = input.benefit as Benefit
  } else if (input.benefit !== undefined && input.benefit !== null && input.benefit !== '') {
    fields.benefit = { code: 'notAllowed' }
  } else if (procedure === BENEFIT_APPLICATION) {
    fields.benefit = { code: 'required' }
  }

  const received = receivedAt(input.receivedAt, context.today, firstReceiptDate(procedure), fields)
  const bornBy: BirthLimit = received !== '' && compareDates(received, context.today) <= 0 ? { date: received, receipt: true } : { date: context.today, receipt: false }
  const applicant = person(input.applicant, 'applicant', bornBy, fields)
  const household = list(input.household, 'household', MAX_HOUSEHOLD, fields).map((p, i) =>
    person(p, `household[${i}]`, bornBy, fields),
  )

  const seen = new Set<string>([applicant.pesel])
  household.forEach((p, i) => {
    if (p.pesel !== '' && seen.has(p.pesel) && !fields[`household[${i}].pesel`]) {
      fields[`household[${i}].pesel`] = { code: 'duplicatePesel' }
    }
    seen.add(p.pesel)
  })

  const incomes: IncomeInput[] = []
  list(input.incomes, 'incomes', MAX_INCOMES, fields).forEach((raw, i) => {
    const path = `incomes[${i}]`
    if (!isObject(raw)) {
      fields[path] = { code: 'invalidType' }
      return
    }
    const incomePesel = typeof raw.pesel === 'string' ? raw.pesel.trim() : ''
    if (incomePesel === '') fields[`${path}.pesel`] = { code: 'required' }
    else if (!isValidPesel(incomePesel)) fields[`${path}.pesel`] = { code: 'invalidPesel' }
    else if (!seen.has(incomePesel)) fields[`${path}.pesel`] = { code: 'unknownPerson' }
    const amount = parseAmount(raw.monthlyNet)
    if ('issue' in amount) fields[`${path}.monthlyNet`] = amount.issue
    else incomes.push({ pesel: incomePesel, monthlyNet: amount.value })
  })

  const value: Registration = {
    procedure,
    receivedAt: received,
    urgent,
    benefit,
    applicant,
    household,
    incomes,
    variables: extraVariables(input.variables, fields),
    startFormValues: null,
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value }
}

const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)

/** A registration with the procedure's start form: the common fields and the form's values. */
function validateWithStartForm(
  input: Record<string, unknown>,
  procedure: string,
  startForm: FormSchema,
  urgent: boolean,
  context: RegistrationContext,
  fields: FieldIssues,
): RegistrationResult {
  for (const key of ['benefit', 'applicant', 'household', 'incomes', 'variables']) {
    if (given(input[key])) fields[key] = { code: 'notAllowed' }
  }
  const received = receivedAt(input.receivedAt, context.today, null, fields)
  const checked = validateStartForm(startForm, input.form, { today: context.today, receivedAt: fields.receivedAt ? null : received })
  if (!checked.ok) Object.assign(fields, checked.fields)
  if (Object.keys(fields).length > 0 || !checked.ok) return { ok: false, fields }
  return {
    ok: true,
    value: {
      procedure,
      receivedAt: received,
      urgent,
      benefit: null,
      applicant: checked.value.person,
      household: [],
      incomes: [],
      variables: checked.value.variables,
      startFormValues: checked.value.values,
    },
  }
}
