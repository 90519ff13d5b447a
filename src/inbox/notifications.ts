// In-app notifications: written when someone else gives a user a task (a manager's assignment, a bulk
// assignment, a task routed to a substitute). Read on the inbox page and through GET /api/notifications.
// `data` carries logins and ids only. A recipient with an e-mail address also gets an outbox row (same
// transaction), sent by src/notifications/mail-sender.ts when SMTP_URL is set.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { enqueueNotificationMail } from '../notifications/notification-mail.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

export interface NotificationView {
  id: string
  type: string
  taskId: string | null
  taskName: string | null
  caseId: string | null
  data: Record<string, unknown>
  createdAt: string
  readAt: string | null
}

export async function notify(
  prisma: PrismaClient,
  at: Date,
  n: { login: string; type: string; taskId?: string | null; caseId?: string | null; data?: Record<string, string | null> },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.notification.create({
      data: { login: n.login, type: n.type, taskId: n.taskId ?? null, caseId: n.caseId ?? null, data: (n.data ?? {}) as Prisma.InputJsonValue, createdAt: at },
    })
    await enqueueNotificationMail(tx, at, { login: n.login, type: n.type, taskId: n.taskId ?? null, data: n.data ?? {} })
  })
}

export async function listNotifications(deps: Deps, actor: Actor, options: { unreadOnly?: boolean } = {}): Promise<NotificationView[]> {
  const rows = await deps.prisma.notification.findMany({
    where: { login: actor.user.login, ...(options.unreadOnly ? { readAt: null } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: 50,
  })
  const taskIds = [...new Set(rows.map((r) => r.taskId).filter((id): id is string => id !== null))]
  const names = new Map(
    (await deps.prisma.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, name: true } })).map((t) => [t.id, t.name]),
  )
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    taskId: r.taskId,
    taskName: r.taskId ? (names.get(r.taskId) ?? null) : null,
    caseId: r.caseId,
    data: typeof r.data === 'object' && r.data !== null && !Array.isArray(r.data) ? (r.data as Record<string, unknown>) : {},
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
