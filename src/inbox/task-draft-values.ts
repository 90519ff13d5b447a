// What a task form draft may hold (pure): an object of the form's own editable keys (unknown, disabled and
// read-only keys dropped), each a string, number, boolean, null or a list of those; nothing is validated (a draft
// may be partial or wrong), only lightly normalised so that the browser form shows it again: form posts' "on" /
// "true" become booleans for checkboxes, numeric text becomes a number for number fields, a single choice of a
// checklist becomes a list. The raw JSON is size-limited.
import { inputComponents, type FormSchema } from './form-schema.ts'

/** Largest draft accepted, in characters of its JSON (as sent, before unknown keys are dropped). */
export const MAX_DRAFT_JSON = 50_000

export type DraftValuesResult =
  | { ok: true; values: Record<string, unknown>; dropped: number }
  | { ok: false; reason: 'notObject' | 'tooLarge' }

type Scalar = string | number | boolean | null

const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))

function normalise(type: string, raw: unknown): unknown {
  switch (type) {
    case 'checkbox':
      if (typeof raw === 'boolean') return raw
      return raw === 'on' || raw === 'true'
    case 'number':
      if (raw === '' || raw === null) return null
      if (typeof raw === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(raw)) return Number(raw.trim().replace(',', '.'))
      return isScalar(raw) ? raw : undefined
    case 'checklist':
    case 'taglist': {
      const items = Array.isArray(raw) ? raw : raw === null || raw === '' ? [] : [raw]
      return items.every(isScalar) ? items : undefined
    }
    default:
      return isScalar(raw) ? raw : undefined
  }
}

export function draftValues(form: FormSchema, raw: unknown): DraftValuesResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'notObject' }
  if (JSON.stringify(raw).length > MAX_DRAFT_JSON) return { ok: false, reason: 'tooLarge' }
  const submitted = raw as Record<string, unknown>
  const editable = new Map(inputComponents(form).filter((c) => !c.disabled && !c.readonly).map((c) => [c.key, c.type]))
  const values: Record<string, unknown> = {}
  let dropped = 0
  for (const [key, value] of Object.entries(submitted)) {
    const type = editable.get(key)
    const normalised = type === undefined ? undefined : normalise(type, value)
    if (normalised === undefined) dropped += 1
    else values[key] = normalised
  }
  return { ok: true, values, dropped }
}
