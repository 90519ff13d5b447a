// Server-side validation of a task form submission against its form-js schema: required, number type,
// min/max, decimalDigits (2 on every amount in złoty: "155.004" is refused, never rounded), minLength/maxLength,
// pattern, e-mail, select/radio/checklist values, dates (and their bounds, the custom properties notBefore /
// notAfter, e.g. "today" for a date that records something done, or "=receivedAt" for a date that may not be
// before another date of the process or of the same form, named by notBeforeLabel). Browser checks are
// a convenience; this is the rule. Only the form's own editable keys are passed on to the process (other
// submitted keys are dropped, so a form cannot overwrite variables it does not show); disabled, read-only
// and hidden (conditional.hide) fields are dropped too.
import { evaluate } from 'feelin'
import { parseIsoDate, toIsoDate, type IsoDate } from '../../domain/local-date.ts'
import { boundVariable, checkDateBounds, DATE_BOUND_LABELS, DATE_BOUND_PROPERTIES } from '../../domain/date-bounds.ts'
import { decimalPlaces } from '../../domain/decimal-places.ts'
import type { FieldIssue, FieldIssues } from '../cases/service-error.ts'
import { inputComponents, type FormComponent, type FormSchema } from './form-schema.ts'

export type FormResult =
  | { ok: true; variables: Record<string, unknown> }
  | { ok: false; fields: FieldIssues }

const MAX_TEXT = 10_000
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)

/** True when the field's hide condition (conditional.hide, FEEL) holds for these values. */
export function isHidden(component: FormComponent, context: Record<string, unknown>): boolean {
  const hide = component.conditional?.hide
  if (typeof hide !== 'string' || hide.trim() === '') return false
  try {
    return evaluate(hide.trim().replace(/^=/, ''), context).value === true
  } catch {
    return false
  }
}

function checkText(c: FormComponent, raw: unknown): { value?: string; issue?: FieldIssue } {
  if (typeof raw !== 'string' && typeof raw !== 'number') return { issue: { code: 'invalidType' } }
  const value = String(raw)
  const v = c.validate ?? {}
  if (value.length > MAX_TEXT) return { issue: { code: 'maxLength', params: { max: MAX_TEXT } } }
  if (typeof v.minLength === 'number' && value.length < v.minLength) return { issue: { code: 'minLength', params: { min: v.minLength } } }
  if (typeof v.maxLength === 'number' && value.length > v.maxLength) return { issue: { code: 'maxLength', params: { max: v.maxLength } } }
  if (typeof v.pattern === 'string' && v.pattern !== '') {
    let re: RegExp | null = null
    try {
      re = new RegExp(v.pattern)
    } catch {
      re = null
    }
    if (re && !re.test(value)) return { issue: { code: 'pattern' } }
  }
  if (v.validationType === 'email' && !EMAIL.test(value)) return { issue: { code: 'email' } }
  return { value }
}

function checkNumber(c: FormComponent, raw: unknown): { value?: number; issue?: FieldIssue } {
  let value: number
  if (typeof raw === 'number') value = raw
  else if (typeof raw === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(raw)) value = Number(raw.trim().replace(',', '.'))
  else return { issue: { code: 'notNumber' } }
  if (!Number.isFinite(value)) return { issue: { code: 'notNumber' } }
  if (typeof c.decimalDigits === 'number' && Number.isInteger(c.decimalDigits) && c.decimalDigits >= 0) {
    const places = decimalPlaces(typeof raw === 'string' ? raw.trim() : raw)
    if (places === null || places > c.decimalDigits) {
      return { issue: c.decimalDigits === 0 ? { code: 'wholeNumber' } : c.decimalDigits === 2 ? { code: 'tooManyDecimals' } : { code: 'maxDecimals', params: { max: c.decimalDigits } } }
    }
  }
  const v = c.validate ?? {}
  if (typeof v.min === 'number' && value < v.min) return { issue: { code: 'min', params: { min: v.min } } }
  if (typeof v.max === 'number' && value > v.max) return { issue: { code: 'max', params: { max: v.max } } }
  return { value }
}

function checkChoice(c: FormComponent, raw: unknown): { value?: unknown; issue?: FieldIssue } {
  if (!Array.isArray(c.values) || c.values.length === 0) return { value: raw } // dynamic values: not checkable here
  const match = c.values.find((option) => String(option.value) === String(raw))
  return match ? { value: match.value } : { issue: { code: 'notAllowed' } }
}

/** The calendar date a date or date-time value falls on (Warsaw); null for a time or a bad value. */
function calendarDate(subtype: string, raw: string): IsoDate | null {
  if (subtype === 'date') return parseIsoDate(raw)
  if (subtype === 'datetime') return Number.isNaN(Date.parse(raw)) ? null : toIsoDate(new Date(raw))
  return null
}

