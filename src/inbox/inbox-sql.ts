// SQL of the inbox (PostgreSQL and PGlite alike): the WHERE of a view and its filters, and one page in keyset
// order. Values are always bound parameters; timestamps are bound as ISO text cast to `timestamp` (Prisma
// stores DateTime as UTC in `timestamp(3)` columns, and a cast ignores the trailing "Z", whatever the session
// time zone).
//
// Keyset paging with mixed directions and nulls: "after the cursor row" is split into one branch per sort
// level (the levels before it equal to the cursor's values, this level strictly after it; a nullable level
// also has a branch for its nulls, which sort last). Each branch is a range on one index column behind an
// equality prefix, so every branch reads only the rows it returns from the matching index
// (prisma/schema.prisma, model Task: the indexes named there); the branches, each limited, are merged.
import { Prisma } from '../generated/prisma/client.ts'
import { addDays } from '../../domain/local-date.ts'
import { hiddenProcedures, type Restrictions } from '../../domain/procedure-restriction.ts'
import { warsawInstant } from '../../domain/warsaw-time.ts'
import type { CursorValue, InboxFilters, InboxView, SortLevel } from './inbox-query.ts'
import { atRiskUntil } from './task-deadline.ts'

const { sql, join, raw } = Prisma
type Sql = Prisma.Sql

export interface Viewer {
  login: string
  groups: readonly string[]
  /**
   * The restricted procedures the viewer is not allowed in (domain/procedure-restriction.ts hiddenProcedures,
   * from the data in force): their tasks, and the tasks of their cases, are left out of every view and count —
   * also those the viewer holds or is a candidate for.
   */
  hidden: readonly string[]
}

/** The viewer for a person under the restrictions in force. */
export function viewerOf(user: { login: string; groups: readonly string[] }, restrictions: Restrictions): Viewer {
  return { login: user.login, groups: user.groups, hidden: hiddenProcedures(restrictions, user.groups) }
}

const ts = (d: Date): Sql => sql`${d.toISOString()}::timestamp`

const textArray = (values: readonly string[]): Sql => sql`${[...values]}::text[]`

/** LIKE pattern that matches `s` literally. */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Tasks the viewer may list in the group views: a candidate group of theirs, or they as a candidate user. */
export function visibleTo(viewer: Viewer): Sql {
  return sql`(t."candidateGroups" && ${textArray(viewer.groups)} OR ${viewer.login} = ANY(t."candidateUsers"))`
}

/**
 * Not a task of a restricted procedure the viewer is not allowed in (Blue Card): neither one of its own tasks nor a
 * task of one of its cases (src/cases/case-access.ts).
 */
export function notRestricted(viewer: Viewer): Sql {
  const hidden = viewer.hidden
  if (hidden.length === 0) return sql`TRUE`
  return sql`NOT (t."processId" = ANY(${textArray(hidden)}))
    AND NOT EXISTS (SELECT 1 FROM "Case" rc WHERE rc.id = t."caseId" AND rc.procedure = ANY(${textArray(hidden)}))`
}

/** A view's condition; every view leaves out what the viewer may not see (notRestricted). */
export function viewCondition(view: InboxView, viewer: Viewer): Sql {
  switch (view) {
    case 'mine': return sql`t.status = 'open' AND t.assignee = ${viewer.login} AND ${notRestricted(viewer)}`
    case 'group': return sql`t.status = 'open' AND ${visibleTo(viewer)} AND ${notRestricted(viewer)}`
    case 'unassigned': return sql`t.status = 'open' AND t.assignee IS NULL AND ${visibleTo(viewer)} AND ${notRestricted(viewer)}`
    case 'all': return sql`t.status = 'open' AND ${notRestricted(viewer)}`
    case 'completed': return sql`t.status = 'completed' AND t."completedBy" = ${viewer.login} AND ${notRestricted(viewer)}`
  }
}

