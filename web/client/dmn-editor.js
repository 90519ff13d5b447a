// The decision table editor (bundled by scripts/build-client.mjs; no inline scripts: the page passes its data in
// data-* attributes of #decision-editor). dmn-js Modeler opened on the decision table view of one decision;
// buttons: check (POST /api/deployments/check, the dry run: problems listed and their cells marked) and deploy
// with a comment (POST /api/deployments: a new version of the decision). window.welfareDmnEditor exposes the
// modeler and the actions (browser tests use them).
import DmnModeler from 'dmn-js/lib/Modeler'
import 'dmn-js/dist/assets/diagram-js.css'
import 'dmn-js/dist/assets/dmn-js-shared.css'
import 'dmn-js/dist/assets/dmn-js-drd.css'
import 'dmn-js/dist/assets/dmn-js-decision-table.css'
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css'
import 'dmn-js/dist/assets/dmn-js-literal-expression.css'
import 'dmn-js/dist/assets/dmn-font/css/dmn.css'
import './dmn-editor.css'
import { deploymentUpload, guarded, jsonApi, pageTexts, problemText, showDeployedVersion, statusLine, whenWideEnough } from './editor-common.js'
import { dmnPl, dmnRenderedPl } from './i18n/dmn-pl.js'
import { translateModule, translateRendered } from './i18n/translate.js'

const PROBLEM_MARKER = 'wf-problem'


async function start() {
  const root = document.getElementById('decision-editor')
  if (!root) return
  const data = root.dataset
  const texts = JSON.parse(data.texts || '{}')
  const t = pageTexts(texts)
  const decisionId = data.decisionId
  const resourceName = data.resourceName
  const status = document.getElementById('editor-status')
  const problemList = document.getElementById('editor-problems')
  const problemCount = document.getElementById('editor-problem-count')
  const commentInput = document.getElementById('editor-comment')
  const canvas = document.getElementById('dmn-canvas')
  let dirty = false

  // dmn-js's words in the page's language (English keeps its own): each view gets the translate module (dmn-js 17
  // replaces the additionalModules of `common` with the view's own, so they are given per view)
  const translate = translateModule(dmnPl)
  const views = ['drd', 'decisionTable', 'literalExpression', 'boxedExpression']
  const modeler = new DmnModeler({ container: canvas, ...(translate ? Object.fromEntries(views.map((view) => [view, { additionalModules: [translate] }])) : {}) })
  if (translate) translateRendered(canvas, dmnRenderedPl)

  const say = statusLine(status)

  async function currentXml() {
    const { xml } = await modeler.saveXML({ format: true })
    return xml
  }

  const post = jsonApi(data.csrf)
  const api = (url, body) => post('POST', url, body)
  const upload = (xml, comment) => deploymentUpload(resourceName, xml, comment)

  function showProblems(problems) {
    for (const el of canvas.querySelectorAll(`.${PROBLEM_MARKER}`)) el.classList.remove(PROBLEM_MARKER)
    problemList.replaceChildren()
    problemCount.textContent = problems.length ? t('problemCount', { count: problems.length }) : t('noProblems')
    for (const entry of problems) {
      const cell = entry.elementId ? canvas.querySelector(`[data-element-id="${CSS.escape(entry.elementId)}"]`) : null
      if (cell) cell.classList.add(PROBLEM_MARKER)
      const item = document.createElement('li')
      item.className = 'editor-problem'
      item.dataset.rule = entry.rule
      if (entry.elementId) item.dataset.elementId = entry.elementId
      const message = problemText(texts, entry)
      item.textContent = entry.elementId ? `${entry.elementId}: ${message}` : message
      problemList.append(item)
    }
  }

  async function check() {
    say(t('checking'))
    const res = await api('/api/deployments/check', upload(await currentXml()))
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
    say(t('deploying'))
    const res = await api('/api/deployments', upload(await currentXml(), comment))
    if (res.status === 201) {
      showProblems([])
      const decisions = res.body.decisions || []
      const deployed = decisions.find((d) => d.decisionId === decisionId) || decisions[0]
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
  document.getElementById('editor-check').addEventListener('click', guard(check))
  document.getElementById('editor-deploy').addEventListener('click', guard(deploy))
  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault()
  })

  await modeler.importXML(data.xml)
  const view = modeler.getViews().find((v) => v.type === 'decisionTable' && v.element.id === decisionId)
  if (!view) {
    say(t('viewMissing', { id: decisionId }), 'error')
    return
  }
  await modeler.open(view)
  modeler.on('views.changed', () => {
    dirty = true
  })
  modeler.getActiveViewer().on('elements.changed', () => {
    dirty = true
  })
  root.dataset.ready = 'true'
  window.welfareDmnEditor = { modeler, check, deploy, currentXml }
}

whenWideEnough(start).catch((err) => {
  const status = document.getElementById('editor-status')
  if (status) {
    status.textContent = 'Error: ' + (err && err.message ? err.message : String(err))
    status.dataset.kind = 'error'
  }
  console.error(err)
})
