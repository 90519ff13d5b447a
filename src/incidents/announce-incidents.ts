// Tells the administrators (active members of group `admins`) that a process stopped with an incident: one in-app
// notification of type `incident` each, with the e-mail outbox row that goes with it (as notify() writes them), once
// per incident. An incident is an instance's stay in incident, known by (instanceId, incidentAt): a later second
// incident of the same instance (retried, then failing again) has a new incidentAt and is announced again.
// Dedupe: per (login, type `incident`, data.instanceId, data.since). Each instance is announced in one transaction
// under a per-instance advisory lock that checks which administrators were told already, so a crash (nothing or
// everything committed) or a second process running the same round never announces twice. `data` holds ids only
// (no error message): instanceId, since (incidentAt, ISO), processId, elementId, jobType when a job is in incident,
// caseNumber unless the case belongs to a restricted procedure the administrator is not allowed in (then caseId is
// null too, as the incident list hides Blue Card case numbers). At most `limit` instances per round, oldest incident first.
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts'
import { canSeeCase } from '../cases/case-access.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { enqueueNotificationMail } from '../notifications/notification-mail.ts'
import { ADMINS } from '../users/groups.ts'

const { sql } = Prisma

export const INCIDENT_NOTIFICATION = 'incident'
export const ANNOUNCE_BATCH = 100

export interface AnnounceRound {
  /** Instances at least one administrator was told about. */
  instances: number
  notifications: number
}

interface Admin {
  login: string
  groups: string[]
}

interface Candidate {
  id: string
  processId: string
  businessKey: string | null
  incidentAt: Date
}

/** Instances in incident (incidentAt set) that some active administrator was not told about for that incidentAt. */
function candidatesQuery(logins: string[], limit: number): Prisma.Sql {
  const admins = Prisma.join(logins.map((login) => sql`(${login})`))
  return sql`
    SELECT p."id", p."processId", p."businessKey", p."incidentAt"
    FROM "ProcessInstance" p
    WHERE p."status" = 'incident' AND p."incidentAt" IS NOT NULL
      AND EXISTS (
        SELECT 1 FROM (VALUES ${admins}) a("login")
        WHERE NOT EXISTS (
          SELECT 1 FROM "Notification" n
          WHERE n."login" = a."login" AND n."type" = ${INCIDENT_NOTIFICATION}
            AND n."data" ->> 'instanceId' = p."id"
            AND n."data" ->> 'since' = to_char(p."incidentAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
    ORDER BY p."incidentAt" ASC, p."id" ASC
    LIMIT ${limit}`
}

async function activeAdmins(prisma: PrismaClient): Promise<Admin[]> {
  const users = await prisma.user.findMany({
    where: { active: true, memberships: { some: { group: { key: ADMINS } } } },
    orderBy: { login: 'asc' },
    select: { login: true, memberships: { select: { group: { select: { key: true } } } } },
  })
  return users.map((u) => ({ login: u.login, groups: u.memberships.map((m) => m.group.key) }))
}

/** Where it stopped: the newest job in incident, else a timer in incident, else the first open user task. */
async function stoppedAt(prisma: PrismaClient, instanceId: string): Promise<{ elementId: string | null; jobType: string | null }> {
  const job = await prisma.job.findFirst({
    where: { instanceId, status: 'incident' },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    select: { elementId: true, type: true },
  })
  if (job) return { elementId: job.elementId, jobType: job.type }
  const timer = await prisma.timer.findFirst({ where: { instanceId, status: 'incident' }, orderBy: { id: 'asc' }, select: { elementId: true } })
  if (timer) return { elementId: timer.elementId, jobType: null }
  const task = await prisma.task.findFirst({ where: { instanceId, status: 'open' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { elementId: true } })
  return { elementId: task?.elementId ?? null, jobType: null }
}

/** One round: announces up to `limit` incidents not announced yet; `now` is the notifications' time. */
export async function announceIncidents(prisma: PrismaClient, now: Date, options: { limit?: number } = {}): Promise<AnnounceRound> {
  const round: AnnounceRound = { instances: 0, notifications: 0 }
  const admins = await activeAdmins(prisma)
  if (admins.length === 0) return round
  const limit = Math.max(1, Math.min(options.limit ?? ANNOUNCE_BATCH, ANNOUNCE_BATCH))
  const candidates = await prisma.$queryRaw<Candidate[]>(candidatesQuery(admins.map((a) => a.login), limit))
  const restrictions = await loadRestrictions(prisma)

  for (const candidate of candidates) {
    const since = new Date(candidate.incidentAt).toISOString()
    const kase = await prisma.case.findFirst({
      where: { OR: [...(candidate.businessKey ? [{ id: candidate.businessKey }] : []), { processInstanceId: candidate.id }] },
      orderBy: { id: 'asc' },
      select: { id: true, number: true, procedure: true, ownerGroup: true },
    })
    const { elementId, jobType } = await stoppedAt(prisma, candidate.id)
    const told = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`incident-announce:${candidate.id}`}))::text AS locked`
      // still the same incident (not retried meanwhile), and who was told already (another process, an earlier round)
      const current = await tx.processInstance.findUnique({ where: { id: candidate.id }, select: { status: true, incidentAt: true } })
      if (current?.status !== 'incident' || current.incidentAt?.toISOString() !== since) return 0
      const done = await tx.notification.findMany({
        where: {
          type: INCIDENT_NOTIFICATION,
          login: { in: admins.map((a) => a.login) },
          AND: [{ data: { path: ['instanceId'], equals: candidate.id } }, { data: { path: ['since'], equals: since } }],
        },
        select: { login: true },
      })
      const already = new Set(done.map((n) => n.login))
      let count = 0
      for (const admin of admins) {
        if (already.has(admin.login)) continue
        const visible = kase !== null && canSeeCase(admin, kase, restrictions)
        const data: Record<string, string | null> = {
          instanceId: candidate.id,
          since,
          processId: candidate.processId,
          elementId,
          ...(jobType ? { jobType } : {}),
          ...(visible && kase?.number ? { caseNumber: kase.number } : {}),
        }
        // what notify() writes, inside this transaction so that the check above and the writes are one
        await tx.notification.create({
          data: { login: admin.login, type: INCIDENT_NOTIFICATION, taskId: null, caseId: visible ? kase!.id : null, data, createdAt: now },
        })
        await enqueueNotificationMail(tx, now, { login: admin.login, type: INCIDENT_NOTIFICATION, taskId: null, data })
        count++
      }
      return count
    })
    if (told > 0) {
      round.instances++
      round.notifications += told
    }
  }
  return round
}
