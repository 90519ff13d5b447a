// The numbers of the SLA dashboard and of GET /api/sla/summary (one source for both): open work by state
// (on time, at risk, overdue; tasks without a target apart) per procedure, team (candidate group) and assignee;
// case-level statutory deadlines by state; breaches per week; the oldest overdue items; time taken per task
// against its target. Work of a restricted procedure (Blue Card; data: ProcedureRestriction) — its tasks, the tasks of
// its cases, its cases — is counted and listed only for members of its allowed groups.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { hiddenProcedures } from '../../domain/procedure-restriction.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'

export interface StateCounts {
  onTime: number
  atRisk: number
  overdue: number
  noTarget: number
}

export interface SlaSummary extends StateCounts {
  at: string
  byProcedure: ({ procedure: string } & StateCounts)[]
  byTeam: ({ team: string } & StateCounts)[]
  byAssignee: ({ assignee: string | null } & StateCounts)[]
  cases: StateCounts & { byProcedure: ({ procedure: string } & StateCounts)[] }
}

export interface BreachWeek {
  /** Monday of the week (Warsaw), YYYY-MM-DD. */
  week: string
  breaches: number
}

export interface TaskTiming {
  procedure: string
  elementId: string
  name: string
  completed: number
  avgHours: number
  p90Hours: number
  targetHours: number | null
  onTimeShare: number | null
}

export interface SlaItem {
  kind: 'task' | 'case'
  id: string
  caseId: string | null
  caseNumber: string | null
  procedure: string
  name: string
  team: string
  assignee: string | null
  dueAt: string | null
  state: 'on-time' | 'at-risk' | 'overdue' | 'no-target'
}

export type SlaStateFilter = SlaItem['state']

export interface ItemFilter {
  kind?: 'task' | 'case'
  state?: SlaStateFilter
  procedure?: string
  team?: string
  assignee?: string
  limit?: number
}

/** Restricted procedures the viewer is not allowed in: their work is left out. */
async function hiddenFor(prisma: PrismaClient, viewerGroups: readonly string[]): Promise<string[]> {
  return hiddenProcedures(await loadRestrictions(prisma), viewerGroups)
}

type CountRow = { key: string | null; onTime: bigint; atRisk: bigint; overdue: bigint; noTarget: bigint }

function counts(r: Pick<CountRow, 'onTime' | 'atRisk' | 'overdue' | 'noTarget'>): StateCounts {
  return { onTime: Number(r.onTime), atRisk: Number(r.atRisk), overdue: Number(r.overdue), noTarget: Number(r.noTarget) }
}

function stateColumns(now: Date): Prisma.Sql {
  return Prisma.sql`
    count(*) FILTER (WHERE "slaDueAt" IS NOT NULL AND "slaDueAt" >= ${now} AND ("slaAtRiskAt" IS NULL OR "slaAtRiskAt" > ${now})) AS "onTime",
    count(*) FILTER (WHERE "slaDueAt" >= ${now} AND "slaAtRiskAt" <= ${now}) AS "atRisk",
    count(*) FILTER (WHERE "slaDueAt" < ${now}) AS "overdue",
    count(*) FILTER (WHERE "slaDueAt" IS NULL) AS "noTarget"`
}

/** Not a task of a hidden procedure, nor of a case of one (for queries on "Task" without an alias). */
function visibleTasks(hidden: string[]): Prisma.Sql {
  return hidden.length
    ? Prisma.sql`AND NOT ("Task"."processId" = ANY(${hidden}::text[]))
      AND NOT EXISTS (SELECT 1 FROM "Case" rc WHERE rc."id" = "Task"."caseId" AND rc."procedure" = ANY(${hidden}::text[]))`
    : Prisma.empty
}

/** Not a case of a hidden procedure. */
function visibleCases(hidden: string[], alias = '"Case"'): Prisma.Sql {
  return hidden.length ? Prisma.sql`AND NOT (${Prisma.raw(alias)}."procedure" = ANY(${hidden}::text[]))` : Prisma.empty
}

