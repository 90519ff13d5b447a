// Task counts per view in one aggregate query (no list is loaded): mine, group, unassigned, all (managers and
// administrators only) and overdue (open tasks past due among those the user can list: mine ∪ group, or all
// for managers). The inbox filters, when given, narrow every count. One audit event per call.
import type { Actor } from '../users/actor.ts'
import { isPrivileged } from '../users/groups.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { auditFilters, type InboxFilters } from './inbox-query.ts'
import { andAll, filterConditions, notRestrictedJoin, visibleTo, type Viewer } from './inbox-sql.ts'

export interface TaskCounts {
  mine: number
  group: number
  unassigned: number
  all?: number
  overdue: number
}

const { sql } = Prisma

/** The one aggregate query behind countTasks (exported for the query-plan checks). */
export function countQuery(viewer: Viewer, privileged: boolean, filters: InboxFilters, now: Date): Prisma.Sql {
  const visible = visibleTo(viewer)
  const mine = sql`t.assignee = ${viewer.login}`
  // managers: every task but those of restricted groups they are not in (joined once, not a sub-query per row)
  const restricted = privileged ? notRestrictedJoin(viewer) : { join: sql``, test: sql`FALSE` }
  const scope = privileged ? sql`(${restricted.test} OR ${visible} OR ${mine})` : sql`(${visible} OR ${mine})`
  const where = andAll([sql`t.status = 'open'`, scope, ...filterConditions(filters, now)])
  return sql`
    SELECT count(*) FILTER (WHERE ${mine})::int AS mine,
           count(*) FILTER (WHERE ${visible})::int AS "group",
           count(*) FILTER (WHERE ${visible} AND t.assignee IS NULL)::int AS unassigned,
           count(*) FILTER (WHERE ${restricted.test})::int AS "all",
           count(*) FILTER (WHERE t."dueAt" < ${now.toISOString()}::timestamp)::int AS overdue
    FROM "Task" t ${restricted.join} WHERE ${where}`
}

export async function countTasks(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  filters: InboxFilters = {},
): Promise<TaskCounts> {
  const now = deps.clock.now()
  const privileged = isPrivileged(actor.user.groups)
  const viewer = { login: actor.user.login, groups: actor.user.groups }
  const [row] = await deps.prisma.$queryRaw<{ mine: number; group: number; unassigned: number; all: number; overdue: number }[]>(
    countQuery(viewer, privileged, filters, now),
  )
  const counts: TaskCounts = { mine: row.mine, group: row.group, unassigned: row.unassigned, overdue: row.overdue }
  if (privileged) counts.all = row.all
  await recordAudit(deps.prisma, actor, now, { action: 'tasks.count', details: { ...auditFilters(filters), ...counts } })
  return counts
}
