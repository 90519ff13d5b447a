// Validation of a registration's start-form values (the `form` object of POST /api/cases) against the procedure's
// start form: every rule of a task form (src/inbox/form-validation.ts), PESEL numbers on fields marked as such, and
// then what the registration takes from the values (start-form-fields.ts): the case's person and the process
// variables. Issues are keyed "form.<field key>". Pure.
import { compareDates, type IsoDate } from '../../domain/local-date.ts'
import { validatePesel } from '../../domain/pesel.ts'
import { warsawInstant } from '../../domain/warsaw-time.ts'
import { isHidden, validateFormSubmission } from '../inbox/form-validation.ts'
import { inputComponents, type FormSchema } from '../inbox/form-schema.ts'
import type { FieldIssues } from './service-error.ts'
import { casePersonPart, isPeselField, marksProcessVariable, processVariableProblem } from './start-form-fields.ts'

export interface CasePerson {
  pesel: string
  firstName: string
  lastName: string
}

export interface StartFormValues {
  /** The form's editable values as validated (stored on the case). */
  values: Record<string, unknown>
  /** The person the case is about (fields marked casePerson); null when the form names nobody. */
  person: CasePerson | null
  /** Values of fields marked processVariable that keep the rule: the only ones the procedure sees. */
  variables: Record<string, unknown>
}

export type StartFormResult = { ok: true; value: StartFormValues } | { ok: false; fields: FieldIssues }

export interface StartFormContext {
  today: IsoDate
  /** The receipt date when valid (the latest birth date of a PESEL, and "=receivedAt" date bounds). */
  receivedAt: IsoDate | null
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A date and time typed without an offset ("2026-03-06T15:00", the plain page's field) is Warsaw time: stored
 * and passed on as an instant, so that a procedure counting hours from it does not depend on the server's zone. */
function withInstants(form: FormSchema, values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values }
  for (const c of inputComponents(form)) {
    const v = out[c.key]
    if (c.type !== 'datetime' || c.subtype !== 'datetime' || typeof v !== 'string') continue
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(v)
    if (m) out[c.key] = warsawInstant(m[1], `${m[2]}${m[3] ?? ':00'}`).toISOString()
  }
  return out
}

export function validateStartForm(form: FormSchema, raw: unknown, context: StartFormContext): StartFormResult {
  if (!isObject(raw)) return { ok: false, fields: { form: { code: raw === undefined || raw === null ? 'required' : 'invalidType' } } }
  const fields: FieldIssues = {}
  const processValues = context.receivedAt ? { receivedAt: context.receivedAt } : {}
  const checked = validateFormSubmission(form, raw, processValues, { today: context.today })
  if (!checked.ok) for (const [key, issue] of Object.entries(checked.fields)) fields[`form.${key}`] = issue
  const values = checked.ok ? withInstants(form, checked.variables) : {}

  const bornBy = context.receivedAt ?? context.today
  const person: CasePerson = { pesel: '', firstName: '', lastName: '' }
  let named = false
  const variables: Record<string, unknown> = {}
  const shown = { ...processValues, ...raw }
  for (const c of inputComponents(form)) {
    if (c.disabled || c.readonly || isHidden(c, shown)) continue // not taken, as in validateFormSubmission
    const value = checked.ok ? values[c.key] : raw[c.key]
    if (isPeselField(c) && typeof value === 'string' && value.trim() !== '' && !fields[`form.${c.key}`]) {
      const pesel = validatePesel(value.trim())
      if (!pesel.valid) fields[`form.${c.key}`] = { code: 'invalidPesel' }
      else if (compareDates(pesel.birthDate, bornBy) > 0) fields[`form.${c.key}`] = { code: context.receivedAt ? 'peselBornAfterReceipt' : 'peselBornInFuture' }
    }
    const part = casePersonPart(c)
    if (part && typeof value === 'string' && value.trim() !== '') {
      person[part] = value.trim()
      named = true
    }
    if (marksProcessVariable(c) && processVariableProblem(c) === null && c.key in values) variables[c.key] = values[c.key]
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields }
  return { ok: true, value: { values, person: named ? person : null, variables } }
}
