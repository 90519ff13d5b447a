// The registration page's start-form fields: the procedure's start form rendered as plain accessible fields
// (form-view.ts, the task page's renderer) under names "form.<key>", the page's fields back to the `form` object
// POST /api/cases takes, the service's error keys ("form.<key>") back to the fields, and what the page hands
// form-js (client/register-form.js): the schema, the values typed (as form-js holds them) and the errors by key.
import type { FormSchema } from '../src/inbox/form-schema.ts'
import { formFields, type FieldView } from './form-view.ts'
import { draftValues } from '../src/inbox/task-draft-values.ts'

const PREFIX = 'form.'

type Form = Record<string, unknown>

/** The `form` object of the registration body: every page field named "form.<key>". */
export function startFormValues(form: Form): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(form)) {
    if (name.startsWith(PREFIX) && name.length > PREFIX.length) out[name.slice(PREFIX.length)] = typeof value === 'string' ? value.trim() : value
  }
  return out
}

/** The start form's fields with the values typed and the errors of the last submit (keys "form.<key>"). */
export function startFormFields(schema: FormSchema, form: Form, errors: Record<string, string>): FieldView[] {
  const fieldErrors: Record<string, string> = {}
  for (const [key, message] of Object.entries(errors)) if (key.startsWith(PREFIX)) fieldErrors[key.slice(PREFIX.length)] = message
  return formFields(schema, startFormValues(form), fieldErrors, { readOnly: false }).map((f) => ({
    ...f,
    id: `r-${f.id}`,
    name: f.name ? `${PREFIX}${f.name}` : f.name,
    options: f.options.map((o) => ({ ...o, id: `r-${o.id}` })),
    describedBy: f.describedBy ? f.describedBy.split(' ').map((d) => `r-${d}`).join(' ') : null,
  }))
}

/** What client/register-form.js mounts form-js with. */
export function startFormClientData(schema: FormSchema, form: Form, errors: Record<string, string>, formJsTexts: Record<string, string>) {
  const typed = draftValues(schema, startFormValues(form))
  const byKey: Record<string, string> = {}
  for (const [key, message] of Object.entries(errors)) if (key.startsWith(PREFIX)) byKey[key.slice(PREFIX.length)] = message
  return { schema, data: typed.ok ? typed.values : {}, errors: byKey, texts: { formJs: formJsTexts } }
}
