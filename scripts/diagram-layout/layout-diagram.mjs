// Draws a process from a hand-made plan: each element's place on a grid (column, row), boundary events' sides, and
// how a few flows are routed and labelled. Gives the <bpmndi:BPMNDiagram> section; the process part is not touched.
// Widths are estimated generously: bpmn-js wraps a task's name inside the shape minus 7 px padding at 12 px
// (~7.5 px a character here), an external label inside its label bounds at 11 px (~7 px a character).
import { BpmnModdle } from 'bpmn-moddle'

const TASK_CHAR = 7.5
const LABEL_CHAR = 7
const TASK_LINE = 14.4
const LABEL_LINE = 13.2
const SIZES = { event: 36, gateway: 50 }

const tokens = (text) => text.split(/\s+/).flatMap((w) => w.split(/(?<=-)/)).filter((w) => w !== '')

function wrap(text, width, char) {
  const lines = []
  for (const word of tokens(text)) {
    const last = lines.length - 1
    if (last >= 0 && (lines[last].length + 1 + word.length) * char <= width) lines[last] += ` ${word}`
    else lines.push(word)
  }
  return lines
}

/** A task's width: every word fits and the name takes two lines, or three when long (at least 100 px, steps of 10). */
export function taskWidth(name) {
  const longest = Math.max(0, ...tokens(name).map((w) => w.length))
  let width = Math.max(100, Math.ceil((longest * TASK_CHAR + 14 + 4) / 10) * 10)
  // two lines keep clear of the task-type icon in the top left corner; three only when two would be too wide
  while (wrap(name, width - 14, TASK_CHAR).length > 2 && width < 190) width += 10
  while (wrap(name, width - 14, TASK_CHAR).length > 3) width += 10
  return width
}

/** An external label's size: at most `max` wide, every word fitting, lines of 11 px text. */
function labelSize(text, max = 120) {
  const longest = Math.max(...tokens(text).map((w) => w.length)) * LABEL_CHAR + 2
  const width = Math.ceil(Math.max(longest, Math.min(max, text.length * LABEL_CHAR + 2)))
  const lines = wrap(text, width, LABEL_CHAR).length
  return { width, height: Math.ceil(lines * LABEL_LINE + 1) }
}

const kindOf = (type) => (/Gateway$/.test(type) ? 'gateway' : /Event$/.test(type) ? 'event' : 'task')
const centre = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 })
const round = (n) => Math.round(n)

/**
 * plan: {
 *   columnGap?, rowPitch?, columns?: { [col]: extra gap before it },
 *   nodes: { id: [col, row, { dx?, dy?, width? }?] },
 *   boundary: { id: { side: 'top'|'bottom', at: fraction of the host's width } },
 *   labels: { id: placement | { place, max?, dx?, dy?, at?: (geometry, size) => { x, y } } }   (events, gateways, flows)
 *   flows: { id: (geometry) => points | { exit, entry, channel } }
 * }
 */
