// Checks a Camunda Form (form-js JSON) before it is deployed: valid JSON, a form id, a components array, and
// components the task page can render and the server can validate (src/inbox/form-schema.ts): supported types,
// keys on inputs (valid variable names, each used once, groups included), unique component ids, validation rules
// that make sense (min <= max, minLength <= maxLength, a pattern that compiles and has no nested unbounded
// repetition), choices with static values, hide conditions that parse as FEEL, text components without anything
// form-js would take for an HTML tag (it renders their Markdown as HTML and drops unknown tags with what follows
// them, e.g. "/cases/<id sprawy>/decision"; the plain task page shows the text as typed). Pure: used by the deployment
// checks (the editor's check, POST /api/deployments) and by the engine's own deploy (the processes folder). The
// registration properties of start forms (casePerson, processVariable: src/cases/start-form-fields.ts) are checked too.
import {
  CHOICE_TYPES,
  CONTAINER_TYPES,
  INPUT_TYPES,
  SUPPORTED_TYPES,
  type FormComponent,
} from '../../src/inbox/form-schema.ts'
import type { DeploymentProblem } from '../port.ts'
import { feelSyntaxError } from './feel.ts'
import { casePersonProblem, processVariableProblem } from '../../src/cases/start-form-fields.ts'
import { boundVariable, DATE_BOUND_LABELS, DATE_BOUND_PROPERTIES, isDateBound, isRelativeDateBound, resolveDateBound } from '../../domain/date-bounds.ts'

export interface CheckedForm {
  formId: string | null
  schema: unknown
  problems: DeploymentProblem[]
}

/** Form ids appear in URLs (/procedures/forms/:formId): the same conservative subset as process ids. */
export const FORM_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/
const MAX_PATTERN_LENGTH = 500
const VALIDATION_TYPES = new Set(['', 'custom', 'email'])
const DATETIME_SUBTYPES = new Set(['date', 'time', 'datetime'])

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function validateFormSchema(resource: string, content: string): CheckedForm {
  const problems: DeploymentProblem[] = []
  let schema: any
  try {
    schema = JSON.parse(content)
  } catch (err) {
    problems.push({ resource, elementId: null, rule: 'form', message: `The form is not valid JSON: ${(err as Error).message}` })
    return { formId: null, schema: null, problems }
  }
  if (!isObject(schema) || typeof schema.id !== 'string' || !schema.id) {
    problems.push({ resource, elementId: null, rule: 'form', message: 'The form needs a string "id" (the formId user tasks link to)' })
  } else if (!FORM_ID_PATTERN.test(schema.id)) {
    problems.push({ resource, elementId: null, rule: 'form', message: 'Form ids may use letters, digits, "_", "-" and "." only (at most 100)' })
  }
  if (!Array.isArray(schema?.components)) {
    problems.push({ resource, elementId: null, rule: 'form', message: 'The form needs a "components" array' })
  } else {
    checkComponents(resource, schema.components, problems, { keys: new Set(), ids: new Set() })
  }
  return { formId: isObject(schema) && typeof schema.id === 'string' && schema.id ? schema.id : null, schema, problems }
}

interface Seen {
  keys: Set<string>
  ids: Set<string>
}

