// Task rows for the inbox: dates as text, business columns, deadline marks, who holds it, which buttons to show.
import type { InboxItem } from '../../src/inbox/inbox-item.ts'
import type { AuthUser } from '../../src/users/auth-user.ts'
import { mayClaimTask, mayManageTask } from '../../src/inbox/task-access.ts'
import type { Restrictions } from '../../domain/procedure-restriction.ts'
import { formatDate, formatDateTime, priorityBand } from '../format.ts'
import { format, type Messages } from '../i18n/index.ts'

export interface TaskRow {
  id: string
  name: string
  caseId: string | null
  caseLabel: string
  applicant: string
  benefit: string
  due: string
  daysLeft: string
  overdue: boolean
  atRisk: boolean
  assignee: string
  /** "zastępstwo za: login" */
  substituteFor: string | null
  priority: string
  created: string
  completed: string
  canClaim: boolean
  /** The four-eyes rule keeps this person from taking it (they did the earlier step): said, not offered. */
  fourEyes: boolean
  canUnclaim: boolean
  selectable: boolean
}

function daysLeftText(t: Messages, item: InboxItem): string {
  if (item.daysLeft === null || item.status !== 'open') return ''
  if (item.daysLeft === 0) return t.inbox.dueToday
  return item.daysLeft > 0
    ? format(t.inbox.daysLeft, { n: item.daysLeft })
    : format(t.inbox.daysOverdue, { n: -item.daysLeft })
}

/**
 * `candidateUsers` (task id → its candidate users, which the item does not carry): the claim button is shown only
 * where the person may claim (task-access.ts mayClaimTask), the release button to the holder and to managers.
 * `restrictions`: those in force. The items come from the inbox query, which has left out the tasks of cases of
 * restricted procedures the user is not allowed in, so only the task's own procedure is asked about here.
 */
export function taskRows(
  items: readonly InboxItem[],
  options: { user: AuthUser; t: Messages; restrictions: Restrictions; candidateUsers?: ReadonlyMap<string, string[]>; fourEyes?: ReadonlySet<string>; names?: ReadonlyMap<string, string> },
): TaskRow[] {
  const { user, t, restrictions } = options
  return items.map((item) => ({
    id: item.id,
    name: item.name,
    caseId: item.caseId,
    caseLabel: item.caseId ? (item.caseNumber ?? t.case.noNumber) : t.common.none,
    applicant: item.applicant ?? t.common.none,
    benefit: item.benefit ? (t.benefits[item.benefit] ?? item.benefit) : t.common.none,
    due: item.dueAt ? formatDate(item.dueAt) : t.inbox.noDue,
    daysLeft: daysLeftText(t, item),
    overdue: item.overdue,
    atRisk: item.atRisk,
    assignee: item.assignee === null ? t.inbox.unassigned : item.assignee === user.login ? t.inbox.you : (options.names?.get(item.assignee) ?? item.assignee),
    substituteFor: item.substituteFor ? format(t.absences.coverFor, { login: options.names?.get(item.substituteFor) ?? item.substituteFor }) : null,
    priority: t.priority[priorityBand(item.priority)],
    created: formatDate(item.createdAt),
    completed: item.completedAt ? formatDateTime(item.completedAt) : '',
    canClaim: !options.fourEyes?.has(item.id) && mayClaimTask(user, { ...item, candidateUsers: options.candidateUsers?.get(item.id) ?? [] }, restrictions, null),
    fourEyes: options.fourEyes?.has(item.id) ?? false,
    canUnclaim: item.status === 'open' && item.assignee !== null && (item.assignee === user.login || mayManageTask(user, item, restrictions, null)),
    selectable: item.status === 'open',
  }))
}
