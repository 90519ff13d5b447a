// The read-only process diagram on the task and case pages (bundled by scripts/build-client.mjs): the diagram of
// the case's own procedure version, fetched from GET /api/cases/:id/diagram (same-origin, session cookie), with
// the open tasks / waits marked `wf-active` and the elements already passed `wf-completed`. The case id comes in
// the container's data-case-id attribute (no inline script: the CSP allows scripts from 'self' only).
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer'
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json'
import 'bpmn-js/dist/assets/diagram-js.css'
import 'bpmn-js/dist/assets/bpmn-js.css'
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css'
import './viewer.css'

/** The smallest zoom at which bpmn-js's 11 px labels are still 10 px on screen. */
const MIN_READABLE_ZOOM = 0.9
/** A small procedure is not blown up beyond this when fitted. */
const MAX_FITTED_ZOOM = 1.25

/**
 * Where a view of `size` starting at `start` should start so that it shows no empty margin beyond the diagram
 * (`from`, `length`, plus a small margin): centred on the diagram when the diagram is the smaller.
 */
function withinDiagram(start, size, from, length) {
  const margin = 20
  if (length + 2 * margin <= size) return from + length / 2 - size / 2
  return Math.min(Math.max(start, from - margin), from + length + margin - size)
}

async function show(root) {
  const caseId = root.dataset.caseId
  const status = root.querySelector('.wf-diagram-status')
  const canvasEl = root.querySelector('.wf-diagram-canvas')
  const res = await fetch(`/api/cases/${encodeURIComponent(caseId)}/diagram`, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  if (!res.ok) throw new Error(`diagram: HTTP ${res.status}`)
  const { xml, active, completed } = await res.json()
  const viewer = new NavigatedViewer({ container: canvasEl, moddleExtensions: { zeebe: zeebeModdle } })
  await viewer.importXML(xml)
  const canvas = viewer.get('canvas')
  const registry = viewer.get('elementRegistry')
  for (const id of completed) if (registry.get(id)) canvas.addMarker(id, 'wf-completed')
  for (const id of active) if (registry.get(id)) canvas.addMarker(id, 'wf-active')
  // a whole procedure fitted into the box is too small to read: fit, but never below MIN_READABLE_ZOOM (labels of
  // 11-12 px stay at 10 px or more), centred on where the case stands now; the rest is reached by panning (drag,
  // wheel, keyboard) and with the buttons above it
  const current = active.map((id) => registry.get(id)).filter(Boolean)
  const centreOn = (zoom) => {
    const focus = current[0]
    const box = canvas.viewbox()
    const cx = focus ? focus.x + (focus.width ?? 0) / 2 : box.x + box.width / 2
    const cy = focus ? focus.y + (focus.height ?? 0) / 2 : box.y + box.height / 2
    canvas.zoom(zoom, { x: cx, y: cy })
    const scaled = canvas.viewbox()
    const x = withinDiagram(cx - scaled.width / 2, scaled.width, scaled.inner.x, scaled.inner.width)
    const y = withinDiagram(cy - scaled.height / 2, scaled.height, scaled.inner.y, scaled.inner.height)
    canvas.viewbox({ x, y, width: scaled.width, height: scaled.height })
  }
  canvas.zoom('fit-viewport')
  if (canvas.zoom() < MIN_READABLE_ZOOM) centreOn(MIN_READABLE_ZOOM)
  else if (canvas.zoom() > MAX_FITTED_ZOOM) canvas.zoom(MAX_FITTED_ZOOM, 'auto')
  const zoomBar = root.querySelector('.wf-diagram-zoom')
  if (zoomBar) {
    zoomBar.addEventListener('click', (event) => {
      const action = event.target instanceof Element ? event.target.closest('[data-zoom]')?.getAttribute('data-zoom') : null
      if (action === 'in') canvas.zoom(Math.min(canvas.zoom() * 1.25, 4))
      else if (action === 'out') canvas.zoom(Math.max(canvas.zoom() / 1.25, 0.2))
      else if (action === 'fit') canvas.zoom('fit-viewport')
      else if (action === 'current') centreOn(1)
    })
    zoomBar.hidden = false
  }
  if (status) status.textContent = ''
  root.dataset.ready = 'true'
  return viewer
}

async function start() {
  const root = document.getElementById('process-diagram')
  if (!root) return
  try {
    window.welfareViewer = await show(root)
  } catch (err) {
    const status = root.querySelector('.wf-diagram-status')
    if (status) status.textContent = root.dataset.errorText || 'Error'
    root.dataset.ready = 'error'
    console.error(err)
  }
}

start()
