// Restricted procedures: which groups may see a procedure's cases and tasks. The data lives in the
// ProcedureRestriction table (administrators change it, src/procedures/procedure-restrictions.ts); this module holds
// the rules over a snapshot of it. Pure: no I/O.
//
// A restricted procedure's cases and tasks are for members of its allowed groups only: not for managers or
// administrators outside them, not for an assignee or a candidate outside them (whatever a BPMN file, an SLA policy
// or an absence put on the task). A procedure without a row falls back to the shipped default
// (src/procedures/data/procedure-restrictions.json), so a database the start-up seed has not reached yet is never
// more open than the default; a row with no groups is an administrator's decision to lift the restriction.

export interface Restrictions {
  /** processId → the allowed groups (never empty: a lifted restriction is absent from the map). */
  readonly byProcess: ReadonlyMap<string, readonly string[]>
}

export interface RestrictionRow {
  processId: string
  groups: readonly string[]
}

/** The rules in force: the rows, and the defaults for the procedures that have no row. */
export function restrictionsOf(rows: readonly RestrictionRow[], defaults: readonly RestrictionRow[] = []): Restrictions {
  const byProcess = new Map<string, readonly string[]>()
  const stored = new Set(rows.map((r) => r.processId))
  for (const row of [...defaults.filter((d) => !stored.has(d.processId)), ...rows]) {
    const groups = [...new Set(row.groups.filter((g) => g !== ''))]
    if (groups.length) byProcess.set(row.processId, groups)
  }
  return { byProcess }
}

export const NO_RESTRICTIONS: Restrictions = { byProcess: new Map() }

/** The groups allowed to see the procedure's cases and tasks; null when it is not restricted. */
export function allowedGroups(r: Restrictions, processId: string | null | undefined): readonly string[] | null {
  if (processId === null || processId === undefined) return null
  return r.byProcess.get(processId) ?? null
}

export function isRestrictedProcedure(r: Restrictions, processId: string | null | undefined): boolean {
  return allowedGroups(r, processId) !== null
}

/** Whether someone in `groups` may see the procedure's cases and tasks at all (true for a procedure not restricted). */
export function mayAccessProcedure(r: Restrictions, groups: readonly string[], processId: string | null | undefined): boolean {
  const allowed = allowedGroups(r, processId)
  return allowed === null || allowed.some((g) => groups.includes(g))
}

/** mayAccessProcedure for every procedure given (a task's own and its case's). */
export function mayAccessAll(r: Restrictions, groups: readonly string[], processIds: readonly (string | null | undefined)[]): boolean {
  return processIds.every((p) => mayAccessProcedure(r, groups, p))
}

/** The restricted procedures whose cases and tasks someone in `groups` may not see (for SQL filters). */
export function hiddenProcedures(r: Restrictions, groups: readonly string[]): string[] {
  return [...r.byProcess.entries()].filter(([, allowed]) => !allowed.some((g) => groups.includes(g))).map(([p]) => p).sort()
}

/** The restricted procedures (for the checks that compare a person with every one of them). */
export function restrictedProcedures(r: Restrictions): string[] {
  return [...r.byProcess.keys()].sort()
}

/**
 * The group that owns a new case of the procedure (Case.ownerGroup): the first allowed group of a restricted
 * procedure, `fallback` (the caseworkers) for any other.
 */
export function ownerGroupOf(r: Restrictions, procedure: string, fallback: string): string {
  return allowedGroups(r, procedure)?.[0] ?? fallback
}

/**
 * The group a case's own work goes to (the art. 36 task, the case's group notices): its owner group, unless the
 * procedure is restricted and the owner group is no longer one of the allowed groups (an administrator changed
 * them since the case was registered): then the first allowed group.
 */
export function caseTeam(r: Restrictions, kase: { procedure: string; ownerGroup: string }): string {
  const allowed = allowedGroups(r, kase.procedure)
  return allowed && !allowed.includes(kase.ownerGroup) ? allowed[0]! : kase.ownerGroup
}

export const RESTRICTION_PROCESS_ID = /^[A-Za-z_][\w.-]{0,99}$/
export const MAX_RESTRICTION_GROUPS = 20

export type RestrictionProblem = { field: 'processId' | 'groups'; code: 'required' | 'format' | 'unknownGroup' | 'tooMany'; group?: string }

/**
 * Validates an administrator's input: a process id, and the group keys (each one a group the system knows; none:
 * the restriction is lifted). Returns the groups, trimmed and without repeats, in the order given.
 */
export function parseRestrictionInput(
  processId: unknown,
  groups: unknown,
  knownGroups: readonly string[],
): { ok: true; processId: string; groups: string[] } | { ok: false; problems: RestrictionProblem[] } {
  const problems: RestrictionProblem[] = []
  if (typeof processId !== 'string' || processId === '') problems.push({ field: 'processId', code: 'required' })
  else if (!RESTRICTION_PROCESS_ID.test(processId)) problems.push({ field: 'processId', code: 'format' })
  const list = typeof groups === 'string' ? [groups] : groups === undefined || groups === null ? [] : groups
  if (!Array.isArray(list) || !list.every((g) => typeof g === 'string')) {
    problems.push({ field: 'groups', code: 'format' })
  } else {
    const keys = [...new Set(list.map((g) => g.trim()).filter((g) => g !== ''))]
    if (keys.length > MAX_RESTRICTION_GROUPS) problems.push({ field: 'groups', code: 'tooMany' })
    for (const key of keys) if (!knownGroups.includes(key)) problems.push({ field: 'groups', code: 'unknownGroup', group: key.slice(0, 100) })
    if (problems.length === 0) return { ok: true, processId: processId as string, groups: keys }
  }
  return { ok: false, problems }
}
