// Who may see, claim and complete a task: its assignee, its candidate users and members of its candidate groups.
// Task.assignee, candidateUsers and completedBy hold user logins (as Zeebe's user-task API does).
import type { AuthUser } from '../users/auth-user.ts'

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
