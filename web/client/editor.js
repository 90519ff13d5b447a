// The procedure editor (bundled by scripts/build-client.mjs; no inline scripts: the page passes its data in
// data-* attributes of #procedure-editor). bpmn-js Modeler with the Zeebe properties panel and Camunda 8
// behaviours; buttons: save draft (PUT /api/procedures/:id/draft), check (POST /api/deployments/check, the dry
// run: problems listed next to the diagram and their elements marked), deploy with a comment
// (POST /api/deployments). window.welfareEditor exposes the modeler and the actions (browser tests use them).
import Modeler from 'bpmn-js/lib/Modeler'
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel'
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud'
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json'
import 'bpmn-js/dist/assets/diagram-js.css'
import 'bpmn-js/dist/assets/bpmn-js.css'
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css'
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css'
import './editor.css'
import { deploymentUpload, guarded, jsonApi, pageTexts, problemText, showDeployedVersion, statusLine, whenWideEnough } from './editor-common.js'
import { bpmnPl, bpmnTypesPl } from './i18n/bpmn-pl.js'
import { lintTranslator } from './i18n/lint-pl.js'
import { POPUP_TEXT_PLACES, PROPERTIES_PANEL_TEXTS, propertiesPanelPl } from './i18n/properties-panel-pl.js'
import { pageLocale, translateAddedPopups, translateRendered, withTranslation } from './i18n/translate.js'

const PROBLEM_MARKER = 'wf-problem'
const WARNING_MARKER = 'wf-warning'

