// The task form with form-js (bundled by scripts/build-client.mjs into /static/build/task-form.js + .css). The page
// renders the form as plain HTML fields (the no-JavaScript form) and, in a <script type="application/json"
// id="task-form-data"> block, the task's schema, data (task variables with the person's draft over them), server
// errors, read-only flag and the texts. This script mounts form-js's Form with them, removes the plain fields (what
// was typed into them meanwhile goes into form-js, fallback-values.js) and takes over the page form's two buttons:
// - "Zakończ zadanie" posts the values as JSON to POST /api/tasks/:id/complete (X-CSRF-Token). form-js's own
//   validation marks fields as they are typed (messages translated with the page's texts); the server validates
//   every submission against the same schema and is the authority: its field messages (key → text) are shown at
//   the form-js fields, and nothing typed is lost.
// - "Zapisz szkic" puts the values (the form's keys only) to PUT /api/tasks/:id/draft; every autosaveMs the draft
//   is saved again when the values changed. A saved draft clears the error alert of an earlier completion attempt
//   (the page's or this script's): the field messages stay, and the status says the draft is saved and, while a
//   field still shows an error, that those fields need correcting before the task can be completed.
// No inline script or style: the CSP stays 'self' (preact sets styles through the CSSOM).
import { Form } from '@bpmn-io/form-js-viewer'
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css'
import './task-form.css'
import { fallbackValues } from './fallback-values.js'
import { translateFixedWords } from './fixed-words.js'
import { keepServerFieldErrors } from './server-field-errors.js'

function translator(texts) {
  return (template, replacements = {}) =>
    (texts[template] ?? template).replace(/{([^}]+)}/g, (whole, key) => (key in replacements ? String(replacements[key]) : whole))
}

function timeText(date) {
  return date.toLocaleTimeString('pl-PL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Warsaw' })
}

