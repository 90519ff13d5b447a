// Who may see, claim and complete a task: its assignee, its candidate users and members of its candidate groups.
// Task.assignee, candidateUsers and completedBy hold user logins (as Zeebe's user-task API does).
import type { AuthUser } from '../users/auth-user.ts'
import { isPrivileged, RESTRICTED_GROUPS } from '../users/groups.ts'

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
