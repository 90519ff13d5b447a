// Restricted procedures as data (model ProcedureRestriction; the rules: domain/procedure-restriction.ts).
// Administrators only read and change them (403 for everyone else, managers included; refusals audited). Every
// change is audited (`restriction.save`, with the groups before and after) and takes effect at once in this process
// (the cache of load-restrictions.ts is dropped). The start-up seed writes the shipped defaults
// (data/procedure-restrictions.json) for procedures that have no row yet and never overwrites a row.
import type { PrismaClient } from '../generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import type { DeploymentProblem } from '../../engine/port.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError, type FieldIssues } from '../cases/service-error.ts'
import { allowedGroups, MAX_RESTRICTION_GROUPS, parseRestrictionInput, restrictionsOf, type Restrictions } from '../../domain/procedure-restriction.ts'
import type { Actor } from '../users/actor.ts'
import type { AuthUser } from '../users/auth-user.ts'
import { ADMINS, STANDARD_GROUPS, groupName } from '../users/groups.ts'
import { checkRestrictedAssignments } from './check-restricted-assignments.ts'
import { DEFAULT_RESTRICTIONS, forgetRestrictions, loadRestrictions } from './load-restrictions.ts'
import { procedureNames } from './procedure-names.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

/** The audit actions of restricted procedures (also listed in src/audit/audit-actions.ts). */
export const RestrictionAudit = {
  list: 'restrictions.list',
  listDenied: 'restrictions.list-denied',
  save: 'restriction.save',
  saveDenied: 'restriction.save-denied',
  saveRejected: 'restriction.save-rejected',
} as const

export interface RestrictionView {
  processId: string
  /** The newest deployed version's name; null for a procedure not deployed (yet). */
  name: string | null
  /** The groups allowed to see its cases and tasks; empty: not restricted. */
  groups: string[]
  restricted: boolean
  /** false: no row yet (the shipped default, or nothing, is in force). */
  stored: boolean
  updatedBy: string | null
  updatedAt: string | null
  /** User tasks of the newest deployed version offered outside the allowed groups (they stay with nobody who may
   * work on them until a version that offers them to an allowed group is deployed). */
  conflicts: DeploymentProblem[]
}

export interface RestrictionList {
  items: RestrictionView[]
  /** Every group a restriction may name: key and the name people read. */
  groups: { key: string; name: string }[]
}

export function mayManageRestrictions(user: Pick<AuthUser, 'groups'>): boolean {
  return user.groups.includes(ADMINS)
}

async function requireAdmin(deps: Deps, actor: Actor, deniedAction: string, details: Record<string, string> = {}): Promise<void> {
  if (mayManageRestrictions(actor.user)) return
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: deniedAction, details })
  throw new ServiceError('FORBIDDEN', 'Only administrators may see and change restricted procedures.')
}

/** Group keys a restriction may name: the groups in the database and the standard ones. */
async function knownGroups(prisma: PrismaClient): Promise<{ key: string; name: string }[]> {
  const rows = await prisma.group.findMany({ select: { key: true, name: true }, orderBy: { key: 'asc' } })
  const byKey = new Map<string, string>(STANDARD_GROUPS.map((g) => [g.key, g.name]))
  for (const row of rows) if (!byKey.has(row.key)) byKey.set(row.key, row.name)
  return [...byKey].map(([key, name]) => ({ key, name: name || groupName(key) }))
}

/** Problems of the newest deployed version of the procedure under the given restrictions. */
async function conflictsOf(prisma: PrismaClient, processId: string, r: Restrictions): Promise<DeploymentProblem[]> {
  if (!allowedGroups(r, processId)) return []
  const newest = await prisma.processDefinition.findFirst({ where: { processId }, orderBy: { version: 'desc' }, select: { resourceName: true, xml: true } })
  if (!newest) return []
  const problems = await checkRestrictedAssignments([{ name: newest.resourceName.endsWith('.bpmn') ? newest.resourceName : `${processId}.bpmn`, content: newest.xml }], { prisma }, { restrictions: r, onlyNewVersions: false })
  return problems.filter((p) => p.elementId !== null)
}

