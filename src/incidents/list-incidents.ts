// The open incidents (process instances with status 'incident'), newest first, at most `limit` of them with the
// total count: the procedure (name and version the instance runs on), the case (id and number; the number is
// hidden for a case the administrator may not see, e.g. Blue Card), the jobs in incident (type, attempts, retries
// left, error message, when) and, for an incident without a job (a decision table failing on a user task's
// completion, a timer whose firing failed), the instance's message and its open user tasks: such a step is tried
// again by completing the task again. Administrators only; every read is audited (`incidents.list`), since the
// list shows case numbers.
import { Prisma } from '../generated/prisma/client.ts'
import { recordAudit } from '../cases/audit.ts'
import { canSeeCase } from '../cases/case-access.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import type { Actor } from '../users/actor.ts'
import { IncidentAudit, requireIncidentAdmin } from './incident-access.ts'

const { sql } = Prisma
type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

export const INCIDENT_LIST_LIMIT = 200

export interface IncidentJob {
  jobId: string
  elementId: string
  type: string
  /** Runs so far (the first one included). */
  attempts: number
  /** Retries left (0 once in incident). */
  retries: number
  errorMessage: string | null
  /** When the job went into incident (its last update). */
  at: Date
}

export interface IncidentTask {
  taskId: string
  elementId: string
  name: string
}

export interface Incident {
  instanceId: string
  processId: string
  procedureName: string | null
  procedureVersion: number | null
  caseId: string | null
  /** null when the case has no number yet, or when `caseHidden`. */
  caseNumber: string | null
  /** The case belongs to a restricted procedure the administrator is not allowed in: no number, no link. */
  caseHidden: boolean
  /** 'job': jobs in incident, resumed with a retry; 'timer': a timer whose firing failed (no job to retry);
   * 'step': neither, e.g. a user task's completion failed (see openTasks). */
  kind: 'job' | 'timer' | 'step'
  /** Where it stopped: the jobs' elements, else timers in incident, else the open user tasks. */
  elementIds: string[]
  /** The instance's incident message (the newest failure). */
  message: string | null
  /** The newest job's time; without a job when the instance went into incident (ProcessInstance.incidentAt), or,
   * for an instance that went into incident before that was recorded, the timer's due time or its last recorded step. */
  at: Date
  jobs: IncidentJob[]
  /** For an incident without a job: the open user tasks, whose completion is tried again by completing them. */
  openTasks: IncidentTask[]
}

export interface IncidentList {
  total: number
  limit: number
  items: Incident[]
}

/** Ids of the newest `limit` instances in incident with their time (see Incident.at). */
function newestQuery(limit: number): Prisma.Sql {
  return sql`
    SELECT x."id", x."at" FROM (
      SELECT p."id", COALESCE(
        (SELECT MAX(j."updatedAt") FROM "Job" j WHERE j."instanceId" = p."id" AND j."status" = 'incident'),
        p."incidentAt",
        (SELECT MAX(t."dueAt") FROM "Timer" t WHERE t."instanceId" = p."id" AND t."status" = 'incident'),
        CASE WHEN jsonb_typeof(p."trail") = 'array' THEN (p."trail" -> -1 ->> 'at')::timestamp END,
        p."startedAt"
      ) AS "at"
      FROM "ProcessInstance" p
      WHERE p."status" = 'incident'
    ) x
    ORDER BY x."at" DESC, x."id" DESC
    LIMIT ${limit}`
}

