// The process diagram of a case: the BPMN XML of the instance's own procedure version (not the newest one), the
// elements where it waits now (open tasks, and elements entered but not left: timers, message waits) and the
// elements it has passed. Authorised like reading the case; every read and refusal is audited (ids only).
import type { Actor } from '../users/actor.ts'
import { recordAudit } from './audit.ts'
import { mayAccessCase } from './case-access.ts'
import type { ServiceDeps } from './deps.ts'
import { ServiceError } from './service-error.ts'

export interface CaseDiagram {
  xml: string
  active: string[]
  completed: string[]
}

type TrailEntry = { elementId: string; event: 'start' | 'end'; at: string }

/** Ids of the boundary events in a BPMN XML: entered with the task they sit on, so never marked active themselves. */
export function boundaryEventIds(xml: string): Set<string> {
  const ids = new Set<string>()
  for (const m of xml.matchAll(/<(?:[\w-]+:)?boundaryEvent\b[^>]*?\sid="([^"]+)"/g)) ids.add(m[1]!)
  return ids
}

/** Active = entered more often than left (plus the open tasks; boundary events excepted); completed = left at
 * least once and not active. */
export function diagramMarkers(trail: unknown, openTaskElements: string[], boundaryEvents: ReadonlySet<string> = new Set()): { active: string[]; completed: string[] } {
  const open = new Map<string, number>()
  const ended = new Set<string>()
  const order: string[] = []
  for (const entry of Array.isArray(trail) ? (trail as TrailEntry[]) : []) {
    if (typeof entry?.elementId !== 'string') continue
    if (!open.has(entry.elementId)) {
      open.set(entry.elementId, 0)
      order.push(entry.elementId)
    }
    if (entry.event === 'start') open.set(entry.elementId, (open.get(entry.elementId) ?? 0) + 1)
    else if (entry.event === 'end') {
      open.set(entry.elementId, Math.max(0, (open.get(entry.elementId) ?? 0) - 1))
      ended.add(entry.elementId)
    }
  }
  const active = new Set([...openTaskElements, ...order.filter((id) => (open.get(id) ?? 0) > 0 && !boundaryEvents.has(id))])
  const completed = order.filter((id) => ended.has(id) && !active.has(id))
  return { active: [...active], completed }
}

export async function getCaseDiagram(deps: Pick<ServiceDeps, 'prisma' | 'clock'>, actor: Actor, caseId: string): Promise<CaseDiagram> {
  const { prisma } = deps
  const kase = await prisma.case.findUnique({ where: { id: caseId }, select: { id: true, procedure: true, ownerGroup: true } })
  if (!kase) throw new ServiceError('NOT_FOUND', 'No such case.')
  if (!(await mayAccessCase(prisma, actor.user, caseId, kase))) {
    await recordAudit(prisma, actor, deps.clock.now(), { action: 'case.diagram-denied', caseId })
    throw new ServiceError('FORBIDDEN', 'You may not see this case.')
  }
  const instance = await prisma.processInstance.findFirst({
    where: { businessKey: caseId },
    orderBy: { startedAt: 'desc' },
    select: { id: true, trail: true, definition: { select: { xml: true, version: true } } },
  })
  if (!instance) throw new ServiceError('NOT_FOUND', 'The case has no process instance.')
  const tasks = await prisma.task.findMany({ where: { caseId, status: 'open' }, select: { elementId: true } })
  const markers = diagramMarkers(instance.trail, tasks.map((t) => t.elementId), boundaryEventIds(instance.definition.xml))
  await recordAudit(prisma, actor, deps.clock.now(), {
    action: 'case.diagram',
    caseId,
    details: { instanceId: instance.id, version: instance.definition.version },
  })
  return { xml: instance.definition.xml, ...markers }
}
