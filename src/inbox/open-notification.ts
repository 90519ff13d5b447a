// Following a notification from the inbox: it is marked read and leads to what it is about, if the person may
// still work on it. A task given to someone else since, or ended, leads back to the inbox with a notice saying so
// (instead of a 403 page for a task that was theirs an hour ago); a manager's notice about a task of another group
// opens it read-only; a case leads to the case page, which decides. An
// incident notice leads an administrator to the incident page (anyone who is no longer one: to the inbox).
import type { Actor } from '../users/actor.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { mayManageIncidents } from '../incidents/incident-access.ts'
import { INCIDENT_NOTIFICATION } from '../incidents/announce-incidents.ts'
import { isTaskReadable } from './load-task.ts'

export type NotificationTarget =
  | { kind: 'task'; taskId: string }
  | { kind: 'case'; caseId: string }
  | { kind: 'task-gone' }
  | { kind: 'incidents' }
  | { kind: 'inbox' }

export async function openNotification(deps: Pick<ServiceDeps, 'prisma' | 'clock'>, actor: Actor, id: string): Promise<NotificationTarget> {
  const row = await deps.prisma.notification.findFirst({ where: { id, login: actor.user.login } })
  if (!row) throw new ServiceError('NOT_FOUND', 'No such notification.')
  if (!row.readAt) await deps.prisma.notification.update({ where: { id }, data: { readAt: deps.clock.now() } })
  if (row.type === INCIDENT_NOTIFICATION) return mayManageIncidents(actor.user) ? { kind: 'incidents' } : { kind: 'inbox' }
  if (row.taskId) {
    const task = await deps.prisma.task.findUnique({
      where: { id: row.taskId },
      select: { id: true, processId: true, status: true, assignee: true, candidateUsers: true, candidateGroups: true, caseId: true },
    })
    // a manager's escalation notice opens the task read-only, as the "all" view does (task-access.ts mayReadTask)
    return task && task.status === 'open' && (await isTaskReadable(deps.prisma, actor.user, task)) ? { kind: 'task', taskId: task.id } : { kind: 'task-gone' }
  }
  if (row.caseId) return { kind: 'case', caseId: row.caseId }
  return { kind: 'inbox' }
}
