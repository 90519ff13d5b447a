// What the input guard refuses, as pure checks of already parsed input: control characters (C0, DEL; NUL among
// them, which PostgreSQL refuses in text) and JSON nested more than MAX_JSON_DEPTH levels of objects/arrays.
// Tab, line feed and carriage return are text in body values (a textarea, an XML file); never in an address,
// a query parameter, a key or a field name. Each problem names its field: the query parameter, the route
// parameter (or `path`), the form field, or the JSON path ("applicant.firstName", "household[1].pesel").

export const MAX_JSON_DEPTH = 32
/** At most this many problems are reported for one request (the first found). */
export const MAX_REPORTED = 20

export type InputProblemCode = 'controlCharacter' | 'tooDeep'

export interface InputProblem {
  field: string
  code: InputProblemCode
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_TEXT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** True when `text` holds a control character; `multiline` allows tab, line feed and carriage return. */
export function hasControlCharacter(text: string, multiline = false): boolean {
  return (multiline ? CONTROL_EXCEPT_TEXT_WHITESPACE : CONTROL).test(text)
}

/** A name safe to show and to use as a key: control characters written as \uXXXX. */
export function printableName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`
  return `${parent}[${JSON.stringify(key)}]` // JSON.stringify writes control characters as \uXXXX
}

/**
 * The problems of a parsed JSON value (a request body, or the `root` field of one). Walks without recursion, so
 * no input can exhaust the stack; stops descending at MAX_JSON_DEPTH + 1 levels.
 */
export function jsonProblems(value: unknown, root = ''): InputProblem[] {
  const problems: InputProblem[] = []
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }]
  while (stack.length > 0 && problems.length < MAX_REPORTED) {
    const { value: v, path, depth } = stack.pop()!
    const name = path === '' ? 'body' : path
    if (typeof v === 'string') {
      if (hasControlCharacter(v, true)) problems.push({ field: name, code: 'controlCharacter' })
      continue
    }
    if (typeof v !== 'object' || v === null) continue
    if (depth + 1 > MAX_JSON_DEPTH) {
      problems.push({ field: name, code: 'tooDeep' })
      continue
    }
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((item, i) => [i, item]) : Object.entries(v)
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]
      const itemPath = childPath(path, key)
      if (typeof key === 'string' && hasControlCharacter(key)) problems.push({ field: itemPath, code: 'controlCharacter' })
      stack.push({ value: item, path: itemPath, depth: depth + 1 })
    }
  }
  return problems.slice(0, MAX_REPORTED)
}

/** The problems of flat name → value(s) pairs: a url-encoded form or multipart text fields (`multiline` values)
 *  or a query string (single-line values). */
export function fieldProblems(fields: Record<string, unknown>, options: { multiline: boolean }): InputProblem[] {
  const problems: InputProblem[] = []
  for (const [name, raw] of Object.entries(fields)) {
    const values = Array.isArray(raw) ? raw : [raw]
    const bad = hasControlCharacter(name) || values.some((v) => typeof v === 'string' && hasControlCharacter(v, options.multiline))
    if (bad) problems.push({ field: printableName(name), code: 'controlCharacter' })
    if (problems.length >= MAX_REPORTED) break
  }
  return problems
}

/** The decoded segments of a URL path that hold a control character (a malformed escape is left to the router). */
export function badPathSegments(path: string): string[] {
  const bad: string[] = []
  for (const segment of path.split('/')) {
    let decoded: string
    try {
      decoded = decodeURIComponent(segment)
    } catch {
      continue
    }
    if (hasControlCharacter(decoded)) bad.push(decoded)
  }
  return bad
}

/** Thrown by a route that reads its own body when the body breaks these rules (answered with the problems). */
export class UnsafeInput extends Error {
  constructor(readonly problems: InputProblem[]) {
    super('The input holds a control character or is nested too deeply.')
    this.name = 'UnsafeInput'
  }
}
