// SLA policies in the database: the newest version of each key is in force. Version 1 of each key comes from
// ./data/sla-policies.json at start-up (only for keys with no version yet); managers add versions through
// savePolicyVersion. A new version re-applies the policy to the open tasks or cases it covers.
import { userTasksOf } from './policy-targets.ts'
import defaults from './data/sla-policies.json' with { type: 'json' }
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import { checkPolicyLevel, parseSlaDefinition, policyKey, ANY, type SlaDefinition, type SlaProblem } from '../../domain/sla-policy.ts'
import { recordAudit } from '../cases/audit.ts'
import { ServiceError } from '../cases/service-error.ts'
import type { Actor } from '../users/actor.ts'
import { SystemComment } from '../procedures/version-comments.ts'
import { allowedGroups, mayAccessProcedure, restrictedProcedures } from '../../domain/procedure-restriction.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'

export interface ActivePolicy {
  id: string
  key: string
  version: number
  processId: string
  elementId: string | null
  definition: SlaDefinition
  createdBy: string | null
  comment: string | null
  createdAt: Date
}

type Row = { id: string; key: string; version: number; processId: string; elementId: string | null; definition: unknown; createdBy: string | null; comment: string | null; createdAt: Date }

function toActive(row: Row): ActivePolicy | null {
  const parsed = parseSlaDefinition(row.definition)
  return parsed.ok ? { ...row, definition: parsed.value } : null
}

