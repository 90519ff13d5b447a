// Zeebe attribute values ("literal" or "=FEEL") and what they become on Operaton: literal text, a null-safe JUEL
// reference to a variable, or a FEEL script computed into a local variable first (see translate-bpmn.ts).

export type ZeebeValue =
  | { kind: 'literal'; text: string }
  | { kind: 'reference'; name: string }
  | { kind: 'feel'; expression: string }

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
const FEEL_WORDS = new Set(['true', 'false', 'null', 'not', 'if', 'then', 'else', 'for', 'some', 'every', 'in', 'and', 'or', 'function'])

/** Classifies a Zeebe attribute value: "=name" is a plain variable reference, "=…" other FEEL, anything else literal. */
export function zeebeValue(raw: string): ZeebeValue {
  const trimmed = raw.trimStart()
  if (!trimmed.startsWith('=')) return { kind: 'literal', text: raw }
  const expression = trimmed.slice(1).trim()
  if (IDENTIFIER.test(expression) && !FEEL_WORDS.has(expression)) return { kind: 'reference', name: expression }
  return { kind: 'feel', expression }
}

/** True when Operaton would read the text as an expression (JUEL `${…}` / `#{…}`) instead of a literal. */
export function looksLikeJuel(text: string): boolean {
  return /[$#]\{/.test(text)
}

/** JUEL that reads a variable and yields null when it is not set (`${x}` would fail with "Cannot resolve identifier"). */
export function nullSafeJuel(name: string): string {
  return `\${execution.getVariable("${name}")}`
}

/** JUEL that reads a variable and fails when it is not set (timers: Zeebe raises an incident as well). */
export function strictJuel(name: string): string {
  return `\${${name}}`
}

/** A FEEL string literal for a static text. */
export function feelString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`
}

/** FEEL giving a list or comma-separated text of names, never null (Operaton refuses a null candidate list). */
export function feelCandidates(expression: string): string {
  return `{v: (${expression}), r: if v = null then [] else v}.r`
}

/**
 * FEEL giving a date text Operaton's date parser accepts, or null. FEEL date-times with a zone id (`now()` gives
 * "…@Etc/UTC") are rewritten with their offset; texts pass through; dates become "yyyy-mm-dd".
 */
export function feelDateText(expression: string): string {
  return (
    `{v: (${expression}), r: if v = null then null ` +
    `else if v instance of date and time and v.time offset != null then string(date and time(date(v), time(v.hour, v.minute, v.second, v.time offset))) ` +
    `else string(v)}.r`
  )
}

/** FEEL giving a task priority between 0 and 100, or null (Operaton's default 50), as the embedded engine clamps it. */
export function feelPriority(expression: string): string {
  return `{v: (${expression}), r: if v instance of number then min(max(floor(v), 0), 100) else null}.r`
}
