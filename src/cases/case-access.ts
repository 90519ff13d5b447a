// Who may see a case: members of its owner group, managers and administrators — except for the cases of a
// restricted group (Blue Card: blue-card-team), which only that group's members may see — and the people working
// on the case in a named role (CaseAssignment: the family assistant of a family-assistant or "Za życiem" case),
// who are not members of the owner group.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import { isPrivileged, isRestrictedGroup } from '../users/groups.ts'
import type { AuthUser } from '../users/auth-user.ts'

export function canSeeCase(user: AuthUser, kase: { ownerGroup: string }): boolean {
  if (user.groups.includes(kase.ownerGroup)) return true
  return !isRestrictedGroup(kase.ownerGroup) && isPrivileged(user.groups)
}

/** canSeeCase, or a role on the case (CaseAssignment) — never for a restricted group's case. */
export async function mayAccessCase(
  prisma: PrismaClient | Prisma.TransactionClient,
  user: AuthUser,
  caseId: string,
  kase: { ownerGroup: string },
): Promise<boolean> {
  if (canSeeCase(user, kase)) return true
  if (isRestrictedGroup(kase.ownerGroup)) return false
  return (await prisma.caseAssignment.count({ where: { caseId, login: user.login } })) > 0
}