/** The newest version of every key (a stored definition that no longer validates is skipped). */
export async function loadActivePolicies(prisma: PrismaClient): Promise<ActivePolicy[]> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT DISTINCT ON ("key") "id", "key", "version", "processId", "elementId", "definition", "createdBy", "comment", "createdAt"
    FROM "SlaPolicy" ORDER BY "key", "version" DESC`
  return rows.map(toActive).filter((p): p is ActivePolicy => p !== null)
}

export async function loadPolicyVersions(prisma: PrismaClient, key: string): Promise<ActivePolicy[]> {
  const rows = await prisma.slaPolicy.findMany({ where: { key }, orderBy: { version: 'desc' } })
  return rows.map(toActive).filter((p): p is ActivePolicy => p !== null)
}

/** Writes version 1 of every key of the defaults file that has no version yet. Returns the keys written. */
export async function seedDefaultPolicies(prisma: PrismaClient, clock: Clock): Promise<string[]> {
  const written: string[] = []
  for (const p of defaults.policies) {
    const parsed = parseSlaDefinition(p.definition)
    if (!parsed.ok) throw new Error(`sla-policies.json: ${policyKey(p.processId, p.elementId)}: ${parsed.problems.map((x) => `${x.path} ${x.message}`).join('; ')}`)
    const key = policyKey(p.processId, p.elementId)
    const created = await prisma.slaPolicy.createMany({
      data: [{ key, version: 1, processId: p.processId, elementId: p.elementId, definition: parsed.value as Prisma.InputJsonValue, createdBy: null, comment: SystemComment.defaultPolicy, createdAt: clock.now() }],
      skipDuplicates: true,
    })
    if (created.count) written.push(key)
  }
  return written
}

export interface PolicyInput {
  processId: unknown
  elementId: unknown
  definition: unknown
  comment?: unknown
}

function idField(value: unknown, name: string, problems: SlaProblem[], allowNull: boolean): string | null {
  if (value === null || value === undefined || value === '') {
    if (!allowNull) problems.push({ path: name, code: 'required', message: 'required' })
    return null
  }
  if (typeof value !== 'string' || !/^([A-Za-z_][\w.-]{0,99}|\*)$/.test(value)) {
    problems.push({ path: name, code: 'format', message: 'must be a BPMN id or *' })
    return null
  }
  return value
}

/** The process must be deployed, and a named element one of its user tasks (newest version): a policy for a
 * mistyped key would silently never apply. */
async function checkProcessAndTask(prisma: PrismaClient, processId: string, elementId: string | null): Promise<SlaProblem[]> {
  const newest = await prisma.processDefinition.findFirst({ where: { processId }, orderBy: { version: 'desc' }, select: { xml: true } })
  if (!newest) return [{ path: 'processId', code: 'unknownProcess', message: `no procedure ${processId} is deployed` }]
  if (elementId === null || elementId === ANY) return []
  const userTasks = new Set(userTasksOf(newest.xml).map((t) => t.id))
  return userTasks.has(elementId) ? [] : [{ path: 'elementId', code: 'unknownTask', message: `${processId} has no user task ${elementId}` }]
}

/** A reassign step must name an active user: a step naming nobody would take the task from its holder and give it
 * to no one who can see it. */
async function checkAssignees(prisma: PrismaClient, definition: unknown): Promise<SlaProblem[]> {
  const steps = (definition as { escalations?: unknown } | null)?.escalations
  const named = (Array.isArray(steps) ? steps : [])
    .map((s, i) => ({ i, login: (s as { assignee?: unknown } | null)?.assignee }))
    .filter((s): s is { i: number; login: string } => typeof s.login === 'string' && s.login !== '')
  if (named.length === 0) return []
  const active = new Set((await prisma.user.findMany({ where: { login: { in: named.map((s) => s.login) }, active: true }, select: { login: true } })).map((u) => u.login))
  return named.filter((s) => !active.has(s.login)).map((s) => ({ path: `escalations.${s.i}.assignee`, code: 'unknownUser', message: `no active user ${s.login}` }))
}

/**
 * Restricted procedures (domain/procedure-restriction.ts): a reassign step may name only a member of the allowed
 * groups of every restricted procedure the policy covers — its own procedure, or every restricted one for the global
 * `*` policy (it applies to each procedure without a policy of its own). The SLA monitor checks it again when a step
 * fires (a policy saved before the restriction, or inserted another way).
 */
async function checkRestrictedAssignees(prisma: PrismaClient, processId: string | null, definition: unknown): Promise<SlaProblem[]> {
  if (processId === null) return []
  const restrictions = await loadRestrictions(prisma)
  const covered = processId === ANY ? restrictedProcedures(restrictions) : allowedGroups(restrictions, processId) ? [processId] : []
  if (covered.length === 0) return []
  const steps = (definition as { escalations?: unknown } | null)?.escalations
  const named = (Array.isArray(steps) ? steps : [])
    .map((s, i) => ({ i, login: (s as { assignee?: unknown } | null)?.assignee }))
    .filter((s): s is { i: number; login: string } => typeof s.login === 'string' && s.login !== '')
  if (named.length === 0) return []
  const users = await prisma.user.findMany({
    where: { login: { in: named.map((s) => s.login) }, active: true },
    select: { login: true, memberships: { select: { group: { select: { key: true } } } } },
  })
  const groupsOf = new Map(users.map((u) => [u.login, u.memberships.map((m) => m.group.key)]))
  const problems: SlaProblem[] = []
  for (const s of named) {
    const groups = groupsOf.get(s.login)
    if (!groups) continue // not an active user: checkAssignees says so
    const outside = covered.find((p) => !mayAccessProcedure(restrictions, groups, p))
    if (outside) {
      const allowed = (allowedGroups(restrictions, outside) ?? []).join(', ')
      problems.push({
        path: `escalations.${s.i}.assignee`,
        code: 'assigneeOutsideRestriction',
        message: `procedure ${outside} is restricted to ${allowed}: ${s.login} is not a member, its tasks may not go to them`,
        params: { procedure: outside, groups: allowed },
      })
    }
  }
  return problems
}

/** Validates and stores a new version of a policy; re-applies it to what it covers. Managers and administrators only. */
export async function savePolicyVersion(prisma: PrismaClient, clock: Clock, actor: Actor, input: PolicyInput): Promise<ActivePolicy> {
  const problems: SlaProblem[] = []
  const processId = idField(input.processId, 'processId', problems, false)
  const elementId = idField(input.elementId, 'elementId', problems, true)
  if (processId === ANY && elementId !== ANY) problems.push({ path: 'elementId', code: 'globalElement', message: 'the global policy covers every task: elementId must be *' })
  else if (processId && processId !== ANY) problems.push(...(await checkProcessAndTask(prisma, processId, elementId)))
  const parsed = parseSlaDefinition(input.definition)
  const inDefinition = (p: SlaProblem): SlaProblem => ({ ...p, path: `definition.${p.path}` })
  if (!parsed.ok) problems.push(...parsed.problems.map(inDefinition))
  else problems.push(...checkPolicyLevel(parsed.value, elementId === null).map(inDefinition))
  problems.push(...(await checkAssignees(prisma, input.definition)).map(inDefinition)) // also beside other problems
  problems.push(...(await checkRestrictedAssignees(prisma, processId, input.definition)).map(inDefinition))
  const comment = typeof input.comment === 'string' ? input.comment.trim().slice(0, 500) : ''
  if (problems.length || !parsed.ok || !processId) {
    throw new ServiceError('VALIDATION_FAILED', `The policy is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
      details: { problems: JSON.stringify(problems) },
    })
  }
  const key = policyKey(processId, elementId)
  const now = clock.now()
  const row = await prisma.$transaction(async (tx) => {
    const last = await tx.slaPolicy.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { version: true } })
    const created = await tx.slaPolicy.create({
      data: { key, version: (last?.version ?? 0) + 1, processId, elementId, definition: parsed.value as Prisma.InputJsonValue, createdBy: actor.user.login, comment: comment || null, createdAt: now },
    })
    // what the policy covers is measured again by the next sweep (fired steps stay fired)
    if (elementId === null) {
      await tx.case.updateMany({ where: { procedure: processId, status: 'open', slaDoneAt: null }, data: { slaAppliedAt: null } })
    } else {
      await tx.task.updateMany({
        where: { status: 'open', ...(processId === ANY ? {} : { processId }), ...(elementId === ANY ? {} : { elementId }) },
        data: { slaAppliedAt: null },
      })
    }
    await recordAudit(tx, actor, now, { action: 'sla.policy-saved', details: { key, version: created.version } })
    return created
  })
  return toActive(row)!
}