export async function layoutDiagram(xml, plan) {
  const { rootElement: definitions } = await new BpmnModdle().fromXML(xml)
  const process = definitions.rootElements.find((r) => r.$type === 'bpmn:Process')
  const elements = new Map()
  const flows = []
  for (const e of process.flowElements) {
    if (e.$type === 'bpmn:SequenceFlow') flows.push({ id: e.id, name: e.name ?? '', source: e.sourceRef.id, target: e.targetRef.id })
    else elements.set(e.id, { id: e.id, type: e.$type.replace('bpmn:', ''), name: e.name ?? '', attachedTo: e.attachedToRef?.id, isMarkerVisible: e.$type === 'bpmn:ExclusiveGateway' })
  }
  const rowPitch = plan.rowPitch ?? 170
  const columnGap = plan.columnGap ?? 80

  // sizes
  const size = new Map()
  for (const [id, e] of elements) {
    const kind = kindOf(e.type)
    if (kind === 'task') {
      const width = plan.nodes[id]?.[2]?.width ?? taskWidth(e.name)
      size.set(id, { width, height: 80 })
    } else size.set(id, { width: SIZES[kind], height: SIZES[kind] })
  }
  // a column is as wide as its widest element; tasks in one column share that width
  const columnWidth = new Map()
  for (const [id, [col]] of Object.entries(plan.nodes)) {
    if (!elements.has(id)) throw new Error(`plan names ${id}, which the process does not have`)
    columnWidth.set(col, Math.max(columnWidth.get(col) ?? 0, size.get(id).width))
  }
  for (const [id, [col, , options]] of Object.entries(plan.nodes)) {
    if (kindOf(elements.get(id).type) === 'task' && !options?.width) size.get(id).width = columnWidth.get(col)
  }
  const columns = [...columnWidth.keys()].sort((a, b) => a - b)
  const columnCentre = new Map()
  let x = 40
  for (const col of columns) {
    x += plan.columns?.[col] ?? 0
    columnCentre.set(col, x + columnWidth.get(col) / 2)
    x += columnWidth.get(col) + columnGap
  }
  const rows = Object.values(plan.nodes).map(([, row]) => row)
  const topRow = Math.min(...rows)
  const rowCentre = (row) => 100 + (row - topRow) * rowPitch

  const bounds = new Map()
  for (const [id, [col, row, options]] of Object.entries(plan.nodes)) {
    const { width, height } = size.get(id)
    const cx = columnCentre.get(col) + (options?.dx ?? 0)
    const cy = rowCentre(row) + (options?.dy ?? 0)
    bounds.set(id, { x: round(cx - width / 2), y: round(cy - height / 2), width, height })
  }
  for (const [id, e] of elements) {
    if (!e.attachedTo) continue
    const host = bounds.get(e.attachedTo)
    const where = plan.boundary?.[id] ?? { side: 'bottom', at: 0.75 }
    const cx = host.x + host.width * where.at
    const cy = where.side === 'top' ? host.y : host.y + host.height
    bounds.set(id, { x: round(cx - 18), y: round(cy - 18), width: 36, height: 36 })
  }
  for (const id of elements.keys()) if (!bounds.has(id)) throw new Error(`plan has no place for ${id}`)

  // flows
  const geometry = { bounds: (id) => bounds.get(id), centre: (id) => centre(bounds.get(id)) }
  const waypoints = new Map()
  for (const flow of flows) {
    const rule = plan.flows?.[flow.id]
    const points = typeof rule === 'function' ? rule(geometry) : route(bounds.get(flow.source), bounds.get(flow.target), elements.get(flow.source), rule ?? {})
    waypoints.set(flow.id, points.map((p) => ({ x: round(p.x), y: round(p.y) })))
  }

  // labels
  const labelBounds = new Map()
  for (const [id, e] of elements) {
    if (e.name === '' || kindOf(e.type) === 'task') continue
    const option = normalise(plan.labels?.[id])
    const s = labelSize(e.name, option.max ?? (kindOf(e.type) === 'gateway' ? 130 : 110))
    const b = bounds.get(id)
    const c = centre(b)
    const host = e.attachedTo ? bounds.get(e.attachedTo) : undefined
    const used = (y) => flows.some((f) => (f.source === id || f.target === id) && waypoints.get(f.id).some((p) => Math.abs(p.y - y) < 1 && Math.abs(p.x - c.x) < 1))
    const free = !used(b.y + b.height) ? 'below' : !used(b.y) ? 'above' : 'above-left'
    const place = option.place ?? (host ? (plan.boundary?.[id]?.side === 'top' ? 'above-right' : 'below-right') : free)
    let lx
    let ly
    const hostEdge = host ? (plan.boundary?.[id]?.side === 'top' ? host.y : host.y + host.height) : undefined
    switch (place) {
      case 'below': lx = c.x - s.width / 2; ly = b.y + b.height + 4; break
      case 'above': lx = c.x - s.width / 2; ly = b.y - s.height - 4; break
      case 'right': lx = b.x + b.width + 4; ly = c.y - s.height / 2; break
      case 'left': lx = b.x - s.width - 4; ly = c.y - s.height / 2; break
      case 'above-left': lx = c.x - s.width - 6; ly = b.y - s.height - 2; break
      case 'above-right': lx = c.x + 6; ly = (hostEdge ?? b.y) - s.height - 3; if (host) lx = b.x + b.width + 2; break
      case 'below-left': lx = host ? b.x - s.width - 2 : c.x - s.width - 6; ly = host ? hostEdge + 3 : b.y + b.height + 2; break
      case 'below-right': lx = host ? b.x + b.width + 2 : c.x + 6; ly = host ? hostEdge + 3 : b.y + b.height + 2; break
      default: throw new Error(`unknown label place ${place} for ${id}`)
    }
    if (option.at) ({ x: lx, y: ly } = option.at(geometry, s))
    labelBounds.set(id, { x: round(lx + (option.dx ?? 0)), y: round(ly + (option.dy ?? 0)), ...s })
  }
  for (const flow of flows) {
    if (flow.name === '') continue
    const option = normalise(plan.labels?.[flow.id])
    const p = waypoints.get(flow.id)
    const segment = option.segment ?? (p.length > 2 && p[0].x === p[1].x ? 1 : 0)
    const a = p[segment]
    const b = p[segment + 1]
    const room = a.y === b.y ? Math.abs(b.x - a.x) - 14 : 120
    const s = labelSize(flow.name, option.max ?? Math.min(120, room))
    let lx
    let ly
    const place = option.place ?? 'start'
    if (a.y === b.y) {
      // a horizontal segment: the label above it (or below), from its start
      const rightwards = b.x >= a.x
      lx = rightwards ? a.x + 6 : a.x - 6 - s.width
      ly = place === 'below' ? a.y + 3 : a.y - s.height - 3
      if (segment > 0 && option.place !== 'below') lx = rightwards ? a.x + 6 : a.x - 6 - s.width
    } else {
      // a vertical segment: the label beside it (right or left), from its start
      const downwards = b.y >= a.y
      lx = place === 'left' ? a.x - s.width - 5 : a.x + 5
      ly = downwards ? a.y + 4 : a.y - s.height - 4
    }
    if (option.at) ({ x: lx, y: ly } = option.at(geometry, s))
    labelBounds.set(flow.id, { x: round(lx + (option.dx ?? 0)), y: round(ly + (option.dy ?? 0)), ...s })
  }

  // the section
  const diagram = xml.match(/<bpmndi:BPMNDiagram id="([^"]+)">\s*<bpmndi:BPMNPlane id="([^"]+)"/)
  const lines = [`<bpmndi:BPMNDiagram id="${diagram[1]}">`, `    <bpmndi:BPMNPlane id="${diagram[2]}" bpmnElement="${process.id}">`]
  const box = (b) => `x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}"`
  const ordered = [...elements.keys()].sort((a, b) => Number(!!elements.get(a).attachedTo) - Number(!!elements.get(b).attachedTo))
  for (const id of ordered) {
    const e = elements.get(id)
    const marker = e.isMarkerVisible ? ' isMarkerVisible="true"' : ''
    lines.push(`      <bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"${marker}>`, `        <dc:Bounds ${box(bounds.get(id))} />`)
    if (labelBounds.has(id)) lines.push('        <bpmndi:BPMNLabel>', `          <dc:Bounds ${box(labelBounds.get(id))} />`, '        </bpmndi:BPMNLabel>')
    lines.push('      </bpmndi:BPMNShape>')
  }
  for (const flow of flows) {
    lines.push(`      <bpmndi:BPMNEdge id="${flow.id}_di" bpmnElement="${flow.id}">`)
    for (const p of waypoints.get(flow.id)) lines.push(`        <di:waypoint x="${p.x}" y="${p.y}" />`)
    if (labelBounds.has(flow.id)) lines.push('        <bpmndi:BPMNLabel>', `          <dc:Bounds ${box(labelBounds.get(flow.id))} />`, '        </bpmndi:BPMNLabel>')
    lines.push('      </bpmndi:BPMNEdge>')
  }
  lines.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>')
  return lines.join('\n')
}