function sum(rows: StateCounts[]): StateCounts {
  return rows.reduce((a, r) => ({ onTime: a.onTime + r.onTime, atRisk: a.atRisk + r.atRisk, overdue: a.overdue + r.overdue, noTarget: a.noTarget + r.noTarget }), { onTime: 0, atRisk: 0, overdue: 0, noTarget: 0 })
}

export async function slaSummary(prisma: PrismaClient, now: Date, viewerGroups: readonly string[]): Promise<SlaSummary> {
  const hidden = await hiddenFor(prisma, viewerGroups)
  const cols = stateColumns(now)
  const vis = visibleTasks(hidden)
  // procedure and person in one pass over the open tasks; teams need the unnest of candidate groups
  const byProcedureOrPerson = await prisma.$queryRaw<(CountRow & { byPerson: number })[]>`
    SELECT COALESCE("processId", "assignee") AS "key", GROUPING("processId")::int AS "byPerson", ${cols}
    FROM "Task" WHERE "status" = 'open' ${vis}
    GROUP BY GROUPING SETS (("processId"), ("assignee"))`
  const byProcedure = byProcedureOrPerson.filter((r) => r.byPerson === 0).sort((x, y) => (x.key ?? '').localeCompare(y.key ?? ''))
  const byAssignee = byProcedureOrPerson.filter((r) => r.byPerson === 1).sort((x, y) => (x.key === null ? -1 : y.key === null ? 1 : x.key.localeCompare(y.key)))
  const byTeam = await prisma.$queryRaw<CountRow[]>`SELECT g AS "key", ${cols} FROM "Task", unnest("candidateGroups") AS g WHERE "status" = 'open' ${vis} GROUP BY 1 ORDER BY 1`
  const caseRows = await prisma.$queryRaw<CountRow[]>`
    SELECT "procedure" AS "key", ${cols} FROM "Case"
    WHERE "status" = 'open' AND "slaDoneAt" IS NULL AND "slaPolicyId" IS NOT NULL ${visibleCases(hidden)}
    GROUP BY 1 ORDER BY 1`
  const procedures = byProcedure.map((r) => ({ procedure: r.key ?? '', ...counts(r) }))
  const caseProcedures = caseRows.map((r) => ({ procedure: r.key ?? '', ...counts(r) }))
  return {
    at: now.toISOString(),
    ...sum(procedures),
    byProcedure: procedures,
    byTeam: byTeam.map((r) => ({ team: r.key ?? '', ...counts(r) })),
    byAssignee: byAssignee.map((r) => ({ assignee: r.key, ...counts(r) })),
    cases: { ...sum(caseProcedures), byProcedure: caseProcedures },
  }
}

/** Tasks whose target passed while open (still open, or completed late), per Warsaw week of the target. */
export async function breachesByWeek(prisma: PrismaClient, now: Date, weeks: number, viewerGroups: readonly string[]): Promise<BreachWeek[]> {
  const hidden = await hiddenFor(prisma, viewerGroups)
  const since = new Date(now.getTime() - weeks * 7 * 86_400_000)
  const rows = await prisma.$queryRaw<{ week: Date; breaches: bigint }[]>`
    SELECT date_trunc('week', "slaDueAt" AT TIME ZONE 'Europe/Warsaw')::date AS "week", count(*) AS "breaches"
    FROM "Task"
    WHERE "status" IN ('open', 'completed') AND "slaDueAt" >= ${since} AND "slaDueAt" < ${now}
      AND ("status" = 'open' OR "completedAt" > "slaDueAt") ${visibleTasks(hidden)}
    GROUP BY 1 ORDER BY 1`
  const found = new Map(rows.map((r) => [r.week.toISOString().slice(0, 10), Number(r.breaches)]))
  // every week of the window, with zeros
  const out: BreachWeek[] = []
  const first = new Date(since)
  const monday = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate() - ((first.getUTCDay() + 6) % 7)))
  for (let d = monday; d.getTime() <= now.getTime(); d = new Date(d.getTime() + 7 * 86_400_000)) {
    const key = d.toISOString().slice(0, 10)
    out.push({ week: key, breaches: found.get(key) ?? 0 })
  }
  return out
}

