// Who may see, claim and complete a task: its assignee, its candidate users and members of its candidate groups.
// Managers and administrators may also read (not work on) every task the "all" view lists them (mayReadTask).
// Task.assignee, candidateUsers and completedBy hold user logins (as Zeebe's user-task API does).
import type { AuthUser } from '../users/auth-user.ts'
import { isPrivileged, isRestrictedGroup, RESTRICTED_GROUPS } from '../users/groups.ts'

export interface TaskAudience {
  assignee: string | null
  candidateUsers: string[]
  candidateGroups: string[]
}

export function isCandidate(user: AuthUser, task: TaskAudience): boolean {
  return task.candidateUsers.includes(user.login) || task.candidateGroups.some((g) => user.groups.includes(g))
}

export function canSeeTask(user: AuthUser, task: TaskAudience): boolean {
  return task.assignee === user.login || isCandidate(user, task)
}

/**
 * Managers and administrators may release and assign others' tasks, except the tasks of a restricted group
 * (Blue Card) they are not members of.
 */
export function mayManageTask(user: AuthUser, task: Pick<TaskAudience, 'candidateGroups'>): boolean {
  if (!isPrivileged(user.groups)) return false
  return !task.candidateGroups.some((g) => RESTRICTED_GROUPS.has(g) && !user.groups.includes(g))
}

/**
 * Read-only access: whoever may see the task, and managers and administrators for every task the "all" view
 * lists them (src/inbox/inbox-sql.ts notRestricted): not the tasks offered to a restricted group they are not in,
 * nor the tasks of a case such a group owns (`caseOwnerGroup`, null for a task without a case).
 */
export function mayReadTask(user: AuthUser, task: TaskAudience, caseOwnerGroup: string | null): boolean {
  if (canSeeTask(user, task)) return true
  if (!mayManageTask(user, task)) return false
  return caseOwnerGroup === null || !isRestrictedGroup(caseOwnerGroup) || user.groups.includes(caseOwnerGroup)
}

/**
 * Whether the claim button makes sense (claimTask's rules without its database checks): an open task nobody
 * holds, offered to one of the person's groups or to them as a candidate user. Four eyes is checked on claiming.
 */
export function mayClaimTask(user: AuthUser, task: TaskAudience & { status: string }): boolean {
  return task.status === 'open' && task.assignee === null && isCandidate(user, task)
}
