// The readability problems of a BPMN file's diagram (its DI), as a person looking at it in bpmn-js would name them:
// shapes on top of each other, labels over shapes or other labels, a word of a name that bpmn-js would have to split,
// flows whose ends are not on their shapes, flows crossing each other or running through a shape, elements without
// a shape. Text widths are estimated generously (bpmn-js wraps a task's name inside the shape minus 7 px padding on
// each side at 12 px, an external label inside its label bounds at 11 px).
import { BpmnModdle } from 'bpmn-moddle'

interface Box { x: number; y: number; width: number; height: number }
interface Point { x: number; y: number }
interface Shape { id: string; type: string; name: string; bounds: Box; label?: Box; attachedTo?: string }
interface Edge { id: string; name: string; source: string; target: string; points: Point[]; label?: Box }

/** Pixels per character of a task name at bpmn-js's 12 px default font (generous for the DejaVu fallback). */
export const TASK_CHAR_WIDTH = 7.5
/** Pixels per character of an external label (events, gateways, flows) at 11 px. */
export const LABEL_CHAR_WIDTH = 7
const TASK_PADDING = 7
const TASK_LINE_HEIGHT = 12 * 1.2
const LABEL_LINE_HEIGHT = 11 * 1.2
const TOUCH = 2

// diagram-js breaks a line at spaces and after a hyphen, so "diagnostyczno-pomocowej" may take two lines
const words = (text: string) => text.split(/\s+/).flatMap((w) => w.split(/(?<=-)/)).filter((w) => w !== '')

/** The lines a name wraps into at the given width (greedy, as diagram-js's Text does). */
export function wrappedLines(text: string, width: number, charWidth: number): string[] {
  const lines: string[] = []
  for (const word of words(text)) {
    const last = lines.length - 1
    if (last >= 0 && (lines[last].length + 1 + word.length) * charWidth <= width) lines[last] += ` ${word}`
    else lines.push(word)
  }
  return lines
}

const overlaps = (a: Box, b: Box, margin = 0) =>
  a.x < b.x + b.width - margin && b.x < a.x + a.width - margin && a.y < b.y + b.height - margin && b.y < a.y + a.height - margin

const onBorder = (p: Point, b: Box) => {
  const withinX = p.x >= b.x - TOUCH && p.x <= b.x + b.width + TOUCH
  const withinY = p.y >= b.y - TOUCH && p.y <= b.y + b.height + TOUCH
  const nearX = Math.abs(p.x - b.x) <= TOUCH || Math.abs(p.x - (b.x + b.width)) <= TOUCH
  const nearY = Math.abs(p.y - b.y) <= TOUCH || Math.abs(p.y - (b.y + b.height)) <= TOUCH
  return (nearX && withinY) || (nearY && withinX)
}

/** On the shape's bounds, or on the outline drawn inside them (a gateway's diamond, an event's circle). */
function onOutline(p: Point, shape: Shape): boolean {
  if (onBorder(p, shape.bounds)) return true
  const rx = shape.bounds.width / 2
  const ry = shape.bounds.height / 2
  const dx = Math.abs(p.x - (shape.bounds.x + rx))
  const dy = Math.abs(p.y - (shape.bounds.y + ry))
  if (/Gateway$/.test(shape.type)) return Math.abs(dx / rx + dy / ry - 1) * rx <= TOUCH
  if (/Event$/.test(shape.type)) return Math.abs(Math.hypot(dx, dy) - rx) <= TOUCH
  return false
}

const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
const between = (a: number, b: number, v: number) => Math.min(a, b) - 0.5 <= v && v <= Math.max(a, b) + 0.5

/** Where two segments meet (a point of both), or undefined; collinear overlaps give a point of the overlap. */
function meeting(a1: Point, a2: Point, b1: Point, b2: Point): Point | undefined {
  const d1 = cross(b1, b2, a1)
  const d2 = cross(b1, b2, a2)
  const d3 = cross(a1, a2, b1)
  const d4 = cross(a1, a2, b2)
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d1 / (d1 - d2)
    return { x: a1.x + t * (a2.x - a1.x), y: a1.y + t * (a2.y - a1.y) }
  }
  const on = (p: Point, q1: Point, q2: Point, d: number) => d === 0 && between(q1.x, q2.x, p.x) && between(q1.y, q2.y, p.y)
  if (on(a1, b1, b2, d1)) return a1
  if (on(a2, b1, b2, d2)) return a2
  if (on(b1, a1, a2, d3)) return b1
  if (on(b2, a1, a2, d4)) return b2
  return undefined
}