/** Average and 90th percentile of the time taken per user task (completed since `since`), against its target. */
export async function taskTimings(prisma: PrismaClient, since: Date, viewerGroups: readonly string[]): Promise<TaskTiming[]> {
  const hidden = await hiddenFor(prisma, viewerGroups)
  const rows = await prisma.$queryRaw<{ procedure: string; elementId: string; name: string; completed: bigint; avg: number; p90: number; target: number | null; onTime: bigint; withTarget: bigint }[]>`
    SELECT "processId" AS "procedure", "elementId", min("name") AS "name", count(*) AS "completed",
      avg(extract(epoch FROM ("completedAt" - "createdAt")))::float8 AS "avg",
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM ("completedAt" - "createdAt")))::float8 AS "p90",
      (avg(extract(epoch FROM ("slaDueAt" - "createdAt"))) FILTER (WHERE "slaDueAt" IS NOT NULL))::float8 AS "target",
      count(*) FILTER (WHERE "slaDueAt" IS NOT NULL AND "completedAt" <= "slaDueAt") AS "onTime",
      count(*) FILTER (WHERE "slaDueAt" IS NOT NULL) AS "withTarget"
    FROM "Task"
    WHERE "status" = 'completed' AND "completedAt" >= ${since} ${visibleTasks(hidden)}
    GROUP BY 1, 2 ORDER BY 1, 2`
  const hours = (s: number) => Math.round((s / 3600) * 10) / 10
  return rows.map((r) => ({
    procedure: r.procedure,
    elementId: r.elementId,
    name: r.name,
    completed: Number(r.completed),
    avgHours: hours(r.avg),
    p90Hours: hours(r.p90),
    targetHours: r.target === null ? null : hours(r.target),
    onTimeShare: Number(r.withTarget) ? Math.round((Number(r.onTime) / Number(r.withTarget)) * 1000) / 1000 : null,
  }))
}

function stateOf(dueAt: Date | null, atRiskAt: Date | null, now: Date): SlaItem['state'] {
  if (!dueAt) return 'no-target'
  if (dueAt < now) return 'overdue'
  return atRiskAt && atRiskAt <= now ? 'at-risk' : 'on-time'
}

function stateCondition(state: SlaStateFilter | undefined, now: Date, prefix: string): Prisma.Sql {
  const due = Prisma.raw(`${prefix}."slaDueAt"`)
  const risk = Prisma.raw(`${prefix}."slaAtRiskAt"`)
  switch (state) {
    case 'overdue': return Prisma.sql`AND ${due} < ${now}`
    case 'at-risk': return Prisma.sql`AND ${due} >= ${now} AND ${risk} <= ${now}`
    case 'on-time': return Prisma.sql`AND ${due} >= ${now} AND (${risk} IS NULL OR ${risk} > ${now})`
    case 'no-target': return Prisma.sql`AND ${due} IS NULL`
    default: return Prisma.empty
  }
}