async function start() {
  const dataEl = document.getElementById('task-form-data')
  const container = document.getElementById('task-form-js')
  const pageForm = document.getElementById('task-form-fallback')
  if (!dataEl || !container || !pageForm) return
  const config = JSON.parse(dataEl.textContent)
  const texts = config.texts
  const status = document.getElementById('task-form-status')
  const csrfToken = pageForm.querySelector('input[name="_csrf"]')?.value ?? ''
  const taskUrl = `/api/tasks/${encodeURIComponent(config.taskId)}`

  // No input debounce: form-js keeps a typed value in the field for 300 ms before it reaches the form's state, and
  // any other field's update in that window re-renders the field with the old state, throwing the typing away (a
  // number field reports its value once, 300 ms after it is shown, so typing right after the page loads was lost).
  const form = new Form({
    debounce: false,
    properties: { readOnly: config.readOnly },
    additionalModules: [{ translate: ['value', translator(texts.formJs ?? {})] }],
  })
  await form.importSchema(config.schema, config.data)

  const fields = form.get('formFieldRegistry').getAll().filter((f) => typeof f.key === 'string' && f.key !== '')
  const keys = [...new Set(fields.map((f) => f.key))]
  const loadedValues = JSON.stringify(pick(form._getState().data, keys)) // before anything typed is carried over

  // only now: the plain fields go, form-js takes their place (a failure above leaves the plain form working);
  // whatever was typed into them while this script loaded is carried over, and the cursor with it
  const plainFields = pageForm.querySelector('.wf-fallback-fields')
  const typed = plainFields ? fallbackValues(plainFields, fields) : { data: {}, focusedKey: null }
  if (Object.keys(typed.data).length > 0) form._setState({ data: { ...form._getState().data, ...typed.data } })
  form.attachTo(container)
  translateFixedWords(container, (word) => texts.formJs?.[word] ?? word)
  container.hidden = false
  plainFields?.remove()
  pageForm.classList.add('wf-enhanced')
  const focusField = fields.find((f) => f.key === typed.focusedKey)
  if (focusField) container.querySelector(`[id$="-${CSS.escape(focusField.id)}"]`)?.focus()

  let alertEl = document.getElementById('task-error-summary') // the page's own, after a completion it refused
  function showAlert(text) {
    if (!alertEl) {
      alertEl = document.createElement('p')
      alertEl.className = 'alert'
      alertEl.setAttribute('role', 'alert')
      container.before(alertEl)
    }
    alertEl.textContent = text
    alertEl.hidden = !text
  }
  const say = (text) => {
    if (status) status.textContent = text
  }

  // The server's field messages at their form-js fields, kept until their values change (server-field-errors.js).
  const serverErrors = keepServerFieldErrors(form, fields)
  /** Server field messages (key → text) at the form-js fields; keys the form does not show go to the alert. */
  const showServerErrors = (byKey) => serverErrors.show(byKey)

  /** Whether a field shows an error message (the server's or form-js's own). */
  const fieldErrorsShown = () => Object.values(form._getState().errors ?? {}).some((e) => Array.isArray(e) && e.length > 0)

  /** The values of the form's own keys (what a draft holds). */
  const values = () => pick(form._getState().data, keys)

  async function send(method, url, body) {
    const res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
      body: JSON.stringify(body),
    })
    const answer = await res.json().catch(() => ({}))
    return { ok: res.ok, status: res.status, answer }
  }

  let lastSaved = loadedValues // autosave only what changed since the page was loaded or saved
  let saving = null
  async function saveDraft({ quiet = false } = {}) {
    if (!config.canSaveDraft) return false
    const snapshot = values()
    const json = JSON.stringify(snapshot)
    if (!quiet) say(texts.draftSaving)
    try {
      const { ok, answer } = await send('PUT', `${taskUrl}/draft`, { values: snapshot })
      if (!ok) {
        say(answer.error?.message ?? texts.draftFailed)
        return false
      }
      lastSaved = json
      if (alertEl && !alertEl.hidden) showAlert('') // the alert was about the last completion attempt, not this save
      const template = fieldErrorsShown() ? (texts.draftSavedWithErrors ?? texts.draftSavedAt) : texts.draftSavedAt
      say(template.replace('{time}', timeText(new Date(answer.savedAt))))
      return true
    } catch {
      say(texts.draftFailed)
      return false
    }
  }
  function saveDraftOnce(options) {
    saving ??= saveDraft(options).finally(() => {
      saving = null
    })
    return saving
  }

  let completing = false
  async function complete() {
    if (completing) return false
    completing = true
    const done = await completeOnce()
    if (!done) completing = false // after success the page is leaving: no autosave any more
    return done
  }

  async function completeOnce() {
    let data
    try {
      data = form.submit().data // form-js marks what it can; the server decides
    } catch {
      return false // read-only
    }
    const variables = pick(data, keys)
    say(texts.submitting)
    try {
      const { ok, status: code, answer } = await send('POST', `${taskUrl}/complete`, { variables })
      if (ok) {
        window.location.assign('/inbox?notice=completed')
        return true
      }
      const unplaced = code === 422 ? showServerErrors(answer.error?.fields) : []
      const message = code === 422 && answer.error?.code === 'VALIDATION_FAILED' ? texts.errorSummary : (answer.error?.message ?? texts.submitFailed)
      showAlert([message, ...unplaced].join(' '))
      say('')
      return false
    } catch {
      showAlert(texts.submitFailed)
      say('')
      return false
    }
  }

  pageForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const action = event.submitter?.dataset.action
    if (action === 'draft') saveDraftOnce()
    else complete()
  })

  if (Object.keys(config.errors ?? {}).length > 0) showServerErrors(config.errors)

  /** Saves the draft when the values changed since the page was loaded or last saved (every autosaveMs). */
  function autosave() {
    if (completing || JSON.stringify(values()) === lastSaved) return Promise.resolve(false)
    return saveDraftOnce({ quiet: true })
  }
  if (config.canSaveDraft && config.autosaveMs > 0) setInterval(autosave, config.autosaveMs)

  container.dataset.ready = 'true'
  // for tests and the console: the form-js instance and the page's actions; serverErrors() the server's messages shown
  window.welfareTaskForm = { form, values, saveDraft: saveDraftOnce, autosave, complete, showServerErrors, serverErrors: serverErrors.current }
}

/** The given keys of data (undefined as null, so that JSON keeps them). */
function pick(data, keys) {
  return Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k] === undefined ? null : data[k]]))
}

start().catch((err) => {
  const container = document.getElementById('task-form-js')
  if (container) container.dataset.ready = 'error'
  const status = document.getElementById('task-form-status')
  try {
    const texts = JSON.parse(document.getElementById('task-form-data')?.textContent ?? '{}').texts
    if (status && texts?.loadFailed) status.textContent = texts.loadFailed
  } catch {
    // the plain form stays
  }
  console.error(err)
})
