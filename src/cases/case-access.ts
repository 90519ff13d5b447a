// Who may see a case: members of its owner group, and managers and administrators — except for the cases of
// a restricted group (Blue Card: blue-card-team), which only that group's members may see.
import { isPrivileged, isRestrictedGroup } from '../users/groups.ts'
import type { AuthUser } from '../users/auth-user.ts'

export function canSeeCase(user: AuthUser, kase: { ownerGroup: string }): boolean {
  if (user.groups.includes(kase.ownerGroup)) return true
  return !isRestrictedGroup(kase.ownerGroup) && isPrivileged(user.groups)
}