function checkComponents(resource: string, components: unknown[], problems: DeploymentProblem[], seen: Seen): void {
  for (const raw of components) {
    if (!isObject(raw) || typeof raw.type !== 'string' || raw.type === '') {
      problems.push({ resource, elementId: isObject(raw) && typeof raw.id === 'string' ? raw.id : null, rule: 'form-component', message: 'Every form component needs a "type"' })
      continue
    }
    const c = raw as unknown as FormComponent & Record<string, unknown>
    const elementId = typeof c.id === 'string' && c.id ? c.id : typeof c.key === 'string' && c.key ? c.key : null
    const problem = (rule: string, message: string) => problems.push({ resource, elementId, rule, message })

    if (typeof c.id === 'string' && c.id) {
      if (seen.ids.has(c.id)) problem('form-key', `Component id "${c.id}" is used twice`)
      seen.ids.add(c.id)
    }
    if (!SUPPORTED_TYPES.has(c.type)) {
      problem('form-component', `Components of type "${c.type}" cannot be shown on the task page; use one of: ${[...SUPPORTED_TYPES].join(', ')}`)
      continue
    }
    if (c.type === 'text' && typeof c.text === 'string') {
      const markup = swallowedMarkup(c.text)
      if (markup !== null) {
        problem('form-text', `The text contains "${markup}", which the task form would take for an HTML tag and hide (with the text after it): write it without angle brackets`)
      }
    }
    if (INPUT_TYPES.has(c.type)) checkKey(c, seen, problem)
    else if (c.key !== undefined && c.key !== null && c.key !== '') checkKey(c, seen, problem)
    checkValidation(c, problem)
    if (CHOICE_TYPES.has(c.type)) checkValues(c, problem)
    if (c.type === 'datetime' && c.subtype !== undefined && !DATETIME_SUBTYPES.has(String(c.subtype))) {
      problem('form-component', `Date/time subtype "${String(c.subtype)}" is not supported (date, time or datetime)`)
    }
    checkDateBoundProperties(c, problem)
    checkDecimalDigits(c, problem)
    if (isObject(c.properties)) {
      const registration = processVariableProblem(c) ?? casePersonProblem(c)
      if (registration) problem('form-personal-data', registration)
    }
    const hide = c.conditional?.hide
    if (typeof hide === 'string' && hide.trim() !== '') {
      const expression = hide.trim().startsWith('=') ? hide.trim() : `=${hide.trim()}`
      const error = feelSyntaxError(expression)
      if (error) problem('form-component', `The hide condition is not a valid FEEL expression: ${error}`)
    }
    if (CONTAINER_TYPES.has(c.type)) {
      if (typeof c.path === 'string' && c.path !== '') {
        problem('form-component', 'Groups with a data path (nested values) are not supported: leave the path empty')
      }
      if (c.components !== undefined && !Array.isArray(c.components)) problem('form-component', 'A group needs a "components" array')
      else if (Array.isArray(c.components)) checkComponents(resource, c.components, problems, seen)
    }
  }
}

/** Markdown autolinks (<https://…>, <name@example.org>): shown as links, not swallowed. */
const AUTOLINK = /^<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)>/

/**
 * The first piece of a form-js text (Markdown) that its renderer would read as raw HTML — a tag (<b>, </p>,
 * <id sprawy>), a comment, a declaration or a processing instruction — and so not show as typed; null when there
 * is none. Code spans (`<b>`) and autolinks are shown as written and pass; "<" before a space or a digit is text.
 */
export function swallowedMarkup(text: string): string | null {
  const outsideCode = text.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length))
  const re = /<[A-Za-z/!?]/g
  for (let m = re.exec(outsideCode); m !== null; m = re.exec(outsideCode)) {
    const rest = outsideCode.slice(m.index)
    if (AUTOLINK.test(rest)) continue
    const end = rest.indexOf('>')
    const line = rest.split(/\r?\n/, 1)[0]
    // a tag needs its ">" (without one "<b" is text); a comment or declaration hides the text up to its end or to the end
    if (end >= 0 && end < line.length) return rest.slice(0, Math.min(end + 1, 60))
    if (end >= 0 || /^<[!?]/.test(rest)) return line.slice(0, 40)
  }
  return null
}

/** The date bounds of a date field (custom properties notBefore / notAfter) are bounds the server understands. */
function checkDateBoundProperties(c: FormComponent, problem: (rule: string, message: string) => void): void {
  const properties: unknown = c.properties
  if (!isObject(properties)) return
  const specs = DATE_BOUND_PROPERTIES.filter((name) => properties[name] !== undefined && properties[name] !== '')
  if (specs.length === 0) return
  if (c.type !== 'datetime' || c.subtype === 'time') {
    problem('form-validation', `${specs.map((n) => `"${n}"`).join(' and ')} apply to date fields only`)
    return
  }
  for (const name of specs) {
    if (!isDateBound(properties[name])) {
      problem('form-validation', `"${name}" must be "yesterday", "today", "tomorrow", a date YYYY-MM-DD or "=variable" (another date of the process or of this form) (got ${JSON.stringify(properties[name])})`)
    }
    const label = properties[DATE_BOUND_LABELS[name]]
    if (label !== undefined && (typeof label !== 'string' || label.length > 200)) {
      problem('form-validation', `"${DATE_BOUND_LABELS[name]}" must be a text of at most 200 characters`)
    }
  }
  const { notBefore, notAfter } = properties
  const fixedOrRelative = (spec: unknown) => isDateBound(spec) && boundVariable(spec) === null
  if (fixedOrRelative(notBefore) && fixedOrRelative(notAfter) && isRelativeDateBound(notBefore as string) === isRelativeDateBound(notAfter as string)) {
    const day = '2000-01-01' // any day: both bounds move with it (or neither does)
    if (resolveDateBound(notBefore, day)! > resolveDateBound(notAfter, day)!) {
      problem('form-validation', `No date can be entered: "notBefore" (${notBefore}) is after "notAfter" (${notAfter})`)
    }
  }
}

