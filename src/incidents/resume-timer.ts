// Resumes a timer whose firing failed (an administrator fixed the cause, e.g. a decision table): the engine makes
// the timer due at once (WorkflowEngine.resolveIncident) and its next round fires it. Administrators only (403
// otherwise, audited `incident.resume-denied`); an instance without a timer in incident is 404 (audited
// `incident.resume-rejected`: jobs are retried with retryIncident, failed task completions by completing again);
// a resumption is audited `incident.resume` with the case id.
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { EngineError } from '../../engine/port.ts'
import type { Actor } from '../users/actor.ts'
import { IncidentAudit, requireIncidentAdmin } from './incident-access.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock' | 'engine'>

export interface ResumedTimers {
  instanceId: string
  caseId: string | null
  timers: number
}

export async function resumeTimer(deps: Deps, actor: Actor, instanceId: string): Promise<ResumedTimers> {
  const shortId = instanceId.slice(0, 100)
  await requireIncidentAdmin(deps, actor, IncidentAudit.resumeDenied, { instanceId: shortId })
  const instance = instanceId.length <= 100
    ? await deps.prisma.processInstance.findUnique({ where: { id: instanceId }, select: { id: true, status: true, businessKey: true } })
    : null
  const kase = instance
    ? await deps.prisma.case.findFirst({
      where: { OR: [...(instance.businessKey ? [{ id: instance.businessKey }] : []), { processInstanceId: instance.id }] },
      select: { id: true },
    })
    : null
  const caseId = kase?.id ?? null
  const failedTimers = instance?.status === 'incident' ? await deps.prisma.timer.count({ where: { instanceId: instance.id, status: 'incident' } }) : 0
  const rejected = async () => {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: IncidentAudit.resumeRejected, caseId, details: { instanceId: shortId, status: instance?.status ?? null } })
    return new ServiceError('NOT_FOUND', 'No timer in incident in this process instance.', { details: { instanceId: shortId } })
  }
  if (!instance || failedTimers === 0) throw await rejected()
  let timers: number
  try {
    ;({ timers } = await deps.engine.resolveIncident(instance.id))
  } catch (err) {
    if (err instanceof EngineError && err.code === 'NOT_FOUND') throw await rejected() // resumed by someone else meanwhile
    throw err
  }
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: IncidentAudit.resume, caseId, details: { instanceId: instance.id, timers } })
  return { instanceId: instance.id, caseId, timers }
}