/** Whether a segment runs through the inside of a box (touching its border is not). */
function throughBox(p: Point, q: Point, box: Box): boolean {
  const inner = { x: box.x + TOUCH, y: box.y + TOUCH, width: box.width - 2 * TOUCH, height: box.height - 2 * TOUCH }
  const inside = (r: Point) => r.x > inner.x && r.x < inner.x + inner.width && r.y > inner.y && r.y < inner.y + inner.height
  if (inside(p) || inside(q)) return true
  const corners = [
    { x: inner.x, y: inner.y },
    { x: inner.x + inner.width, y: inner.y },
    { x: inner.x + inner.width, y: inner.y + inner.height },
    { x: inner.x, y: inner.y + inner.height },
  ]
  return corners.some((c, i) => meeting(p, q, c, corners[(i + 1) % 4]) !== undefined)
}

const isTask = (type: string) => /Task$|SubProcess$|CallActivity$/.test(type)
const hasExternalLabel = (type: string) => /Event$|Gateway$/.test(type)

/** The box an external label's text really takes: its bounds, grown to the wrapped text (centred, as bpmn-js does). */
function renderedLabel(text: string, bounds: Box): Box {
  const lines = wrappedLines(text, bounds.width, LABEL_CHAR_WIDTH)
  const width = Math.max(bounds.width, ...lines.map((l) => l.length * LABEL_CHAR_WIDTH))
  const height = Math.max(bounds.height, lines.length * LABEL_LINE_HEIGHT)
  return { x: bounds.x + (bounds.width - width) / 2, y: bounds.y + (bounds.height - height) / 2, width, height }
}

