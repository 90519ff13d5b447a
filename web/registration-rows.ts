// The case page's "Dane z rejestracji": the start-form values the case was registered with, labelled by the form
// version they were entered in, in the form's order. Yes/no for checkboxes, option labels for choices, dates as
// dates; every value is text the template escapes.
import { inputComponents, type FormSchema } from '../src/inbox/form-schema.ts'
import type { Messages } from './i18n/pl.ts'
import { formatDate, formatDateTime } from './format.ts'

export interface RegistrationRow {
  label: string
  value: string
}

function optionLabel(schema: FormSchema, key: string, value: unknown): string {
  const c = inputComponents(schema).find((x) => x.key === key)
  return c?.values?.find((o) => String(o.value) === String(value))?.label ?? String(value)
}

export function registrationRows(t: Messages, schema: FormSchema, values: Record<string, unknown>): RegistrationRow[] {
  const rows: RegistrationRow[] = []
  for (const c of inputComponents(schema)) {
    if (!(c.key in values)) continue
    const raw = values[c.key]
    let value: string
    if (c.type === 'checkbox') value = raw === true ? t.common.yes : t.common.no
    else if (raw === null || raw === undefined || raw === '') value = t.common.none
    else if (Array.isArray(raw)) value = raw.map((v) => optionLabel(schema, c.key, v)).join(', ')
    else if (c.type === 'select' || c.type === 'radio') value = optionLabel(schema, c.key, raw)
    else if (c.type === 'datetime' && c.subtype !== 'time') value = c.subtype === 'datetime' ? formatDateTime(String(raw)) : formatDate(String(raw))
    else value = String(raw)
    rows.push({ label: c.label ?? c.key, value })
  }
  return rows
}
