// Who may see, claim and complete a task: its assignee, its candidate users and members of its candidate groups.
// Managers and administrators may also read (not work on) every task the "all" view lists them (mayReadTask).
// Task.assignee, candidateUsers and completedBy hold user logins (as Zeebe's user-task API does).
//
// Restricted procedures (data: ProcedureRestriction, domain/procedure-restriction.ts) come first: a task of a
// restricted procedure — or of a case of one (`caseProcedure`) — is for members of its allowed groups only. Being
// its assignee or a candidate is not enough: a BPMN file, an SLA policy or an absence may have put someone else
// there, and nobody outside the allowed groups lists, reads, claims, drafts, completes, releases or assigns it.
import type { AuthUser } from '../users/auth-user.ts'
import { isPrivileged } from '../users/groups.ts'
import { mayAccessAll, type Restrictions } from '../../domain/procedure-restriction.ts'

export interface TaskAudience {
  processId: string
  assignee: string | null
  candidateUsers: string[]
  candidateGroups: string[]
}

/** The procedure of the task's case, when it has one (null: no case, or a case of no known procedure). */
export type CaseProcedure = string | null

/** Whether the person may have anything to do with the task: allowed in its restricted procedure and its case's. */
export function mayAccessTask(user: Pick<AuthUser, 'groups'>, task: Pick<TaskAudience, 'processId'>, r: Restrictions, caseProcedure: CaseProcedure): boolean {
  return mayAccessAll(r, user.groups, [task.processId, caseProcedure])
}

export function isCandidate(user: AuthUser, task: TaskAudience, r: Restrictions, caseProcedure: CaseProcedure): boolean {
  if (!mayAccessTask(user, task, r, caseProcedure)) return false
  return task.candidateUsers.includes(user.login) || task.candidateGroups.some((g) => user.groups.includes(g))
}

export function canSeeTask(user: AuthUser, task: TaskAudience, r: Restrictions, caseProcedure: CaseProcedure): boolean {
  if (!mayAccessTask(user, task, r, caseProcedure)) return false
  return task.assignee === user.login || isCandidate(user, task, r, caseProcedure)
}

/**
 * Managers and administrators may release and assign others' tasks, except the tasks of a restricted procedure
 * (Blue Card) they are not allowed in.
 */
export function mayManageTask(user: AuthUser, task: Pick<TaskAudience, 'processId'>, r: Restrictions, caseProcedure: CaseProcedure): boolean {
  return isPrivileged(user.groups) && mayAccessTask(user, task, r, caseProcedure)
}

/**
 * Read-only access: whoever may see the task, and managers and administrators for every task the "all" view
 * lists them (src/inbox/inbox-sql.ts notRestricted): not the tasks of a restricted procedure they are not allowed
 * in, nor the tasks of a case of one.
 */
export function mayReadTask(user: AuthUser, task: TaskAudience, r: Restrictions, caseProcedure: CaseProcedure): boolean {
  return canSeeTask(user, task, r, caseProcedure) || mayManageTask(user, task, r, caseProcedure)
}

/**
 * Whether the claim button makes sense (claimTask's rules without its database checks): an open task nobody
 * holds, offered to one of the person's groups or to them as a candidate user. Four eyes is checked on claiming.
 */
export function mayClaimTask(user: AuthUser, task: TaskAudience & { status: string }, r: Restrictions, caseProcedure: CaseProcedure): boolean {
  return task.status === 'open' && task.assignee === null && isCandidate(user, task, r, caseProcedure)
}