export async function listIncidents(
  deps: Deps,
  actor: Actor,
  options: { limit?: number; format?: 'json' | 'page' } = {},
): Promise<IncidentList> {
  const format = options.format ?? 'json'
  await requireIncidentAdmin(deps, actor, IncidentAudit.listDenied, { format })
  const limit = Math.max(1, Math.min(options.limit ?? INCIDENT_LIST_LIMIT, INCIDENT_LIST_LIMIT))
  const prisma = deps.prisma
  const total = await prisma.processInstance.count({ where: { status: 'incident' } })
  const newest = total === 0 ? [] : await prisma.$queryRaw<{ id: string; at: Date }[]>(newestQuery(limit))
  const ids = newest.map((r) => r.id)

  const [instances, jobs, timers, tasks] = ids.length === 0
    ? [[], [], [], []]
    : await Promise.all([
      prisma.processInstance.findMany({
        where: { id: { in: ids } },
        select: { id: true, processId: true, businessKey: true, incident: true, definition: { select: { name: true, version: true } } },
      }),
      prisma.job.findMany({
        where: { instanceId: { in: ids }, status: 'incident' },
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
        select: { id: true, instanceId: true, elementId: true, type: true, attempts: true, retries: true, errorMessage: true, updatedAt: true },
      }),
      prisma.timer.findMany({ where: { instanceId: { in: ids }, status: 'incident' }, select: { instanceId: true, elementId: true } }),
      prisma.task.findMany({
        where: { instanceId: { in: ids }, status: 'open' },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, instanceId: true, elementId: true, name: true },
      }),
    ])

  // the case: the business key of a case procedure, else the case that records the instance
  const keys = instances.map((i) => i.businessKey).filter((k): k is string => k !== null)
  const cases = await prisma.case.findMany({
    where: { OR: [{ id: { in: keys } }, { processInstanceId: { in: ids } }] },
    select: { id: true, number: true, procedure: true, ownerGroup: true, processInstanceId: true },
  })
  const restrictions = await loadRestrictions(prisma)
  const caseById = new Map(cases.map((c) => [c.id, c]))
  const caseByInstance = new Map(cases.filter((c) => c.processInstanceId).map((c) => [c.processInstanceId!, c]))
  const instanceById = new Map(instances.map((i) => [i.id, i]))
  const group = <T extends { instanceId: string }>(rows: T[]) => {
    const out = new Map<string, T[]>()
    for (const row of rows) out.set(row.instanceId, [...(out.get(row.instanceId) ?? []), row])
    return out
  }
  const jobsOf = group(jobs)
  const timersOf = group(timers)
  const tasksOf = group(tasks)

  const items: Incident[] = []
  for (const { id, at } of newest) {
    const instance = instanceById.get(id)
    if (!instance) continue // ended between the two reads
    const kase = (instance.businessKey ? caseById.get(instance.businessKey) : undefined) ?? caseByInstance.get(id) ?? null
    const hidden = kase !== null && !canSeeCase(actor.user, kase, restrictions)
    const myJobs = jobsOf.get(id) ?? []
    const myTimers = timersOf.get(id) ?? []
    const myTasks = myJobs.length || myTimers.length ? [] : (tasksOf.get(id) ?? [])
    const elementIds = myJobs.length ? myJobs.map((j) => j.elementId) : myTimers.length ? myTimers.map((t) => t.elementId) : myTasks.map((t) => t.elementId)
    items.push({
      instanceId: id,
      processId: instance.processId,
      procedureName: instance.definition?.name ?? null,
      procedureVersion: instance.definition?.version ?? null,
      caseId: kase?.id ?? null,
      caseNumber: hidden ? null : (kase?.number ?? null),
      caseHidden: hidden,
      kind: myJobs.length ? 'job' : myTimers.length ? 'timer' : 'step',
      elementIds: [...new Set(elementIds)],
      message: instance.incident ?? myJobs[0]?.errorMessage ?? null,
      at: new Date(at),
      jobs: myJobs.map((j) => ({
        jobId: j.id,
        elementId: j.elementId,
        type: j.type,
        attempts: j.attempts,
        retries: j.retries,
        errorMessage: j.errorMessage,
        at: j.updatedAt,
      })),
      openTasks: myTasks.map((t) => ({ taskId: t.id, elementId: t.elementId, name: t.name })),
    })
  }

  await recordAudit(prisma, actor, deps.clock.now(), {
    action: IncidentAudit.list,
    details: { format, count: items.length, total },
  })
  return { total, limit, items }
}