/** Open items behind a number (drill-down and CSV): the most urgent first. */
export async function slaItems(prisma: PrismaClient, now: Date, viewerGroups: readonly string[], filter: ItemFilter): Promise<SlaItem[]> {
  const hidden = await hiddenFor(prisma, viewerGroups)
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 5000)
  if (filter.kind === 'case') {
    const rows = await prisma.$queryRaw<{ id: string; number: string | null; procedure: string; ownerGroup: string; slaDueAt: Date | null; slaAtRiskAt: Date | null }[]>`
      SELECT c."id", c."number", c."procedure", c."ownerGroup", c."slaDueAt", c."slaAtRiskAt" FROM "Case" c
      WHERE c."status" = 'open' AND c."slaDoneAt" IS NULL AND c."slaPolicyId" IS NOT NULL
        ${visibleCases(hidden, 'c')}
        ${stateCondition(filter.state, now, 'c')}
        ${filter.procedure ? Prisma.sql`AND c."procedure" = ${filter.procedure}` : Prisma.empty}
        ${filter.team ? Prisma.sql`AND c."ownerGroup" = ${filter.team}` : Prisma.empty}
      ORDER BY c."slaDueAt" ASC NULLS LAST, c."id" LIMIT ${limit}`
    return rows.map((r) => ({
      kind: 'case', id: r.id, caseId: r.id, caseNumber: r.number, procedure: r.procedure, name: r.procedure, team: r.ownerGroup,
      assignee: null, dueAt: r.slaDueAt?.toISOString() ?? null, state: stateOf(r.slaDueAt, r.slaAtRiskAt, now),
    }))
  }
  const rows = await prisma.$queryRaw<{ id: string; caseId: string | null; number: string | null; processId: string; name: string; candidateGroups: string[]; assignee: string | null; slaDueAt: Date | null; slaAtRiskAt: Date | null }[]>`
    SELECT t."id", t."caseId", c."number", t."processId", t."name", t."candidateGroups", t."assignee", t."slaDueAt", t."slaAtRiskAt"
    FROM "Task" t LEFT JOIN "Case" c ON c."id" = t."caseId"
    WHERE t."status" = 'open'
      ${hidden.length ? Prisma.sql`AND NOT (t."processId" = ANY(${hidden}::text[])) AND (c."procedure" IS NULL OR NOT (c."procedure" = ANY(${hidden}::text[])))` : Prisma.empty}
      ${stateCondition(filter.state, now, 't')}
      ${filter.procedure ? Prisma.sql`AND t."processId" = ${filter.procedure}` : Prisma.empty}
      ${filter.team ? Prisma.sql`AND ${filter.team} = ANY(t."candidateGroups")` : Prisma.empty}
      ${filter.assignee === '-' ? Prisma.sql`AND t."assignee" IS NULL` : filter.assignee ? Prisma.sql`AND t."assignee" = ${filter.assignee}` : Prisma.empty}
    ORDER BY t."slaDueAt" ASC NULLS LAST, t."id" LIMIT ${limit}`
  return rows.map((r) => ({
    kind: 'task', id: r.id, caseId: r.caseId, caseNumber: r.number, procedure: r.processId, name: r.name, team: r.candidateGroups.join(','),
    assignee: r.assignee, dueAt: r.slaDueAt?.toISOString() ?? null, state: stateOf(r.slaDueAt, r.slaAtRiskAt, now),
  }))
}

/** How the CSV words its columns and values (the page's language): column names, then a word per code. */
export interface SlaCsvWords {
  head: readonly string[]
  kind(kind: SlaItem['kind']): string
  procedure(processId: string): string
  /** a task's name; for a case row, what is measured (the case's statutory deadline) */
  name(item: SlaItem): string
  team(groups: string): string
  /** a deadline as people read it (local time) */
  time(iso: string): string
  state(state: string): string
}

/** CSV (semicolon-separated, UTF-8 with BOM: what Polish spreadsheets open) of items; formula-like cells quoted. */
export function itemsCsv(items: readonly SlaItem[], words: SlaCsvWords): string {
  const cell = (v: string | null) => {
    let s = v ?? ''
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[;"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = items.map((i) =>
    [words.kind(i.kind), i.id, i.caseNumber, words.procedure(i.procedure), words.name(i), words.team(i.team), i.assignee, i.dueAt ? words.time(i.dueAt) : null, words.state(i.state)]
      .map(cell)
      .join(';'),
  )
  return `\uFEFF${[words.head.map(cell).join(';'), ...lines].join('\r\n')}\r\n`
}