async function views(prisma: PrismaClient, processIds: readonly string[], r: Restrictions): Promise<RestrictionView[]> {
  const rows = new Map((await prisma.procedureRestriction.findMany({ where: { processId: { in: [...processIds] } } })).map((row) => [row.processId, row]))
  const names = await procedureNames(prisma, processIds)
  const out: RestrictionView[] = []
  for (const processId of processIds) {
    const row = rows.get(processId)
    const groups = [...(allowedGroups(r, processId) ?? [])]
    out.push({
      processId,
      name: names.get(processId) ?? null,
      groups,
      restricted: groups.length > 0,
      stored: row !== undefined,
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row ? row.updatedAt.toISOString() : null,
      conflicts: await conflictsOf(prisma, processId, r),
    })
  }
  return out
}

/** Every deployed procedure and every procedure with a restriction (row or default), restricted ones first. */
export async function listRestrictions(deps: Deps, actor: Actor): Promise<RestrictionList> {
  await requireAdmin(deps, actor, RestrictionAudit.listDenied)
  const r = await loadRestrictions(deps.prisma)
  const deployed = [...(await procedureNames(deps.prisma)).keys()]
  const stored = (await deps.prisma.procedureRestriction.findMany({ select: { processId: true } })).map((row) => row.processId)
  const ids = [...new Set([...deployed, ...stored, ...DEFAULT_RESTRICTIONS.map((d) => d.processId)])]
  const items = (await views(deps.prisma, ids, r)).sort((a, b) => Number(b.restricted) - Number(a.restricted) || a.processId.localeCompare(b.processId))
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: RestrictionAudit.list, details: { procedures: items.length, restricted: items.filter((i) => i.restricted).length } })
  return { items, groups: await knownGroups(deps.prisma) }
}

/**
 * Sets the groups allowed to see a procedure's cases and tasks (none: lifts the restriction; the row stays, so the
 * seed never brings the default back). Administrators only; audited with the groups before and after.
 */
export async function saveRestriction(deps: Deps, actor: Actor, processId: unknown, groups: unknown): Promise<RestrictionView> {
  const asked = typeof processId === 'string' ? processId.slice(0, 100) : ''
  await requireAdmin(deps, actor, RestrictionAudit.saveDenied, { processId: asked })
  const now = deps.clock.now()
  const parsed = parseRestrictionInput(processId, groups, (await knownGroups(deps.prisma)).map((g) => g.key))
  if (!parsed.ok) {
    await recordAudit(deps.prisma, actor, now, { action: RestrictionAudit.saveRejected, details: { processId: asked, problems: parsed.problems.map((p) => p.code).join(',') } })
    const fields: FieldIssues = {}
    for (const p of parsed.problems) {
      if (fields[p.field]) continue
      fields[p.field] = p.code === 'unknownGroup' ? { code: 'unknownGroup', params: { group: p.group ?? '' } }
        : p.code === 'tooMany' ? { code: 'tooMany', params: { max: MAX_RESTRICTION_GROUPS } }
          : { code: p.code === 'format' ? 'pattern' : 'required' }
    }
    throw new ServiceError('VALIDATION_FAILED', 'The restriction has errors.', { fields })
  }
  const before = [...(allowedGroups(await loadRestrictions(deps.prisma), parsed.processId) ?? [])]
  await deps.prisma.$transaction(async (tx) => {
    await tx.procedureRestriction.upsert({
      where: { processId: parsed.processId },
      create: { processId: parsed.processId, groups: parsed.groups, updatedBy: actor.user.login, updatedAt: now },
      update: { groups: parsed.groups, updatedBy: actor.user.login, updatedAt: now },
    })
    await recordAudit(tx, actor, now, {
      action: RestrictionAudit.save,
      details: { processId: parsed.processId, groups: parsed.groups.join(','), previous: before.join(',') },
    })
  })
  forgetRestrictions(deps.prisma)
  const [view] = await views(deps.prisma, [parsed.processId], await loadRestrictions(deps.prisma))
  return view!
}

/** Writes the shipped default of every procedure without a row (never over an administrator's change). */
export async function seedRestrictions(prisma: PrismaClient, clock: Clock): Promise<string[]> {
  const now = clock.now()
  const created = []
  for (const d of restrictionsOf(DEFAULT_RESTRICTIONS).byProcess) {
    const { count } = await prisma.procedureRestriction.createMany({
      data: [{ processId: d[0], groups: [...d[1]], updatedBy: null, updatedAt: now }],
      skipDuplicates: true,
    })
    if (count) created.push(d[0])
  }
  if (created.length) forgetRestrictions(prisma)
  return created
}