function checkDate(c: FormComponent, raw: unknown, today: IsoDate | undefined): { value?: string; issue?: FieldIssue } {
  if (typeof raw !== 'string') return { issue: { code: 'invalidDate' } }
  const subtype = c.subtype ?? 'date'
  const ok =
    subtype === 'date' ? parseIsoDate(raw) !== null
      : subtype === 'time' ? /^([01]\d|2[0-3]):[0-5]\d$/.test(raw)
        : !Number.isNaN(Date.parse(raw))
  if (!ok) return { issue: { code: 'invalidDate' } }
  const date = calendarDate(subtype, raw)
  const bounds = c.properties
  if (date && bounds && typeof bounds === 'object') {
    const issue = checkDateBounds(date, { notBefore: bounds.notBefore, notAfter: bounds.notAfter }, today)
    if (issue) return { issue }
  }
  return { value: raw }
}

function checkCheckbox(raw: unknown): { value?: boolean; issue?: FieldIssue } {
  if (typeof raw === 'boolean') return { value: raw }
  if (raw === undefined || raw === null || raw === '' || raw === 'false') return { value: false }
  if (raw === 'on' || raw === 'true') return { value: true }
  return { issue: { code: 'invalidType' } }
}

function checkValue(c: FormComponent, raw: unknown, today: IsoDate | undefined): { value?: unknown; issue?: FieldIssue } {
  switch (c.type) {
    case 'number': return checkNumber(c, raw)
    case 'select':
    case 'radio': return checkChoice(c, raw)
    case 'checklist':
    case 'taglist': {
      const items = Array.isArray(raw) ? raw : [raw]
      const values: unknown[] = []
      for (const item of items) {
        const checked = checkChoice(c, item)
        if (checked.issue) return checked
        values.push(checked.value)
      }
      return { value: values }
    }
    case 'datetime': return checkDate(c, raw, today)
    default: return checkText(c, raw)
  }
}

/** Options of a check: `today` (the Warsaw date of the submission) resolves relative date bounds ("today");
 *  without it only fixed bounds (YYYY-MM-DD) are checked. */
export interface FormValidationOptions {
  today?: IsoDate
}

export function validateFormSubmission(
  form: FormSchema,
  submitted: Record<string, unknown>,
  taskVariables: Record<string, unknown> = {},
  options: FormValidationOptions = {},
): FormResult {
  const fields: FieldIssues = {}
  const variables: Record<string, unknown> = {}
  const context = { ...taskVariables, ...submitted }

  for (const c of inputComponents(form)) {
    if (c.disabled || c.readonly || isHidden(c, context)) continue
    const raw = submitted[c.key]
    if (c.type === 'checkbox') {
      const checked = checkCheckbox(raw)
      if (checked.issue) fields[c.key] = checked.issue
      else if (c.validate?.required && checked.value !== true) fields[c.key] = { code: 'required' }
      else variables[c.key] = checked.value
      continue
    }
    if (isEmpty(raw)) {
      if (c.validate?.required) fields[c.key] = { code: 'required' }
      continue
    }
    const checked = checkValue(c, raw, options.today)
    if (checked.issue) fields[c.key] = checked.issue
    else variables[c.key] = checked.value
  }
  checkVariableDateBounds(form, { ...taskVariables, ...variables }, variables, fields)
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, variables }
}

/** A label as the object of a sentence: "Data wpływu" → "data wpływu" (an acronym such as "ZUS" stays). */
const asObject = (label: string): string => (/^\p{Lu}\p{Ll}/u.test(label) ? label[0].toLowerCase() + label.slice(1) : label)

/**
 * Date bounds that name another date ("=receivedAt", "=formAForwardedOn"), checked once every field is: against
 * the process variables and the accepted values of this submission. The message names that date by the bound's
 * label property, else by the label of the form field that holds it.
 */
function checkVariableDateBounds(form: FormSchema, values: Record<string, unknown>, accepted: Record<string, unknown>, fields: FieldIssues): void {
  const components = inputComponents(form)
  const labelOf = (key: string): string | null => {
    const label = components.find((c) => c.key === key)?.label
    return typeof label === 'string' && label.trim() !== '' ? asObject(label.trim()) : null
  }
  for (const c of components) {
    if (c.type !== 'datetime' || fields[c.key] || !(c.key in accepted) || typeof accepted[c.key] !== 'string') continue
    const properties = c.properties
    if (!properties || typeof properties !== 'object') continue
    const labels: { notBefore?: string | null; notAfter?: string | null } = {}
    let variableBounds = false
    for (const name of DATE_BOUND_PROPERTIES) {
      const variable = boundVariable(properties[name])
      if (variable === null) continue
      variableBounds = true
      const label = properties[DATE_BOUND_LABELS[name]]
      labels[name] = typeof label === 'string' && label.trim() !== '' ? label.trim() : labelOf(variable)
    }
    if (!variableBounds) continue
    const date = calendarDate(c.subtype ?? 'date', accepted[c.key] as string)
    if (!date) continue
    const onlyVariables = Object.fromEntries(DATE_BOUND_PROPERTIES.filter((n) => boundVariable(properties[n]) !== null).map((n) => [n, properties[n]]))
    const issue = checkDateBounds(date, onlyVariables, undefined, { values, labels })
    if (issue) fields[c.key] = issue
  }
}
