// What a start form's fields mean to the registration, told by form-js custom properties (text key-value pairs a
// manager sets in the form editor, "Custom properties"):
// - `pesel` = "true": the value is a PESEL number (checksum and birth date checked; born no later than the receipt);
// - `casePerson` = "pesel" | "firstName" | "lastName": the field names the person the case is about (the case's
//   person: searches, the case list, "other cases of this person");
// - `processVariable` = "true": the value is also a process variable the procedure can decide on.
// The rule on process variables: only a yes/no (checkbox), a number, a date or time, or a choice from a fixed list
// (select, radio) may be one, and never a field marked as a PESEL or as the case's person. Free text (names,
// addresses, descriptions) never leaves the application's database. The deployment refuses a form that breaks the
// rule (engine/embedded/form-schema.ts) and registration applies it again. Pure.
import type { FormComponent } from '../inbox/form-schema.ts'

export const CASE_PERSON_PARTS = ['pesel', 'firstName', 'lastName'] as const
export type CasePersonPart = (typeof CASE_PERSON_PARTS)[number]

/** Field types whose values may become process variables (no free text). */
export const PROCESS_VARIABLE_TYPES = new Set(['checkbox', 'number', 'datetime', 'select', 'radio'])

const flag = (c: FormComponent, name: string): boolean => c.properties?.[name] === 'true'

export const isPeselField = (c: FormComponent): boolean => flag(c, 'pesel') || c.properties?.casePerson === 'pesel'

export function casePersonPart(c: FormComponent): CasePersonPart | null {
  const part = c.properties?.casePerson
  return (CASE_PERSON_PARTS as readonly string[]).includes(part ?? '') ? (part as CasePersonPart) : null
}

export const marksProcessVariable = (c: FormComponent): boolean => flag(c, 'processVariable')

/** Why a field may not be a process variable; null when it may (or is not marked as one). */
export function processVariableProblem(c: FormComponent): string | null {
  if (!marksProcessVariable(c)) return null
  if (isPeselField(c) || casePersonPart(c) !== null) return 'A PESEL or the case person\'s name may not be a process variable'
  if (!PROCESS_VARIABLE_TYPES.has(c.type)) return `Only a checkbox, a number, a date or a choice may be a process variable, not a ${c.type}`
  return null
}

/** The problem with a `casePerson` property's value; null when it has none or a good one. */
export function casePersonProblem(c: FormComponent): string | null {
  const part = c.properties?.casePerson
  if (part === undefined) return null
  if (casePersonPart(c) === null) return `casePerson must be one of ${CASE_PERSON_PARTS.join(', ')}`
  if (c.type !== 'textfield') return 'casePerson belongs on a text field'
  return null
}