/** decimalDigits (form-js number fields; the server refuses more digits): a whole number 0–10, on number fields. */
function checkDecimalDigits(c: FormComponent, problem: (rule: string, message: string) => void): void {
  const digits: unknown = (c as { decimalDigits?: unknown }).decimalDigits
  if (digits === undefined || digits === null) return
  if (c.type !== 'number') problem('form-validation', '"decimalDigits" applies to number fields only')
  else if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 0 || digits > 10) {
    problem('form-validation', `"decimalDigits" must be a whole number from 0 to 10 (got ${JSON.stringify(digits)})`)
  }
}

function checkKey(c: FormComponent, seen: Seen, problem: (rule: string, message: string) => void): void {
  if (c.key === undefined || c.key === null || c.key === '') {
    problem('form-key', `A ${c.type} field needs a key (the process variable it fills)`)
  } else if (typeof c.key !== 'string' || !KEY_PATTERN.test(c.key)) {
    problem('form-key', `Component key "${String(c.key)}" is not a valid variable name`)
  } else if (seen.keys.has(c.key)) {
    problem('form-key', `Component key "${c.key}" is used twice`)
  } else seen.keys.add(c.key)
}

const asNumber = (v: unknown): number | null | undefined =>
  v === undefined || v === null || v === '' ? undefined : typeof v === 'number' && Number.isFinite(v) ? v : null

function checkValidation(c: FormComponent, problem: (rule: string, message: string) => void): void {
  const v = (c as { validate?: unknown }).validate
  if (v === undefined || v === null) return
  if (!isObject(v)) {
    problem('form-validation', '"validate" must be an object')
    return
  }
  const num = (name: string): number | undefined => {
    const n = asNumber(v[name])
    if (n === null) problem('form-validation', `"${name}" must be a number`)
    return n ?? undefined
  }
  const min = num('min')
  const max = num('max')
  const minLength = num('minLength')
  const maxLength = num('maxLength')
  if (min !== undefined && max !== undefined && min > max) problem('form-validation', `The minimum (${min}) is greater than the maximum (${max})`)
  for (const [name, n] of [['minLength', minLength], ['maxLength', maxLength]] as const) {
    if (n !== undefined && (n < 0 || !Number.isInteger(n))) problem('form-validation', `"${name}" must be a whole number, 0 or more`)
  }
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    problem('form-validation', `The minimum length (${minLength}) is greater than the maximum length (${maxLength})`)
  }
  if (maxLength === 0 && v.required === true) problem('form-validation', 'A required field cannot have a maximum length of 0')
  const type = v.validationType
  if (type !== undefined && type !== null && !VALIDATION_TYPES.has(String(type))) {
    problem('form-validation', `Validation type "${String(type)}" is not checked on the server (use a pattern instead)`)
  }
  const pattern = v.pattern
  if (pattern !== undefined && pattern !== null && pattern !== '') {
    if (typeof pattern !== 'string') problem('form-validation', 'The pattern must be text')
    else if (pattern.length > MAX_PATTERN_LENGTH) problem('form-validation', `The pattern is longer than ${MAX_PATTERN_LENGTH} characters`)
    else {
      let compiles = true
      try {
        new RegExp(pattern)
      } catch (err) {
        compiles = false
        problem('form-validation', `The pattern is not a valid regular expression: ${(err as Error).message}`)
      }
      if (compiles && hasNestedRepetition(pattern)) {
        problem('form-validation', 'The pattern repeats a group that itself repeats without a fixed separator (like (a+)+): checking it can take very long')
      }
    }
  }
}

