// Gauges and counters read from the database at scrape time, one GROUP BY query each: open tasks and open cases
// by SLA state, SLA escalations, engine jobs, incidents, the mail outbox. Labels are process ids, job types,
// actions and statuses only. Timestamps are bound as ISO text cast to `timestamp` (Prisma stores DateTime as UTC
// in `timestamp(3)` columns; see src/inbox/inbox-sql.ts).
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts'
import type { MetricFamily, Sample } from './exposition.ts'

const { sql } = Prisma

export const SLA_STATES = ['on_time', 'at_risk', 'overdue', 'no_target'] as const
export type SlaState = (typeof SLA_STATES)[number]

/** Job statuses the embedded engine writes (engine/embedded), reported with zeros; any other status found
 * in the table (the schema also names "error") is reported too. */
export const JOB_STATUSES = ['pending', 'running', 'completed', 'incident', 'canceled'] as const
export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const

/** The SLA state of a row at `now`: overdue when the target passed, at risk from its threshold, on time before. */
const slaStateSql = (now: Date): Prisma.Sql => {
  const at = sql`${now.toISOString()}::timestamp`
  return sql`CASE WHEN "slaDueAt" IS NULL THEN 'no_target'
    WHEN "slaDueAt" < ${at} THEN 'overdue'
    WHEN "slaAtRiskAt" IS NOT NULL AND "slaAtRiskAt" <= ${at} THEN 'at_risk'
    ELSE 'on_time' END`
}

const gauge = (name: string, help: string, labelNames: string[], samples: Sample[]): MetricFamily => ({ name, help, type: 'gauge', labelNames, samples })
const counter = (name: string, help: string, labelNames: string[], samples: Sample[]): MetricFamily => ({ name, help, type: 'counter', labelNames, samples })

const byName = <T extends Record<string, unknown>>(a: T, b: T, keys: (keyof T)[]): number => {
  for (const k of keys) {
    const c = String(a[k]).localeCompare(String(b[k]))
    if (c !== 0) return c
  }
  return 0
}

async function openTasks(prisma: PrismaClient, now: Date): Promise<MetricFamily> {
  const rows = await prisma.$queryRaw<{ procedure: string; state: SlaState; n: number }[]>(sql`
    SELECT "processId" AS procedure, ${slaStateSql(now)} AS state, COUNT(*)::int AS n
    FROM "Task" WHERE "status" = 'open' GROUP BY 1, 2`)
  const counts = new Map(rows.map((r) => [`${r.procedure}\u0000${r.state}`, Number(r.n)]))
  const procedures = [...new Set(rows.map((r) => r.procedure))].sort()
  // every state of every procedure with open tasks, zeros included, so a series never vanishes while in use
  const samples = procedures.flatMap((procedure) =>
    SLA_STATES.map((state) => ({ labels: { state, procedure }, value: counts.get(`${procedure}\u0000${state}`) ?? 0 })),
  )
  return gauge('welfare_open_tasks', 'Open user tasks by SLA state at scrape time (on_time, at_risk, overdue, no_target) and procedure (process id).', ['state', 'procedure'], samples)
}

async function openCases(prisma: PrismaClient, now: Date): Promise<MetricFamily> {
  const rows = await prisma.$queryRaw<{ state: SlaState; n: number }[]>(sql`
    SELECT ${slaStateSql(now)} AS state, COUNT(*)::int AS n
    FROM "Case" WHERE "status" = 'open' AND "slaDoneAt" IS NULL GROUP BY 1`)
  const counts = new Map(rows.map((r) => [r.state, Number(r.n)]))
  return gauge(
    'welfare_open_cases_deadline',
    'Open cases whose statutory deadline is still running, by state at scrape time (on_time, at_risk, overdue, no_target).',
    ['state'],
    SLA_STATES.map((state) => ({ labels: { state }, value: counts.get(state) ?? 0 })),
  )
}

