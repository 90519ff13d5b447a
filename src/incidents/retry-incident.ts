// Resumes a job in incident (an administrator fixed the cause: SMTP back, a bug fixed): the engine gives the job
// new retries and hands it out again (WorkflowEngine.retryJob); the instance leaves the incident once none of its
// jobs is in incident. Administrators only (403 otherwise, audited `incident.retry-denied`); a job that is not in
// incident is 404 (audited `incident.retry-rejected`); a retry is audited `incident.retry` with the case id.
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { EngineError } from '../../engine/port.ts'
import type { Actor } from '../users/actor.ts'
import { IncidentAudit, requireIncidentAdmin } from './incident-access.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock' | 'engine'>

export const DEFAULT_RETRIES = 3
export const MAX_RETRIES = 10

/** `retries` from a request: absent → the default; otherwise a whole number 1–10 (422 `fields.retries`). */
export function retriesInput(value: unknown): number {
  if (value === undefined || value === null || value === '') return DEFAULT_RETRIES
  const n = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new ServiceError('VALIDATION_FAILED', 'retries must be a whole number.', { fields: { retries: { code: 'invalidType' } } })
  }
  if (n < 1) throw new ServiceError('VALIDATION_FAILED', 'retries too small.', { fields: { retries: { code: 'min', params: { min: 1 } } } })
  if (n > MAX_RETRIES) throw new ServiceError('VALIDATION_FAILED', 'retries too large.', { fields: { retries: { code: 'max', params: { max: MAX_RETRIES } } } })
  return n
}

const isEngineNotFound = (err: unknown) =>
  (err instanceof EngineError || (err instanceof Error && err.name === 'EngineError')) && (err as EngineError).code === 'NOT_FOUND'

export interface RetriedJob {
  jobId: string
  type: string
  instanceId: string
  caseId: string | null
  retries: number
}

/** `retries` as the request gave it (absent: 3); checked after the caller is known to be an administrator. */
export async function retryIncident(deps: Deps, actor: Actor, jobId: string, retriesRequested?: unknown): Promise<RetriedJob> {
  const shortId = jobId.slice(0, 100)
  await requireIncidentAdmin(deps, actor, IncidentAudit.retryDenied, { jobId: shortId })
  const retries = retriesInput(retriesRequested)
  const job = jobId.length <= 100
    ? await deps.prisma.job.findUnique({ where: { id: jobId }, select: { id: true, type: true, status: true, instanceId: true } })
    : null
  const instance = job
    ? await deps.prisma.processInstance.findUnique({ where: { id: job.instanceId }, select: { businessKey: true } })
    : null
  const kase = job
    ? await deps.prisma.case.findFirst({
      where: { OR: [...(instance?.businessKey ? [{ id: instance.businessKey }] : []), { processInstanceId: job.instanceId }] },
      select: { id: true },
    })
    : null
  const caseId = kase?.id ?? null
  const rejected = async (status: string | null) => {
    await recordAudit(deps.prisma, actor, deps.clock.now(), {
      action: IncidentAudit.retryRejected,
      caseId,
      details: { jobId: shortId, status },
    })
    return new ServiceError('NOT_FOUND', 'No job in incident with this id.', { details: { jobId: shortId } })
  }
  if (!job || job.status !== 'incident') throw await rejected(job?.status ?? null)
  try {
    await deps.engine.retryJob(job.id, retries)
  } catch (err) {
    if (isEngineNotFound(err)) throw await rejected(job.status) // resumed by someone else meanwhile
    throw err
  }
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: IncidentAudit.retry,
    caseId,
    details: { jobId: job.id, jobType: job.type, instanceId: job.instanceId, retries },
  })
  return { jobId: job.id, type: job.type, instanceId: job.instanceId, caseId, retries }
}