/** Every readability problem of the diagram in a BPMN file, one sentence each (empty when it reads cleanly). */
export async function diagramLayoutProblems(xml: string): Promise<string[]> {
  const { rootElement: definitions } = await new BpmnModdle().fromXML(xml)
  const process = definitions.rootElements.find((r: any) => r.$type === 'bpmn:Process')
  const plane = definitions.diagrams?.[0]?.plane
  const problems: string[] = []
  const shapes = new Map<string, Shape>()
  const edges: Edge[] = []
  const di = new Map<string, any>()
  for (const item of plane?.planeElement ?? []) if (item.bpmnElement) di.set(item.bpmnElement.id, item)

  for (const element of process.flowElements ?? []) {
    const item = di.get(element.id)
    if (element.$type === 'bpmn:SequenceFlow') {
      if (!item?.waypoint?.length) { problems.push(`${element.id}: the flow has no edge`); continue }
      edges.push({ id: element.id, name: element.name ?? '', source: element.sourceRef.id, target: element.targetRef.id, points: item.waypoint.map((w: any) => ({ x: w.x, y: w.y })), label: item.label?.bounds })
      continue
    }
    if (!item?.bounds) { problems.push(`${element.id}: the element has no shape`); continue }
    shapes.set(element.id, { id: element.id, type: element.$type.replace('bpmn:', ''), name: element.name ?? '', bounds: item.bounds, label: item.label?.bounds, attachedTo: element.attachedToRef?.id })
  }

  const list = [...shapes.values()]
  for (const [i, a] of list.entries()) {
    for (const b of list.slice(i + 1)) {
      if (a.attachedTo === b.id || b.attachedTo === a.id) continue
      if (overlaps(a.bounds, b.bounds)) problems.push(`${a.id} and ${b.id}: the shapes overlap`)
    }
  }

  for (const shape of list) {
    if (!isTask(shape.type) || shape.name === '') continue
    const room = shape.bounds.width - 2 * TASK_PADDING
    for (const word of words(shape.name)) {
      if (word.length * TASK_CHAR_WIDTH > room) problems.push(`${shape.id}: "${word}" is wider than the shape (${shape.bounds.width} px) and would be split`)
    }
    const lines = wrappedLines(shape.name, room, TASK_CHAR_WIDTH)
    if (lines.length * TASK_LINE_HEIGHT > shape.bounds.height - 2 * TASK_PADDING) problems.push(`${shape.id}: the name needs ${lines.length} lines, more than the shape's height holds`)
  }

  const labels: Array<{ owner: string; box: Box }> = []
  for (const shape of list) {
    if (!hasExternalLabel(shape.type) || shape.name === '') continue
    if (!shape.label) { problems.push(`${shape.id}: the named element has no label bounds`); continue }
    for (const word of words(shape.name)) {
      if (word.length * LABEL_CHAR_WIDTH > shape.label.width) problems.push(`${shape.id}: "${word}" is wider than its label (${shape.label.width} px) and would be split`)
    }
    labels.push({ owner: shape.id, box: renderedLabel(shape.name, shape.label) })
  }
  for (const edge of edges) {
    if (edge.name === '') continue
    if (!edge.label) { problems.push(`${edge.id}: the named flow has no label bounds`); continue }
    for (const word of words(edge.name)) {
      if (word.length * LABEL_CHAR_WIDTH > edge.label.width) problems.push(`${edge.id}: "${word}" is wider than its label (${edge.label.width} px) and would be split`)
    }
    labels.push({ owner: edge.id, box: renderedLabel(edge.name, edge.label) })
  }
  for (const [i, label] of labels.entries()) {
    for (const shape of list) {
      if (overlaps(label.box, shape.bounds)) problems.push(`${label.owner}: the label overlaps the shape of ${shape.id}`)
    }
    for (const other of labels.slice(i + 1)) {
      if (overlaps(label.box, other.box)) problems.push(`${label.owner} and ${other.owner}: the labels overlap`)
    }
    for (const edge of edges) {
      if (edge.id === label.owner) continue
      const lineThrough = edge.points.slice(1).some((q, k) => throughBox(edge.points[k], q, label.box))
      if (lineThrough) problems.push(`${label.owner}: the label lies on the flow ${edge.id}`)
    }
  }

  for (const edge of edges) {
    const source = shapes.get(edge.source)
    const target = shapes.get(edge.target)
    if (!source || !target) continue
    if (edge.points.length < 2) { problems.push(`${edge.id}: the flow has fewer than two points`); continue }
    if (!onOutline(edge.points[0], source)) problems.push(`${edge.id}: the flow does not start on the bounds of ${source.id}`)
    if (!onOutline(edge.points[edge.points.length - 1], target)) problems.push(`${edge.id}: the flow does not end on the bounds of ${target.id}`)
    for (const shape of list) {
      if (shape.id === edge.source || shape.id === edge.target) continue
      const through = edge.points.slice(1).some((q, k) => throughBox(edge.points[k], q, shape.bounds))
      if (through) problems.push(`${edge.id}: the flow runs through the shape of ${shape.id}`)
    }
  }

  for (const [i, a] of edges.entries()) {
    for (const b of edges.slice(i + 1)) {
      const shared = a.source === b.source || a.target === b.target || a.source === b.target || a.target === b.source
      const crossing = a.points.slice(1).some((a2, k) => b.points.slice(1).some((b2, l) => {
        const at = meeting(a.points[k], a2, b.points[l], b2)
        if (!at) return false
        // flows that leave or reach the same shape may meet at its border
        if (shared && [source(a), target(a), source(b), target(b)].some((s) => s && onOutline(at, s))) return false
        // a fork (a join) drawn as people do: flows leaving (reaching) one point of a shape part where their first
        // (last) lines part
        return !(forkOrJoin(a, b, at, 'first') || forkOrJoin(a, b, at, 'last'))
      }))
      if (crossing) problems.push(`${a.id} and ${b.id}: the flows cross`)
    }
  }
  return problems

  function forkOrJoin(a: Edge, b: Edge, at: Point, end: 'first' | 'last'): boolean {
    const ends = (e: Edge) => (end === 'first' ? [e.points[0], e.points[1]] : [e.points[e.points.length - 1], e.points[e.points.length - 2]])
    const [a0, a1] = ends(a)
    const [b0, b1] = ends(b)
    const same = end === 'first' ? a.source === b.source : a.target === b.target
    const onSegment = (p: Point, q: Point) => cross(p, q, at) === 0 && between(p.x, q.x, at.x) && between(p.y, q.y, at.y)
    return same && a0.x === b0.x && a0.y === b0.y && onSegment(a0, a1) && onSegment(b0, b1)
  }
  function source(edge: Edge) { return shapes.get(edge.source) }
  function target(edge: Edge) { return shapes.get(edge.target) }
}