export function filterConditions(filters: InboxFilters, now: Date): Sql[] {
  const out: Sql[] = []
  if (filters.procedure !== undefined) out.push(sql`t."processId" = ${filters.procedure}`)
  if (filters.task !== undefined) {
    out.push(sql`(t."elementId" = ${filters.task} OR t.name ILIKE ${`%${likeLiteral(filters.task)}%`})`)
  }
  if (filters.dueAfter !== undefined) out.push(sql`t."dueAt" >= ${ts(warsawInstant(filters.dueAfter))}`)
  if (filters.dueBefore !== undefined) out.push(sql`t."dueAt" < ${ts(warsawInstant(addDays(filters.dueBefore, 1)))}`)
  if (filters.overdue) out.push(sql`t."dueAt" < ${ts(now)}`)
  if (filters.atRisk) out.push(sql`t."dueAt" >= ${ts(now)} AND t."dueAt" < ${ts(atRiskUntil(now))}`)
  if (filters.minPriority !== undefined) out.push(sql`t.priority >= ${filters.minPriority}::int`)
  if (filters.assignee !== undefined) out.push(sql`t.assignee = ${filters.assignee}`)
  if (filters.caseNumber !== undefined) {
    out.push(sql`EXISTS (SELECT 1 FROM "Case" c WHERE c.id = t."caseId" AND c.number ILIKE ${`%${likeLiteral(filters.caseNumber)}%`})`)
  }
  if (filters.applicant !== undefined) {
    // the surname's start, case-insensitive (lower() knows Polish letters); Person_lower_lastName_idx (an expression
    // index on exactly this lower("lastName"), migration person_surname_search) or Person_caseId_idx finds the rows
    out.push(sql`EXISTS (SELECT 1 FROM "Person" p WHERE p."caseId" = t."caseId" AND p.role = 'applicant'
      AND lower(p."lastName") LIKE lower(${likeLiteral(filters.applicant)}) || '%')`)
  }
  return out
}

export function andAll(parts: readonly Sql[]): Sql {
  return parts.length === 0 ? sql`TRUE` : join(parts.map((p) => sql`(${p})`), ' AND ')
}

// ---------------------------------------------------------------------------------------------------------
// ordering and keyset

const COLUMN_SQL: Record<SortLevel['column'], string> = {
  dueAt: '"dueAt"',
  createdAt: '"createdAt"',
  priority: 'priority',
  completedAt: '"completedAt"',
  id: 'id',
}

function col(alias: string, level: SortLevel): Sql {
  return raw(`${alias}.${COLUMN_SQL[level.column]}`)
}

function value(level: SortLevel, v: CursorValue): Sql {
  if (level.column === 'priority') return sql`${v}::int`
  if (level.column === 'id') return sql`${v}`
  return sql`${v}::timestamp`
}

export function orderBy(levels: readonly SortLevel[], alias = 't'): Sql {
  // NULLS LAST only where nulls can occur: a plain DESC on a NOT NULL column matches a DESC index
  return join(levels.map((l) => sql`${col(alias, l)} ${raw(l.desc ? 'DESC' : 'ASC')}${raw(l.nullable ? ' NULLS LAST' : '')}`), ', ')
}

/** The conditions, one per branch, that together select exactly the rows after the cursor. */
export function afterCursor(levels: readonly SortLevel[], values: readonly CursorValue[]): Sql[] {
  const branches: Sql[] = []
  const prefix: Sql[] = []
  levels.forEach((level, i) => {
    const c = col('t', level)
    const v = values[i]
    if (v !== null) {
      branches.push(andAll([...prefix, sql`${c} ${raw(level.desc ? '<' : '>')} ${value(level, v)}`]))
      if (level.nullable) branches.push(andAll([...prefix, sql`${c} IS NULL`]))
      prefix.push(sql`${c} = ${value(level, v)}`)
    } else {
      // nulls sort last: nothing is after a null on this level, only ties that the next levels order
      prefix.push(sql`${c} IS NULL`)
    }
  })
  return branches
}

const SELECT_KEYS = raw('t.id, t."dueAt", t."createdAt", t.priority, t."completedAt"')

/** The ids of one page (take rows, in order) of the tasks matching `where`, after the cursor if given. */
export function pageQuery(where: Sql, levels: readonly SortLevel[], cursor: readonly CursorValue[] | null, take: number): Sql {
  if (!cursor) {
    return sql`SELECT t.id FROM "Task" t WHERE ${where} ORDER BY ${orderBy(levels)} LIMIT ${take}`
  }
  const branches = afterCursor(levels, cursor)
  if (branches.length === 0) return sql`SELECT t.id FROM "Task" t WHERE FALSE`
  const parts = branches.map(
    (branch) => sql`(SELECT ${SELECT_KEYS} FROM "Task" t WHERE ${where} AND ${branch} ORDER BY ${orderBy(levels)} LIMIT ${take})`,
  )
  return sql`SELECT u.id FROM (${join(parts, ' UNION ALL ')}) u ORDER BY ${orderBy(levels, 'u')} LIMIT ${take}`
}
