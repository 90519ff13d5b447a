// In-app notifications: written when someone else gives a user a task (a manager's assignment, a bulk
// assignment, a task routed to a substitute). Read on the inbox page and through GET /api/notifications.
// `data` carries logins and ids only. A recipient with an e-mail address also gets an outbox row (same
// transaction), sent by src/notifications/mail-sender.ts when SMTP_URL is set. Nobody outside the allowed groups of
// a restricted procedure is told about its tasks or cases (notification-audience.ts), and the list shows a notice
// about a task or case the person may no longer see without its task name or case (only that there was one).
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { enqueueNotificationMail } from '../notifications/notification-mail.ts'
import { hiddenProcedures } from '../../domain/procedure-restriction.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { allowedRecipients } from './notification-audience.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

export interface NotificationView {
  id: string
  type: string
  taskId: string | null
  taskName: string | null
  caseId: string | null
  /** The case's number (the link's text on the inbox page); null without a case or before it has one. */
  caseNumber: string | null
  data: Record<string, unknown>
  createdAt: string
  readAt: string | null
}

/** Writes the notification (and its e-mail); false when the person may not hear about its task or case. */
function dataOf(data: unknown, hidden: boolean): Record<string, unknown> {
  const d = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {}
  if (!hidden) return d
  const { caseNumber: _caseNumber, caseId: _caseId, ...rest } = d
  return rest
}

export async function notify(
  prisma: PrismaClient,
  at: Date,
  n: { login: string; type: string; taskId?: string | null; caseId?: string | null; data?: Record<string, string | null> },
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    if ((await allowedRecipients(tx, [n.login], n)).length === 0) return false
    await tx.notification.create({
      data: { login: n.login, type: n.type, taskId: n.taskId ?? null, caseId: n.caseId ?? null, data: (n.data ?? {}) as Prisma.InputJsonValue, createdAt: at },
    })
    await enqueueNotificationMail(tx, at, { login: n.login, type: n.type, taskId: n.taskId ?? null, data: n.data ?? {} })
    return true
  })
}

export async function listNotifications(deps: Deps, actor: Actor, options: { unreadOnly?: boolean } = {}): Promise<NotificationView[]> {
  const rows = await deps.prisma.notification.findMany({
    where: { login: actor.user.login, ...(options.unreadOnly ? { readAt: null } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: 50,
  })
  const taskIds = [...new Set(rows.map((r) => r.taskId).filter((id): id is string => id !== null))]
  const tasks = new Map(
    (await deps.prisma.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, name: true, processId: true, caseId: true } })).map((t) => [t.id, t]),
  )
  // notices written before a restriction (or about a procedure restricted since): no task name, no case
  const hidden = hiddenProcedures(await loadRestrictions(deps.prisma), actor.user.groups)
  const caseIds = [...new Set([...rows.map((r) => r.caseId), ...[...tasks.values()].map((t) => t.caseId)].filter((id): id is string => id !== null))]
  const cases = caseIds.length ? await deps.prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, number: true, procedure: true } }) : []
  const hiddenCases = new Set(cases.filter((c) => hidden.includes(c.procedure)).map((c) => c.id))
  const numbers = new Map(cases.map((c) => [c.id, c.number]))
  const isHidden = (taskId: string | null, caseId: string | null): boolean => {
    const task = taskId ? tasks.get(taskId) : undefined
    return (task !== undefined && (hidden.includes(task.processId) || (task.caseId !== null && hiddenCases.has(task.caseId)))) ||
      (caseId !== null && hiddenCases.has(caseId))
  }
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    taskId: r.taskId,
    taskName: r.taskId && !isHidden(r.taskId, r.caseId) ? (tasks.get(r.taskId)?.name ?? null) : null,
    caseId: isHidden(r.taskId, r.caseId) ? null : r.caseId,
    caseNumber: r.caseId && !isHidden(r.taskId, r.caseId) ? (numbers.get(r.caseId) ?? null) : null,
    data: dataOf(r.data, isHidden(r.taskId, r.caseId)),
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt ? r.readAt.toISOString() : null,
  }))
}

export async function countUnread(deps: Deps, actor: Actor): Promise<number> {
  return deps.prisma.notification.count({ where: { login: actor.user.login, readAt: null } })
}

export async function markRead(deps: Deps, actor: Actor, id: string): Promise<void> {
  const { count } = await deps.prisma.notification.updateMany({
    where: { id, login: actor.user.login, readAt: null },
    data: { readAt: deps.clock.now() },
  })
  if (count === 0 && (await deps.prisma.notification.count({ where: { id, login: actor.user.login } })) === 0) {
    throw new ServiceError('NOT_FOUND', 'No such notification.')
  }
}

export async function markAllRead(deps: Deps, actor: Actor): Promise<number> {
  const { count } = await deps.prisma.notification.updateMany({
    where: { login: actor.user.login, readAt: null },
    data: { readAt: deps.clock.now() },
  })
  return count
}