async function escalations(prisma: PrismaClient): Promise<MetricFamily[]> {
  const rows = await prisma.$queryRaw<{ action: string; status: string; n: number }[]>(sql`
    SELECT "action", "status", COUNT(*)::int AS n FROM "SlaEscalation" GROUP BY 1, 2`)
  rows.sort((a, b) => byName(a, b, ['action', 'status']))
  const pending = rows.filter((r) => r.status === 'pending').reduce((sum, r) => sum + Number(r.n), 0)
  return [
    counter(
      'welfare_sla_escalations_total',
      'SLA escalation steps by action and final status (fired, failed, canceled).',
      ['action', 'status'],
      rows.filter((r) => r.status !== 'pending').map((r) => ({ labels: { action: r.action, status: r.status }, value: Number(r.n) })),
    ),
    gauge('welfare_sla_escalations_pending', 'SLA escalation steps planned and not yet fired, failed or canceled.', [], [{ labels: {}, value: pending }]),
  ]
}

async function jobs(prisma: PrismaClient): Promise<MetricFamily[]> {
  const rows = await prisma.$queryRaw<{ type: string; status: string; n: number; retries: number; failures: number }[]>(sql`
    SELECT "type", "status", COUNT(*)::int AS n,
      COALESCE(SUM(GREATEST("attempts" - 1, 0)), 0)::float8 AS retries,
      (COUNT(*) FILTER (WHERE "errorMessage" IS NOT NULL OR "status" IN ('error', 'incident')))::int AS failures
    FROM "Job" GROUP BY 1, 2`)
  const types = [...new Set(rows.map((r) => r.type))].sort()
  const statuses = [...new Set<string>([...JOB_STATUSES, ...rows.map((r) => r.status)])]
  const at = (type: string, status: string) => rows.find((r) => r.type === type && r.status === status)
  const perType = (field: 'retries' | 'failures') =>
    types.map((type) => ({ labels: { type }, value: rows.filter((r) => r.type === type).reduce((sum, r) => sum + Number(r[field]), 0) }))
  return [
    gauge(
      'welfare_jobs',
      'Engine jobs (service tasks) by job type and status.',
      ['type', 'status'],
      types.flatMap((type) => statuses.map((status) => ({ labels: { type, status }, value: Number(at(type, status)?.n ?? 0) }))),
    ),
    counter('welfare_job_retries_total', 'Attempts beyond the first, summed over the jobs of a type.', ['type'], perType('retries')),
    counter('welfare_job_failures_total', 'Jobs of a type that failed at least once (an error message) or ended in an incident.', ['type'], perType('failures')),
  ]
}

async function incidents(prisma: PrismaClient): Promise<MetricFamily> {
  const rows = await prisma.$queryRaw<{ n: number }[]>(sql`
    SELECT COUNT(*)::int AS n FROM "ProcessInstance" WHERE "status" = 'incident'`)
  return gauge('welfare_incidents', 'Process instances stopped with an incident.', [], [{ labels: {}, value: Number(rows[0]?.n ?? 0) }])
}

async function mailOutbox(prisma: PrismaClient): Promise<MetricFamily> {
  const rows = await prisma.$queryRaw<{ status: string; n: number }[]>(sql`
    SELECT "status", COUNT(*)::int AS n FROM "MailOutbox" GROUP BY 1`)
  const statuses = [...new Set<string>([...MAIL_STATUSES, ...rows.map((r) => r.status)])]
  return gauge(
    'welfare_mail_outbox',
    'E-mail notifications in the outbox by status.',
    ['status'],
    statuses.map((status) => ({ labels: { status }, value: Number(rows.find((r) => r.status === status)?.n ?? 0) })),
  )
}

/** Every database-derived family, at `now` (the clock's now). The queries run one after another. */
export async function collectDatabaseMetrics(prisma: PrismaClient, now: Date): Promise<MetricFamily[]> {
  return [
    await openTasks(prisma, now),
    await openCases(prisma, now),
    ...(await escalations(prisma)),
    ...(await jobs(prisma)),
    await incidents(prisma),
    await mailOutbox(prisma),
  ]
}
