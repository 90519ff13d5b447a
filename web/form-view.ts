// Turns a form-js schema into plain field descriptions the task.hbs template renders as accessible HTML
// fields (label for=, aria-describedby for errors and descriptions). Values come from what was submitted,
// else from the task variables.
import { flattenComponents, INPUT_TYPES, type FormComponent, type FormSchema } from '../src/inbox/form-schema.ts'

export interface FieldOption {
  label: string
  value: string
  selected: boolean
  id: string
}

export interface FieldView {
  kind: 'text' | 'textarea' | 'number' | 'select' | 'radio' | 'checkbox' | 'checklist' | 'date' | 'time' | 'datetime' | 'paragraph'
  id: string
  name: string
  label: string
  description: string | null
  /** For text components: the text as headings and paragraphs (form-js text is Markdown; we keep only those two). */
  blocks: { heading: boolean; text: string }[]
  value: string
  checked: boolean
  required: boolean
  disabled: boolean
  min: number | null
  max: number | null
  minLength: number | null
  maxLength: number | null
  options: FieldOption[]
  error: string | null
  describedBy: string | null
}

function fieldId(key: string, index: number): string {
  return `f${index}-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`
}

function kindOf(c: FormComponent): FieldView['kind'] | null {
  switch (c.type) {
    case 'textfield': return 'text'
    case 'textarea': return 'textarea'
    case 'number': return 'number'
    case 'select': return 'select'
    case 'radio': return 'radio'
    case 'checkbox': return 'checkbox'
    case 'checklist':
    case 'taglist': return 'checklist'
    case 'datetime': return c.subtype === 'time' ? 'time' : c.subtype === 'datetime' ? 'datetime' : 'date'
    case 'text': return 'paragraph'
    default: return null
  }
}

const asText = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v))

export function formFields(
  form: FormSchema,
  values: Record<string, unknown>,
  errors: Record<string, string>,
  options: { readOnly: boolean },
): FieldView[] {
  const fields: FieldView[] = []
  flattenComponents(form.components).forEach((c, index) => {
    const kind = kindOf(c)
    if (!kind) return
    if (kind !== 'paragraph' && !(INPUT_TYPES.has(c.type) && c.key)) return
    const key = c.key ?? ''
    const id = fieldId(key || 'text', index)
    const raw = values[key]
    const selected = new Set((Array.isArray(raw) ? raw : [raw]).map(asText))
    const error = errors[key] ?? null
    const description = c.description ?? null
    fields.push({
      kind,
      id,
      name: key,
      label: c.label ?? key,
      description: kind === 'paragraph' ? (c.text ?? '') : description,
      blocks: kind === 'paragraph' ? textBlocks(c.text ?? '') : [],
      value: asText(raw),
      checked: raw === true || raw === 'on' || raw === 'true',
      required: Boolean(c.validate?.required),
      disabled: options.readOnly || Boolean(c.disabled) || Boolean(c.readonly),
      min: typeof c.validate?.min === 'number' ? c.validate.min : null,
      max: typeof c.validate?.max === 'number' ? c.validate.max : null,
      minLength: typeof c.validate?.minLength === 'number' ? c.validate.minLength : null,
      maxLength: typeof c.validate?.maxLength === 'number' ? c.validate.maxLength : null,
      options: (c.values ?? []).map((o, i) => ({
        label: o.label,
        value: String(o.value),
        selected: selected.has(String(o.value)),
        id: `${id}-o${i}`,
      })),
      error,
      describedBy: [error ? `${id}-error` : null, description ? `${id}-desc` : null].filter(Boolean).join(' ') || null,
    })
  })
  return fields
}

/** Markdown headings ("## …") become headings, every other non-empty line a paragraph; nothing else is interpreted. */
export function textBlocks(text: string): { heading: boolean; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^#{1,6}\s+(.*)$/.exec(line)
      return m ? { heading: true, text: m[1] } : { heading: false, text: line }
    })
}
