// Deployment check for restricted procedures (domain/procedure-restriction.ts): a user task of a restricted
// procedure may be offered only to its allowed groups. Refused, with the element named:
//  - candidate groups outside the allowed groups, or given as a FEEL expression (it cannot be checked before it runs);
//  - candidate users given as an expression, or naming someone who is not an active member of an allowed group;
//  - a fixed assignee who is not an active member of an allowed group.
// A FEEL assignee expression is accepted: at run time the inbox drops an assignee outside the allowed groups and the
// task stays with its group (src/inbox/release-restricted-tasks.ts). Used by checkDeployment (dry run and every
// upload) and, as the engine's deployment guard, by every deployment the engine makes (the processes folder too).
// A file identical to the newest deployed version of its process makes no new version and is not checked again
// (`onlyNewVersions`), so a procedure restricted after its version was deployed still starts from the processes
// folder; the administrators' page lists what that version offers outside the groups (conflicts).
import type { PrismaClient } from '../generated/prisma/client.ts'
import { isFeel } from '../../engine/embedded/feel.ts'
import { parseBpmn } from '../../engine/embedded/process-model.ts'
import type { DeploymentGuard, DeploymentProblem, DeployResource } from '../../engine/port.ts'
import { allowedGroups, type Restrictions } from '../../domain/procedure-restriction.ts'
import { loadRestrictions } from './load-restrictions.ts'
import { canonicalChecksum, matchesChecksum } from './canonical-content.ts'

export const RESTRICTED_RULE = 'restricted-procedure'

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean)
}

/** Active users among `logins` who are members of one of `groups`. */
async function membersAmong(prisma: PrismaClient, logins: readonly string[], groups: readonly string[]): Promise<Set<string>> {
  if (logins.length === 0) return new Set()
  const users = await prisma.user.findMany({
    where: { login: { in: [...new Set(logins)] }, active: true, memberships: { some: { group: { key: { in: [...groups] } } } } },
    select: { login: true },
  })
  return new Set(users.map((u) => u.login))
}

/** Whether the newest deployed version of the process has this content (the engine makes no new version of it:
 * the same canonical comparison as the engine's, src/procedures/canonical-content.ts). */
async function isUnchanged(prisma: PrismaClient, processId: string, checksum: string): Promise<boolean> {
  const newest = await prisma.processDefinition.findFirst({ where: { processId }, orderBy: { version: 'desc' }, select: { checksum: true, resourceName: true, xml: true } })
  if (!newest) return false
  return matchesChecksum({ checksum: newest.checksum, resource: () => ({ name: newest.resourceName, content: newest.xml }) }, checksum)
}

export async function checkRestrictedAssignments(
  files: readonly DeployResource[],
  deps: { prisma: PrismaClient },
  options: { restrictions?: Restrictions; onlyNewVersions?: boolean } = {},
): Promise<DeploymentProblem[]> {
  const bpmn = files.filter((f) => f.name.endsWith('.bpmn'))
  if (bpmn.length === 0) return []
  const r = options.restrictions ?? (await loadRestrictions(deps.prisma))
  const onlyNew = options.onlyNewVersions ?? true
  const problems: DeploymentProblem[] = []
  for (const file of bpmn) {
    const parsed = await parseBpmn(file.name, file.content) // its own problems are reported by the other checks
    // a file that does not parse is refused by the other checks; here it is only never "unchanged". Computed only
    // for a restricted procedure: for a large file it costs a parse and a serialisation.
    let checksum: Promise<string | null> | null = null
    for (const model of parsed.processes) {
      const allowed = allowedGroups(r, model.processId)
      if (!allowed) continue
      checksum ??= canonicalChecksum(file.name, file.content).catch(() => null)
      const sum = await checksum
      if (onlyNew && sum && (await isUnchanged(deps.prisma, model.processId, sum))) continue
      const allowedText = allowed.join(', ')
      const problem = (elementId: string, message: string) => problems.push({ resource: file.name, elementId, rule: RESTRICTED_RULE, message })
      const named: { elementId: string; login: string; what: 'candidate user' | 'assignee' }[] = []
      for (const el of model.elements.values()) {
        if (el.kind !== 'user') continue
        if (el.candidateGroups !== null && el.candidateGroups.trim() !== '') {
          if (isFeel(el.candidateGroups)) {
            problem(el.id, `Procedure "${model.processId}" is restricted to ${allowedText}: its user tasks name their candidate groups as a fixed list, not an expression`)
          } else {
            const outside = list(el.candidateGroups).filter((g) => !allowed.includes(g))
            if (outside.length) {
              problem(el.id, `Procedure "${model.processId}" is restricted to ${allowedText}: the task may not be offered to ${outside.join(', ')}`)
            }
          }
        }
        if (el.candidateUsers !== null && el.candidateUsers.trim() !== '') {
          if (isFeel(el.candidateUsers)) {
            problem(el.id, `Procedure "${model.processId}" is restricted to ${allowedText}: its user tasks name their candidate users as a fixed list, not an expression`)
          } else {
            for (const login of list(el.candidateUsers)) named.push({ elementId: el.id, login, what: 'candidate user' })
          }
        }
        const assignee = el.assignee?.trim() ?? ''
        if (assignee !== '' && !assignee.startsWith('=')) named.push({ elementId: el.id, login: assignee, what: 'assignee' })
      }
      const members = await membersAmong(deps.prisma, named.map((n) => n.login), allowed)
      for (const n of named) {
        if (!members.has(n.login)) {
          problem(n.elementId, `Procedure "${model.processId}" is restricted to ${allowedText}: ${n.what} ${n.login} is not an active member of those groups`)
        }
      }
    }
  }
  return problems
}

/** The check as the engine's deployment guard (engine/port.ts), reading the restrictions in force. */
export function restrictedAssignmentGuard(prisma: PrismaClient): DeploymentGuard {
  return (resources) => checkRestrictedAssignments(resources, { prisma })
}
