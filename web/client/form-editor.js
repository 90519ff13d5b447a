// The form editor (bundled by scripts/build-client.mjs as formEditor; no inline scripts: the page passes its data
// in data-* attributes of #form-editor). @bpmn-io/form-js-editor with its palette and properties panel; buttons:
// save draft (PUT /api/forms/:id/draft), check (POST /api/deployments/check with the .form file: problems listed
// next to the form, each selecting its component), deploy with a comment (POST /api/deployments).
// window.welfareFormEditor exposes the editor and the actions (browser tests use them).
import { FormEditor } from '@bpmn-io/form-js-editor'
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css'
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css'
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css'
import './form-editor.css'
import { deploymentUpload, guarded, jsonApi, pageTexts, problemText, showDeployedVersion, statusLine, whenWideEnough } from './editor-common.js'
import { FORM_EDITOR_TEXT_PLACES, formEditorPl } from './i18n/form-pl.js'
import { POPUP_TEXT_PLACES, PROPERTIES_PANEL_TEXTS, propertiesPanelPl } from './i18n/properties-panel-pl.js'
import { pageLocale, translateAddedPopups, translateRendered, withTranslation } from './i18n/translate.js'

/** Types used anywhere in the schema (groups included). */
function typesIn(components, out = new Set()) {
  for (const c of components || []) {
    if (c && typeof c.type === 'string') out.add(c.type)
    if (c && Array.isArray(c.components)) typesIn(c.components, out)
  }
  return out
}

/** An editor module that keeps in the palette only the component types the task page can show (the server's
 * list, data-supported-types), plus any type the opened form already uses (so it still imports). */
function restrictPalette(allowed) {
  function RestrictPalette(formFields) {
    for (const type of Object.keys(formFields._formFields)) {
      if (type !== 'default' && !allowed.has(type)) delete formFields._formFields[type]
    }
  }
  RestrictPalette.$inject = ['formFields']
  return { __init__: ['restrictPalette'], restrictPalette: ['type', RestrictPalette] }
}


