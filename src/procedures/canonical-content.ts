// The canonical checksum of a deployable resource: two files that mean the same and draw the same get the same
// checksum, whatever their whitespace, attribute order, namespace prefixes or the order in which the diagram lists
// its shapes — e.g. a shipped file and the bpmn-js editor's saveXML of it, unchanged. Pure (parsing only, no I/O):
// the embedded engine's deploy decides `duplicate` with it; start-up seeding and any other engine adapter use it.
//
// - BPMN (bpmn-moddle + zeebe-bpmn-moddle) and DMN (dmn-moddle): the parsed tree as JSON — every element's type and
//   the properties it sets, by name; values equal to the model's default left out (dmn-js drops hitPolicy="UNIQUE");
//   references as ids; namespace declarations and the writing tool (`exporter`, `exporterVersion`) left out;
//   text kept exactly. The diagram interchange (shapes, edges,
//   bounds, waypoints) is part of it: moving an element is a change (a new version: the manager saw it move, the
//   case diagram shows it), but the order of the shapes in the file is not (bpmn-js writes them in its own order).
//   The order of everything else (flow elements, extension elements, rules) is kept: it may matter to an engine.
// - Forms: the JSON with sorted keys, without the editor's bookkeeping (`schemaVersion`, `exporter`); a root
//   without `type` is "default" (what form-js writes).
// - Anything else: the text itself.
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { BpmnModdle } from 'bpmn-moddle'
import { DmnModdle } from 'dmn-moddle'
import { executableProcesses } from '../../engine/bpmn-processes.ts'

const require = createRequire(import.meta.url)
const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json')

/** Prefix of canonical checksums; older rows hold a plain sha256 of the text (see matchesChecksum). */
export const CANONICAL_PREFIX = 'canon1:'

export type ResourceKind = 'process' | 'decision' | 'form'

export interface CanonicalResource {
  checksum: string
  /** What the resource defines (process ids, decision ids, the form id); empty for other files. */
  kind: ResourceKind | null
  ids: string[]
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The sha256 of a text (how the processes folder notices a file has not changed since it was last read). */
export function textChecksum(text: string): string {
  return sha256(text)
}

export function isCanonicalChecksum(checksum: string): boolean {
  return checksum.startsWith(CANONICAL_PREFIX)
}

/** The last results by text (a start-up reads a file, then the engine deploys it: one parse, not two). */
const recent = new Map<string, Promise<CanonicalResource>>()
const RECENT_MAX = 200

/** The canonical checksum of a resource and the ids it defines. Rejects when a BPMN, DMN or form file does not parse. */
export function canonicalResource(name: string, content: string): Promise<CanonicalResource> {
  const key = sha256(`${name}\u0000${content}`)
  let result = recent.get(key)
  if (!result) {
    result = computeCanonical(name, content)
    recent.set(key, result)
    result.catch(() => recent.delete(key))
    if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!)
  }
  return result
}

/** Puts a result computed elsewhere (a worker thread) among the recent ones. */
export function rememberCanonical(name: string, content: string, resource: CanonicalResource): void {
  const key = sha256(`${name}\u0000${content}`)
  recent.delete(key)
  recent.set(key, Promise.resolve(resource))
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!)
}

async function computeCanonical(name: string, content: string): Promise<CanonicalResource> {
  if (name.endsWith('.bpmn')) {
    const { rootElement } = await new BpmnModdle({ zeebe: zeebeDescriptor }).fromXML(content)
    const ids = executableProcesses(rootElement).map((r: any) => String(r.id))
    return { checksum: checksumOf(canonicalTree(rootElement)), kind: 'process', ids }
  }
  if (name.endsWith('.dmn')) {
    const { rootElement } = await new DmnModdle().fromXML(content, 'dmn:Definitions')
    const ids = ((rootElement as any)?.drgElement ?? []).filter((r: any) => r.$type === 'dmn:Decision').map((r: any) => String(r.id))
    return { checksum: checksumOf(canonicalTree(rootElement)), kind: 'decision', ids }
  }
  if (name.endsWith('.form')) {
    const form = canonicalForm(JSON.parse(content))
    return { checksum: checksumOf(form), kind: 'form', ids: typeof form.id === 'string' ? [form.id] : [] }
  }
  return { checksum: `${CANONICAL_PREFIX}${sha256(content)}`, kind: null, ids: [] }
}