async function start() {
  const root = document.getElementById('procedure-editor')
  if (!root) return
  const data = root.dataset
  const texts = JSON.parse(data.texts || '{}')
  const t = pageTexts(texts)
  const locale = pageLocale()
  // lint warnings in Polish on a Polish page; an English page shows the linters' own messages
  const lintMessage = locale === 'en' ? null : lintTranslator()
  const processId = data.processId
  const resourceName = data.resourceName
  const status = document.getElementById('editor-status')
  const problemList = document.getElementById('editor-problems')
  const problemCount = document.getElementById('editor-problem-count')
  const warningList = document.getElementById('editor-warnings')
  const warningCount = document.getElementById('editor-warning-count')
  const commentInput = document.getElementById('editor-comment')
  let dirty = false

  const modeler = new Modeler({
    container: '#editor-canvas',
    propertiesPanel: { parent: '#editor-properties' },
    // the editors' own words in the page's language (English keeps theirs): web/client/i18n/bpmn-pl.js
    additionalModules: withTranslation([BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeBehaviorsModule], bpmnPl, locale),
    moddleExtensions: { zeebe: zeebeModdle },
  })

  // the panel's frame writes some words without the translate service (see translateRendered)
  // (also in its FEEL pop-up editor, which it attaches to the page's body)
  if (locale !== 'en') {
    translateRendered(document.getElementById('editor-properties'), propertiesPanelPl, { texts: PROPERTIES_PANEL_TEXTS })
    translateAddedPopups(document.body, '.bio-properties-panel-popup', { ...propertiesPanelPl, ...bpmnTypesPl }, { texts: PROPERTIES_PANEL_TEXTS, within: POPUP_TEXT_PLACES })
  }

  const say = statusLine(status)

  async function currentXml() {
    const { xml } = await modeler.saveXML({ format: true })
    return xml
  }

  const api = jsonApi(data.csrf)
  const upload = (xml, comment) => deploymentUpload(resourceName, xml, comment)

  function clearProblems() {
    const canvas = modeler.get('canvas')
    for (const element of modeler.get('elementRegistry').getAll()) {
      canvas.removeMarker(element, PROBLEM_MARKER)
      canvas.removeMarker(element, WARNING_MARKER)
    }
    problemList.replaceChildren()
    warningList.replaceChildren()
    problemCount.textContent = ''
    warningCount.textContent = ''
  }

  function listItems(list, items, marker, className) {
    const canvas = modeler.get('canvas')
    const registry = modeler.get('elementRegistry')
    for (const entry of items) {
      const element = entry.elementId ? registry.get(entry.elementId) : null
      if (element) canvas.addMarker(element, marker)
      const item = document.createElement('li')
      item.className = className
      item.dataset.rule = entry.rule
      if (entry.elementId) item.dataset.elementId = entry.elementId
      const label = document.createElement(element ? 'button' : 'span')
      if (element) {
        label.type = 'button'
        label.className = 'link-button'
        label.addEventListener('click', () => {
          modeler.get('selection').select(element)
          canvas.scrollToElement(element)
        })
      }
      const name = element ? element.businessObject.name || element.id : entry.elementId || entry.resource
      const message = problemText(texts, entry, lintMessage)
      label.textContent = name ? `${name}: ${message}` : message
      item.append(label)
      list.append(item)
    }
  }

  function showProblems(problems, warnings = []) {
    clearProblems()
    problemCount.textContent = problems.length ? t('problemCount', { count: problems.length }) : t('noProblems')
    warningCount.textContent = t('problemCount', { count: warnings.length })
    listItems(warningList, warnings, WARNING_MARKER, 'editor-warning')
    listItems(problemList, problems, PROBLEM_MARKER, 'editor-problem')
  }

  async function saveDraft() {
    say(t('saving'))
    const res = await api('PUT', `/api/procedures/${encodeURIComponent(processId)}/draft`, { xml: await currentXml() })
    if (res.status === 200) {
      dirty = false
      say(t('draftSaved'), 'ok')
    } else say(res.body?.error?.message || t('failed'), 'error')
    return res
  }

  async function check() {
    say(t('checking'))
    const res = await api('POST', '/api/deployments/check', upload(await currentXml()))
    if (res.status !== 200) {
      say(res.body?.error?.message || t('failed'), 'error')
      return res
    }
    showProblems(res.body.problems, res.body.warnings || [])
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
    say(t('deploying'))
    const res = await api('POST', '/api/deployments', upload(await currentXml(), comment))
    if (res.status === 201) {
      showProblems([], res.body.warnings || [])
      const deployed = res.body.processes.find((p) => p.processId === processId) || res.body.processes[0]
      dirty = false
      commentInput.value = ''
      say(deployed && !deployed.duplicate ? t('deployed', { version: deployed.version }) : t('unchanged'), 'ok')
      if (deployed && !deployed.duplicate) showDeployedVersion(t, deployed.version)
      const link = document.getElementById('editor-versions-link')
      if (link) link.hidden = false
    } else if (res.status === 400 && res.body?.error?.problems) {
      showProblems(res.body.error.problems)
      say(t('deployRejected', { count: res.body.error.problems.length }), 'error')
    } else say(res.body?.error?.message || t('failed'), 'error')
    return res
  }

  const guard = guarded(say, t)
  document.getElementById('editor-save').addEventListener('click', guard(saveDraft))
  document.getElementById('editor-check').addEventListener('click', guard(check))
  document.getElementById('editor-deploy').addEventListener('click', guard(deploy))
  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault()
  })

  const { warnings } = await modeler.importXML(data.xml)
  if (warnings.length) console.warn('import warnings', warnings.length)
  // fitting into a box of no size fails in bpmn-js ("Failed to execute 'scale' on 'SVGMatrix'")
  const box = document.getElementById('editor-canvas')
  if (box.clientWidth > 0 && box.clientHeight > 0) modeler.get('canvas').zoom('fit-viewport')
  modeler.on('commandStack.changed', () => {
    dirty = true
  })
  root.dataset.ready = 'true'
  window.welfareEditor = { modeler, saveDraft, check, deploy, currentXml }
}

whenWideEnough(start).catch((err) => {
  const status = document.getElementById('editor-status')
  if (status) {
    status.textContent = 'Error: ' + (err && err.message ? err.message : String(err))
    status.dataset.kind = 'error'
  }
  console.error(err)
})