async function start() {
  const root = document.getElementById('form-editor')
  if (!root) return
  const data = root.dataset
  const texts = JSON.parse(data.texts || '{}')
  const t = pageTexts(texts)
  const formId = data.formId
  const resourceName = `${formId}.form`
  const status = document.getElementById('form-editor-status')
  const problemList = document.getElementById('form-editor-problems')
  const problemCount = document.getElementById('form-editor-problem-count')
  const commentInput = document.getElementById('form-editor-comment')
  let dirty = false
  let latestVersion = Number(data.latestVersion || 0)

  const schema = JSON.parse(data.schema)
  // form-js imports the root as a component of type "default" (Camunda Modeler always writes it)
  if (!schema.type) schema.type = 'default'
  const allowed = new Set([...(data.supportedTypes || '').split(',').filter(Boolean), ...typesIn(schema.components)])
  const container = document.getElementById('form-editor-canvas')
  const locale = pageLocale()
  // form-js-editor's words in the page's language (English keeps its own): the few it passes through translate()
  // by the translate module, the rest (palette, panel labels) put in place as rendered (translateRendered)
  const words = { ...propertiesPanelPl, ...formEditorPl }
  if (locale !== 'en') {
    translateRendered(container, words, { texts: PROPERTIES_PANEL_TEXTS, within: FORM_EDITOR_TEXT_PLACES })
    translateAddedPopups(document.body, '.bio-properties-panel-popup', words, { texts: PROPERTIES_PANEL_TEXTS, within: POPUP_TEXT_PLACES })
  }
  const editor = new FormEditor({
    container,
    additionalModules: withTranslation(allowed.size ? [restrictPalette(allowed)] : [], words, locale),
  })

  const say = statusLine(status)

  /** The form as JSON text; the id stays the one this page edits (user tasks link it by that id). */
  function currentSchema() {
    const schema = editor.saveSchema()
    return JSON.stringify(schema, null, 2)
  }

  const api = jsonApi(data.csrf)
  const upload = (text, comment) => deploymentUpload(resourceName, text, comment)

  /** The component a problem names: by id, else by key. */
  function fieldOf(elementId) {
    if (!elementId) return null
    const registry = editor.get('formFieldRegistry')
    return registry.get(elementId) || registry.getAll().find((f) => f.key === elementId) || null
  }

  function showProblems(problems) {
    problemList.replaceChildren()
    problemCount.textContent = problems.length ? t('problemCount', { count: problems.length }) : t('noProblems')
    for (const entry of problems) {
      const field = fieldOf(entry.elementId)
      const item = document.createElement('li')
      item.className = 'editor-problem'
      item.dataset.rule = entry.rule
      if (entry.elementId) item.dataset.elementId = entry.elementId
      const label = document.createElement(field ? 'button' : 'span')
      if (field) {
        label.type = 'button'
        label.className = 'link-button'
        label.addEventListener('click', () => editor.get('selection').set(field))
      }
      const name = field ? field.label || field.key || field.id : entry.elementId
      const message = problemText(texts, entry)
      label.textContent = name ? `${name}: ${message}` : message
      item.append(label)
      problemList.append(item)
    }
  }

  async function saveDraft() {
    say(t('saving'))
    const res = await api('PUT', `/api/forms/${encodeURIComponent(formId)}/draft`, { schema: currentSchema() })
    if (res.status === 200) {
      dirty = false
      say(t('draftSaved'), 'ok')
    } else say(res.body?.error?.message || t('failed'), 'error')
    return res
  }

  function idProblem() {
    return editor.saveSchema().id === formId ? null : t('idChanged', { id: formId })
  }

  async function check() {
    const wrongId = idProblem()
    if (wrongId) {
      say(wrongId, 'error')
      return { status: 0, body: null }
    }
    say(t('checking'))
    const res = await api('POST', '/api/deployments/check', upload(currentSchema()))
    if (res.status !== 200) {
      say(res.body?.error?.message || t('failed'), 'error')
      return res
    }
    showProblems(res.body.problems)
    say(res.body.ok ? t('checkOk') : t('checkFailed', { count: res.body.problems.length }), res.body.ok ? 'ok' : 'error')
    return res
  }

  async function deploy() {
    const comment = commentInput.value.trim()
    if (!comment) {
      say(t('commentRequired'), 'error')
      commentInput.focus()
      return { status: 0, body: null }
    }
    const wrongId = idProblem()
    if (wrongId) {
      say(wrongId, 'error')
      return { status: 0, body: null }
    }
    say(t('deploying'))
    const res = await api('POST', '/api/deployments', upload(currentSchema(), comment))
    if (res.status === 201) {
      showProblems([])
      const deployed = res.body.forms.find((f) => f.formId === formId)
      dirty = false
      commentInput.value = ''
      const isNew = deployed && deployed.version > latestVersion
      if (isNew) latestVersion = deployed.version
      say(isNew ? t('deployed', { version: deployed.version }) : t('unchanged'), 'ok')
      if (isNew) showDeployedVersion(t, deployed.version)
      const link = document.getElementById('form-editor-versions-link')
      if (link) link.hidden = false
    } else if (res.status === 400 && res.body?.error?.problems) {
      showProblems(res.body.error.problems)
      say(t('deployRejected', { count: res.body.error.problems.length }), 'error')
    } else say(res.body?.error?.message || t('failed'), 'error')
    return res
  }

  const guard = guarded(say, t)
  document.getElementById('form-editor-save').addEventListener('click', guard(saveDraft))
  document.getElementById('form-editor-check').addEventListener('click', guard(check))
  document.getElementById('form-editor-deploy').addEventListener('click', guard(deploy))
  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault()
  })

  await editor.importSchema(schema)
  editor.on('changed', () => {
    dirty = true
  })
  root.dataset.ready = 'true'
  window.welfareFormEditor = { editor, saveDraft, check, deploy, currentSchema }
}

whenWideEnough(start).catch((err) => {
  const status = document.getElementById('form-editor-status')
  if (status) {
    status.textContent = 'Error: ' + (err && err.message ? err.message : String(err))
    status.dataset.kind = 'error'
  }
  console.error(err)
})