/** The canonical checksum of a resource (see canonicalResource). */
export async function canonicalChecksum(name: string, content: string): Promise<string> {
  return (await canonicalResource(name, content)).checksum
}

/**
 * Whether a stored version (its checksum, and how to read its content) has the content whose canonical checksum
 * is `checksum`. A version stored before canonical checksums existed is canonicalised from its content.
 */
export async function matchesChecksum(stored: { checksum: string; resource: () => { name: string; content: string } }, checksum: string): Promise<boolean> {
  if (stored.checksum === checksum) return true
  if (isCanonicalChecksum(stored.checksum)) return false
  const { name, content } = stored.resource()
  return (await canonicalChecksum(name, content).catch(() => null)) === checksum
}

// ------------------------------------------------------------------------------------------------- helpers

const checksumOf = (tree: unknown) => `${CANONICAL_PREFIX}${sha256(JSON.stringify(tree))}`

/** Properties holding diagram shapes and edges, whose order in the file means nothing. */
const UNORDERED_DIAGRAM_LISTS = new Set(['bpmndi:BPMNPlane.planeElement', 'dmndi:DMNDiagram.diagramElements'])

const isElement = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && typeof (value as any).$type === 'string'

const idOf = (value: unknown) => (typeof value === 'object' && value !== null ? String((value as any).id ?? '') : String(value))

/** Which tool wrote the file (Camunda Modeler, bpmn-js, dmn-js…): not part of what it means. */
const TOOL_ATTRIBUTES = new Set(['bpmn:Definitions.exporter', 'bpmn:Definitions.exporterVersion', 'dmn:Definitions.exporter', 'dmn:Definitions.exporterVersion'])

const XSI = 'http://www.w3.org/2001/XMLSchema-instance'

/** The parsed tree as plain JSON (see the top of this file). */
function canonicalTree(root: unknown): unknown {
  // xsi:type (e.g. bpmn:tFormalExpression) is already the element's $type, written with the file's prefixes
  const xsiTypes = new Set(['xsi:type'])
  for (const [name, value] of Object.entries((isElement(root) ? root.$attrs : null) ?? {})) {
    if (name.startsWith('xmlns:') && value === XSI) xsiTypes.add(`${name.slice(6)}:type`)
  }
  return canonicalElement(root, xsiTypes)
}

function canonicalElement(element: unknown, xsiTypes: Set<string>): unknown {
  if (!isElement(element)) return element
  const out: Record<string, unknown> = { $type: element.$type }
  const properties: Record<string, any> = element.$descriptor?.propertiesByName ?? {}
  for (const key of Object.keys(element).filter((k) => !k.startsWith('$')).sort()) {
    const value = element[key]
    const property = properties[key]
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue
    if (TOOL_ATTRIBUTES.has(`${element.$type}.${key}`)) continue
    if (property?.default !== undefined && !Array.isArray(value) && String(value) === String(property.default)) continue
    if (property?.isReference) {
      out[key] = Array.isArray(value) ? value.map(idOf) : idOf(value)
      continue
    }
    if (!Array.isArray(value)) {
      out[key] = canonicalElement(value, xsiTypes)
      continue
    }
    const list = value.map((item) => canonicalElement(item, xsiTypes))
    out[key] = UNORDERED_DIAGRAM_LISTS.has(`${element.$type}.${key}`) ? sortedByText(list) : list
  }
  const attrs = Object.entries((element.$attrs ?? {}) as Record<string, unknown>)
    .filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:') && !xsiTypes.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  if (attrs.length) out.$attrs = Object.fromEntries(attrs)
  // elements moddle does not know (other extensions): their text and children
  if (typeof element.$body === 'string') out.$body = element.$body
  if (Array.isArray(element.$children) && element.$children.length) out.$children = element.$children.map((child: unknown) => canonicalElement(child, xsiTypes))
  return out
}

function sortedByText(list: unknown[]): unknown[] {
  return list
    .map((item) => [JSON.stringify(item), item] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => item)
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys)
  if (typeof value !== 'object' || value === null) return value
  const keys = Object.keys(value).sort()
  return Object.fromEntries(keys.map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]))
}

function canonicalForm(schema: unknown): Record<string, unknown> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new Error('A form is a JSON object')
  const { schemaVersion: _version, exporter: _exporter, ...rest } = schema as Record<string, unknown>
  if (rest.type === undefined) rest.type = 'default'
  return sortedKeys(rest) as Record<string, unknown>
}
