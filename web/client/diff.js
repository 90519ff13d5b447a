// The visual diff of two procedure versions (bundled by scripts/build-client.mjs): two read-only viewers side by
// side, the elements marked as the server's diff (bpmn-js-differ) says. Data comes in data-* attributes.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer'
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json'
import 'bpmn-js/dist/assets/diagram-js.css'
import 'bpmn-js/dist/assets/bpmn-js.css'
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css'
import './diff.css'

async function show(container, xml, markers) {
  const viewer = new NavigatedViewer({ container, moddleExtensions: { zeebe: zeebeModdle } })
  await viewer.importXML(xml)
  const canvas = viewer.get('canvas')
  const registry = viewer.get('elementRegistry')
  for (const [ids, marker] of markers) {
    for (const id of ids) if (registry.get(id)) canvas.addMarker(id, marker)
  }
  canvas.zoom('fit-viewport')
  return viewer
}

async function start() {
  const root = document.getElementById('procedure-diff')
  if (!root) return
  const changes = JSON.parse(root.dataset.changes || '{}')
  const oldViewer = await show('#diff-old', root.dataset.oldXml, [[changes.removed || [], 'diff-removed'], [changes.changed || [], 'diff-changed'], [changes.layoutChanged || [], 'diff-moved']])
  const newViewer = await show('#diff-new', root.dataset.newXml, [[changes.added || [], 'diff-added'], [changes.changed || [], 'diff-changed'], [changes.layoutChanged || [], 'diff-moved']])
  root.dataset.ready = 'true'
  window.welfareDiff = { oldViewer, newViewer }
}

start().catch((err) => console.error(err))