function normalise(option) {
  return typeof option === 'string' ? { place: option } : option ?? {}
}

/**
 * An orthogonal route. Same row, target to the right: straight. From a gateway or a boundary event to another row:
 * out of its top or bottom, then along the target's row into its side. Into another row from a task or event: along
 * the source's row, then into the target's top or bottom. Backwards: out of `exit` ('top'|'bottom'), along `channel`
 * (an offset from the source's edge, default 30), into the target's same side (or `entry`), `entryAt` a fraction.
 */
function route(s, t, source, rule) {
  const sc = centre(s)
  const tc = centre(t)
  const sKind = kindOf(source.type)
  const below = t.x < sc.x && sc.x < t.x + t.width && !(t.y < sc.y && sc.y < t.y + t.height)
  const forward = t.x >= s.x + s.width - 1 || below || (kindOf(source.type) === 'gateway' && t.x > sc.x) || (rule.forward ?? false)
  if (!rule.exit && forward) {
    if (Math.abs(sc.y - tc.y) < 1) return [{ x: s.x + s.width, y: sc.y }, { x: t.x, y: tc.y }]
    const down = tc.y > sc.y
    if (t.x < sc.x && sc.x < t.x + t.width) return [{ x: sc.x, y: down ? s.y + s.height : s.y }, { x: sc.x, y: down ? t.y : t.y + t.height }]
    if (sKind === 'gateway' || source.attachedTo || rule.vertical === 'first') {
      const start = { x: sc.x, y: down ? s.y + s.height : s.y }
      if (t.x > sc.x) return [start, { x: sc.x, y: tc.y }, { x: t.x, y: tc.y }]
      return [start, { x: sc.x, y: down ? t.y : t.y + t.height }]
    }
    const ex = rule.entryAt !== undefined ? t.x + t.width * rule.entryAt : tc.x
    return [{ x: s.x + s.width, y: sc.y }, { x: ex, y: sc.y }, { x: ex, y: down ? t.y : t.y + t.height }]
  }
  const exit = rule.exit ?? 'bottom'
  const entry = rule.entry ?? exit
  const sx = rule.exitAt !== undefined ? s.x + s.width * rule.exitAt : sc.x
  const tx = rule.entryAt !== undefined ? t.x + t.width * rule.entryAt : tc.x
  const sy = exit === 'top' ? s.y : s.y + s.height
  const ty = entry === 'top' ? t.y : t.y + t.height
  const channel = rule.channelY ?? (exit === 'top' ? Math.min(sy, ty) - (rule.channel ?? 30) : Math.max(sy, ty) + (rule.channel ?? 30))
  return [{ x: sx, y: sy }, { x: sx, y: channel }, { x: tx, y: channel }, { x: tx, y: ty }]
}
