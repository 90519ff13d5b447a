// Task counts per view: mine, group, unassigned, all (managers and administrators only) and overdue (open tasks
// past due among those the user can list: mine ∪ group, or all for managers). The inbox filters, when given, narrow
// every count; tasks of restricted procedures the user is not allowed in are never counted (inbox-sql.ts
// notRestricted). One audit event per call.
//
// Counts stop at COUNT_LIMIT: each view's count reads at most COUNT_LIMIT + 1 rows from the view's index, so the
// counts cost about what a page costs however many tasks are open (an exact count must visit every open task the
// user may see: 100,000 open tasks took 100–360 ms, bench/RESULTS.md section 4). A count past the limit is given
// as the limit and named in `overLimit` ("200+" on the page); the SLA dashboard has the exact totals.
import type { Actor } from '../users/actor.ts'
import { isPrivileged } from '../users/groups.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { auditFilters, type InboxFilters } from './inbox-query.ts'
import { andAll, filterConditions, notRestricted, viewCondition, visibleTo, viewerOf, type Viewer } from './inbox-sql.ts'

/** The largest count given exactly; more is "COUNT_LIMIT+". */
export const COUNT_LIMIT = 200

export type CountedView = 'mine' | 'group' | 'unassigned' | 'all' | 'overdue'

export interface TaskCounts {
  mine: number
  group: number
  unassigned: number
  all?: number
  overdue: number
  /** The limit the counts stop at. */
  limit: number
  /** The views with more than `limit` tasks (their count is given as `limit`). */
  overLimit: CountedView[]
}

const { sql } = Prisma

/** At most limit + 1 rows of the tasks matching `where`. */
const capped = (where: Prisma.Sql, limit: number) =>
  sql`(SELECT count(*) FROM (SELECT 1 FROM "Task" t WHERE ${where} LIMIT ${limit + 1}::int) c)::int`

/** The one query behind countTasks: one capped sub-count per view (exported for the query-plan checks). */
export function countQuery(viewer: Viewer, privileged: boolean, filters: InboxFilters, now: Date, limit = COUNT_LIMIT): Prisma.Sql {
  const narrowed = (view: 'mine' | 'group' | 'unassigned' | 'all') => andAll([viewCondition(view, viewer), ...filterConditions(filters, now)])
  const scope = privileged ? sql`TRUE` : sql`(${visibleTo(viewer)} OR t.assignee = ${viewer.login})`
  const overdue = andAll([sql`t.status = 'open'`, sql`t."dueAt" < ${now.toISOString()}::timestamp`, scope, notRestricted(viewer), ...filterConditions(filters, now)])
  return sql`
    SELECT ${capped(narrowed('mine'), limit)} AS mine,
           ${capped(narrowed('group'), limit)} AS "group",
           ${capped(narrowed('unassigned'), limit)} AS unassigned,
           ${privileged ? capped(narrowed('all'), limit) : sql`0`} AS "all",
           ${capped(overdue, limit)} AS overdue`
}

export async function countTasks(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  filters: InboxFilters = {},
  limit = COUNT_LIMIT,
): Promise<TaskCounts> {
  const now = deps.clock.now()
  const privileged = isPrivileged(actor.user.groups)
  const viewer = viewerOf(actor.user, await loadRestrictions(deps.prisma))
  const [row] = await deps.prisma.$queryRaw<Record<CountedView, number>[]>(countQuery(viewer, privileged, filters, now, limit))
  const views: CountedView[] = privileged ? ['mine', 'group', 'unassigned', 'all', 'overdue'] : ['mine', 'group', 'unassigned', 'overdue']
  const value = (v: CountedView) => Math.min(row[v], limit)
  const counts: TaskCounts = {
    mine: value('mine'),
    group: value('group'),
    unassigned: value('unassigned'),
    overdue: value('overdue'),
    limit,
    overLimit: views.filter((v) => row[v] > limit),
  }
  if (privileged) counts.all = value('all')
  await recordAudit(deps.prisma, actor, now, {
    action: 'tasks.count',
    details: {
      ...auditFilters(filters),
      mine: counts.mine,
      group: counts.group,
      unassigned: counts.unassigned,
      ...(privileged ? { all: counts.all } : {}),
      overdue: counts.overdue,
      ...(counts.overLimit.length ? { overLimit: counts.overLimit.join(',') } : {}),
    },
  })
  return counts
}
