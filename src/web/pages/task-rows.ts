// Task rows for the inbox and the case page: dates as text, overdue flag, who holds it, which buttons to show.
import type { Task } from '../../generated/prisma/client.ts'
import type { AuthUser } from '../../users/auth-user.ts'
import { isPrivileged } from '../../users/groups.ts'
import { formatDate, priorityBand } from '../format.ts'
import type { Messages } from '../i18n/index.ts'

export interface TaskRow {
  id: string
  name: string
  caseId: string | null
  caseLabel: string
  due: string
  overdue: boolean
  assignee: string
  priority: string
  canClaim: boolean
  canUnclaim: boolean
}

export function taskRows(
  tasks: Task[],
  options: { user: AuthUser; now: Date; t: Messages; caseNumbers: Map<string, string | null> },
): TaskRow[] {
  const { user, now, t } = options
  return tasks.map((task) => ({
    id: task.id,
    name: task.name,
    caseId: task.caseId,
    caseLabel: task.caseId ? (options.caseNumbers.get(task.caseId) ?? t.case.noNumber) : t.common.none,
    due: task.dueAt ? formatDate(task.dueAt) : t.inbox.noDue,
    overdue: task.status === 'open' && task.dueAt !== null && task.dueAt.getTime() < now.getTime(),
    assignee: task.assignee === null ? t.inbox.unassigned : task.assignee === user.login ? t.inbox.you : task.assignee,
    priority: t.priority[priorityBand(task.priority)],
    canClaim: task.status === 'open' && task.assignee === null,
    canUnclaim: task.status === 'open' && task.assignee !== null && (task.assignee === user.login || isPrivileged(user.groups)),
  }))
}
