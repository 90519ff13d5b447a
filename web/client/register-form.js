// The registration page's start form with form-js (bundled by scripts/build-client.mjs into
// /static/build/register-form.js; the styles are the task form's). The page renders the procedure's start form as
// plain HTML fields named "form.<key>" (the form without JavaScript) and, in <script type="application/json"
// id="register-form-data">, the schema, the values typed, the server's field messages by key and form-js's
// texts. This script mounts form-js with them, carries over what was typed into the plain fields meanwhile,
// removes them and, when the page form is sent, writes form-js's values into hidden "form.<key>" fields: the
// page's POST and the server's validation (the authority; its messages come back on the page) stay as they are.
// No inline script or style: the CSP stays 'self'.
import { Form } from '@bpmn-io/form-js-viewer'
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css'
import './task-form.css'
import { fallbackValues } from './fallback-values.js'
import { translateFixedWords } from './fixed-words.js'
import { keepServerFieldErrors } from './server-field-errors.js'

const PREFIX = 'form.'

function translator(texts) {
  return (template, replacements = {}) =>
    (texts[template] ?? template).replace(/{([^}]+)}/g, (whole, key) => (key in replacements ? String(replacements[key]) : whole))
}

/** Hidden inputs carrying one value as the plain form would post it (a list: one input per item; false / empty: none). */
function hiddenInputs(name, value) {
  const items = Array.isArray(value) ? value : [value]
  return items
    .filter((v) => v !== undefined && v !== null && v !== '' && v !== false)
    .map((v) => {
      const input = document.createElement('input')
      input.type = 'hidden'
      input.name = name
      input.value = v === true ? 'true' : String(v)
      return input
    })
}

async function start() {
  const dataEl = document.getElementById('register-form-data')
  const container = document.getElementById('register-form-js')
  const plainFields = document.getElementById('register-start-fields')
  const pageForm = document.getElementById('register-form')
  if (!dataEl || !container || !plainFields || !pageForm) return
  const config = JSON.parse(dataEl.textContent)

  const form = new Form({ debounce: false, additionalModules: [{ translate: ['value', translator(config.texts?.formJs ?? {})] }] })
  await form.importSchema(config.schema, config.data)
  const fields = form.get('formFieldRegistry').getAll().filter((f) => typeof f.key === 'string' && f.key !== '')
  const keys = [...new Set(fields.map((f) => f.key))]

  // what was typed into the plain fields while this script loaded (their names carry the prefix)
  const typed = fallbackValues(plainFields, fields.map((f) => ({ ...f, key: `${PREFIX}${f.key}` })))
  const carried = Object.fromEntries(Object.entries(typed.data).map(([name, v]) => [name.slice(PREFIX.length), v]))
  if (Object.keys(carried).length > 0) form._setState({ data: { ...form._getState().data, ...carried } })
  form.attachTo(container)
  translateFixedWords(container, (word) => config.texts?.formJs?.[word] ?? word)
  container.hidden = false
  plainFields.remove()

  // the server's messages at their fields, kept until their values change, as on the task page
  keepServerFieldErrors(form, fields).show(config.errors)

  pageForm.addEventListener('submit', () => {
    pageForm.querySelectorAll('input[data-form-js]').forEach((el) => el.remove())
    const data = form._getState().data
    for (const key of keys) {
      for (const input of hiddenInputs(`${PREFIX}${key}`, data[key])) {
        input.dataset.formJs = ''
        pageForm.append(input)
      }
    }
  })
}

start().catch((err) => {
  // the plain fields stay: the page works without form-js
  console.error('register-form: form-js could not be started', err)
})
