// What changed between two versions of a procedure (bpmn-js-differ on the two BPMN files): elements added,
// removed, changed (attributes or extension elements such as job types and forms) and moved (layout only); also
// from a version to the shipped version waiting for a manager.
import { diff } from 'bpmn-js-differ'
import { BpmnModdle } from 'bpmn-moddle'
import type { ServiceDeps } from '../cases/deps.ts'
import type { Actor } from '../users/actor.ts'
import { zeebeModdle } from '../../engine/embedded/process-model.ts'
import { getVersionSource } from './procedure-versions.ts'
import { getShippedVersion } from './shipped-versions.ts'
import { flowElementsDeep } from '../../engine/bpmn-processes.ts'

export interface ElementRef {
  id: string
  type: string
  name: string | null
}

export interface VersionDiff {
  processId: string
  from: number
  to: number
  added: ElementRef[]
  removed: ElementRef[]
  /** `oldName` when the name changed; `attributes`: the names of the changed attributes (may be empty when only
   * extension elements changed, e.g. a job type or a form). */
  changed: (ElementRef & { oldName: string | null; attributes: string[] })[]
  layoutChanged: ElementRef[]
}

const ref = (el: any): ElementRef => ({ id: String(el?.id ?? ''), type: String(el?.$type ?? '').replace('bpmn:', ''), name: el?.name ?? null })

/** Flow elements and the process itself by id, for names of both sides. */
function elementsById(definitions: any): Map<string, any> {
  const map = new Map<string, any>()
  for (const root of definitions?.rootElements ?? []) {
    map.set(root.id, root)
    for (const el of flowElementsDeep(root)) map.set(el.id, el)
  }
  return map
}

const byId = (a: ElementRef, b: ElementRef) => a.id.localeCompare(b.id)

export function diffBpmn(oldXmlDefinitions: any, newXmlDefinitions: any): Omit<VersionDiff, 'processId' | 'from' | 'to'> {
  const result = diff(oldXmlDefinitions, newXmlDefinitions) as unknown as Record<string, Record<string, any>>
  const before = elementsById(oldXmlDefinitions)
  const after = elementsById(newXmlDefinitions)
  const pick = (changes: Record<string, any>, side: Map<string, any>) =>
    Object.keys(changes).map((id) => ref(side.get(id) ?? changes[id]?.model ?? { id })).filter((r) => r.type !== 'BPMNDiagram')
  return {
    added: pick(result._added, after).sort(byId),
    removed: pick(result._removed, before).sort(byId),
    changed: Object.entries(result._changed)
      .map(([id, change]) => {
        const now = ref(after.get(id) ?? change.model ?? { id })
        const was = before.get(id)
        return { ...now, oldName: was?.name !== now.name ? (was?.name ?? null) : null, attributes: Object.keys(change.attrs ?? {}).sort() }
      })
      .sort(byId),
    layoutChanged: pick(result._layoutChanged, after).sort(byId),
  }
}

type Deps = Pick<ServiceDeps, 'prisma' | 'engine' | 'clock' | 'logger'>

async function diffXml(olderXml: string, newerXml: string): Promise<Omit<VersionDiff, 'processId' | 'from' | 'to'>> {
  const moddle = new BpmnModdle({ zeebe: zeebeModdle })
  const [a, b] = [(await moddle.fromXML(olderXml)).rootElement, (await moddle.fromXML(newerXml)).rootElement]
  return diffBpmn(a, b)
}

/** The changes from version `from` to version `to` of one procedure (managers only). */
export async function diffVersions(deps: Deps, actor: Actor, processId: string, from: number, to: number): Promise<VersionDiff & { fromXml: string; toXml: string }> {
  const older = await getVersionSource(deps, actor, processId, from)
  const newer = await getVersionSource(deps, actor, processId, to)
  return { processId, from, to, ...(await diffXml(older.xml, newer.xml)), fromXml: older.xml, toXml: newer.xml }
}

/** The changes from version `from` to the shipped version waiting for a manager (shipped-versions.ts). */
export async function diffShipped(deps: Deps, actor: Actor, processId: string, from: number): Promise<Omit<VersionDiff, 'to'> & { to: 'shipped'; fromXml: string; toXml: string }> {
  const older = await getVersionSource(deps, actor, processId, from)
  const shipped = await getShippedVersion(deps, actor, 'process', processId)
  return { processId, from, to: 'shipped', ...(await diffXml(older.xml, shipped.content)), fromXml: older.xml, toXml: shipped.content }
}
