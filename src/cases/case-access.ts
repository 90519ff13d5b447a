// Who may see a case: members of its owner group, managers and administrators.
import { isPrivileged } from '../users/groups.ts'
import type { AuthUser } from '../users/auth-user.ts'

export function canSeeCase(user: AuthUser, kase: { ownerGroup: string }): boolean {
  return user.groups.includes(kase.ownerGroup) || isPrivileged(user.groups)
}