function checkValues(c: FormComponent, problem: (rule: string, message: string) => void): void {
  if ((typeof c.valuesKey === 'string' && c.valuesKey) || (typeof c.valuesExpression === 'string' && c.valuesExpression)) {
    problem('form-values', 'Options from a variable or an expression are not supported: list the values in the form')
    return
  }
  if (!Array.isArray(c.values) || c.values.length === 0) {
    problem('form-values', `A ${c.type} field needs at least one value to choose from`)
    return
  }
  const seen = new Set<string>()
  for (const option of c.values as unknown[]) {
    const value = isObject(option) ? option.value : undefined
    if (!isObject(option) || typeof option.label !== 'string' || option.label.trim() === '' || !['string', 'number', 'boolean'].includes(typeof value) || value === '') {
      problem('form-values', 'Every option needs a label and a value')
      continue
    }
    if (seen.has(String(value))) problem('form-values', `The value "${String(value)}" is listed twice`)
    seen.add(String(value))
  }
}

interface GroupScan {
  /** Contains an element repeated without an upper bound (*, +, {n,}). */
  repeats: boolean
  /** Contains an element that must occur exactly once per match of the group (a fixed separator). */
  fixed: boolean
}

/** The length and kind of the quantifier at `i` (0 when there is none). */
function quantifierAt(p: string, i: number): { length: number; unbounded: boolean; optional: boolean } {
  const lazy = (n: number) => (p[i + n] === '?' || p[i + n] === '+' ? n + 1 : n)
  if (p[i] === '*') return { length: lazy(1), unbounded: true, optional: true }
  if (p[i] === '+') return { length: lazy(1), unbounded: true, optional: false }
  if (p[i] === '?') return { length: lazy(1), unbounded: false, optional: true }
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i))
  if (m) {
    const unbounded = m[2] !== undefined && m[3] === ''
    return { length: lazy(m[0].length), unbounded: unbounded || (m[3] !== undefined && Number(m[3]) > 100), optional: Number(m[1]) === 0 }
  }
  return { length: 0, unbounded: false, optional: false }
}

/** A simple check for catastrophic backtracking: a group repeated without bound whose contents also repeat
 * without bound and have no element that must occur once per repetition ((a+)+, (\w+\s?)*, ((ab)*)+). Patterns
 * like ^[a-z]+(\.[a-z]+)*$ (a fixed "." per repetition) pass. Not a proof either way. */
export function hasNestedRepetition(pattern: string): boolean {
  const stack: GroupScan[] = [{ repeats: false, fixed: false }]
  let i = 0
  const atom = (scan: GroupScan, start: number): void => {
    const q = quantifierAt(pattern, start)
    const top = stack[stack.length - 1]
    if (q.length === 0) {
      top.repeats ||= scan.repeats
      top.fixed ||= scan.fixed
    } else {
      top.repeats ||= q.unbounded || scan.repeats
    }
    i = start + q.length
  }
  while (i < pattern.length) {
    const ch = pattern[i]
    if (ch === '\\') {
      atom({ repeats: false, fixed: true }, i + 2)
    } else if (ch === '[') {
      let j = i + 1
      if (pattern[j] === '^') j++
      if (pattern[j] === ']') j++
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1
      atom({ repeats: false, fixed: true }, j + 1)
    } else if (ch === '(') {
      stack.push({ repeats: false, fixed: false })
      i++
      if (pattern[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        const m = /^\?(<[A-Za-z_][A-Za-z0-9_]*>|<=|<!|[:=!])/.exec(pattern.slice(i))
        i += m ? m[0].length : 1
      }
    } else if (ch === ')') {
      const inner = stack.length > 1 ? stack.pop()! : { repeats: false, fixed: false }
      const q = quantifierAt(pattern, i + 1)
      if (q.unbounded && inner.repeats && !inner.fixed) return true
      atom(inner, i + 1)
    } else if (ch === '|' || ch === '^' || ch === '$') {
      i++
    } else {
      atom({ repeats: false, fixed: true }, i + 1)
    }
  }
  return false
}
