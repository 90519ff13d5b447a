// Who may see a case: members of its owner group, managers and administrators — except for the cases of a
// restricted procedure (data: ProcedureRestriction; the Blue Card by default), which only members of its allowed
// groups may see — and the people working on the case in a named role (CaseAssignment: the family assistant of a
// family-assistant or "Za życiem" case), who are not members of the owner group.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import { allowedGroups, type Restrictions } from '../../domain/procedure-restriction.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { isPrivileged } from '../users/groups.ts'
import type { AuthUser } from '../users/auth-user.ts'

export interface CaseAudience {
  procedure: string
  ownerGroup: string
}

export function canSeeCase(user: Pick<AuthUser, 'groups'>, kase: CaseAudience, restrictions: Restrictions): boolean {
  const allowed = allowedGroups(restrictions, kase.procedure)
  if (allowed) return allowed.some((g) => user.groups.includes(g))
  return user.groups.includes(kase.ownerGroup) || isPrivileged(user.groups)
}

/** canSeeCase, or a role on the case (CaseAssignment) — never for a restricted procedure's case. */
export async function mayAccessCase(
  prisma: PrismaClient | Prisma.TransactionClient,
  user: AuthUser,
  caseId: string,
  kase: CaseAudience,
): Promise<boolean> {
  const restrictions = await loadRestrictions(prisma)
  if (canSeeCase(user, kase, restrictions)) return true
  if (allowedGroups(restrictions, kase.procedure)) return false
  return (await prisma.caseAssignment.count({ where: { caseId, login: user.login } })) > 0
}
