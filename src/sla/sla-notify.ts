// Who hears about a task or a case: the members of groups, the managers. Notifications carry ids and logins
// only (the e-mail names the task, never the applicant). Members of the allowed groups of a restricted procedure
// (Blue Card) are the only ones told about its work: an escalation to managers goes to those groups instead, and
// notifyLogins leaves out anyone else whoever asked for them (src/inbox/notification-audience.ts).
import type { Prisma, Task } from '../generated/prisma/client.ts'
import { enqueueNotificationMails } from '../notifications/notification-mail.ts'
import { allowedGroups, type Restrictions } from '../../domain/procedure-restriction.ts'
import { allowedRecipients } from '../inbox/notification-audience.ts'
import { MANAGERS } from '../users/groups.ts'

type Tx = Prisma.TransactionClient

export async function groupMembers(tx: Tx, groups: readonly string[]): Promise<string[]> {
  if (!groups.length) return []
  const users = await tx.user.findMany({
    where: { active: true, memberships: { some: { group: { key: { in: [...groups] } } } } },
    select: { login: true },
    orderBy: { login: 'asc' },
  })
  return users.map((u) => u.login)
}

export async function notifyLogins(
  tx: Tx,
  at: Date,
  logins: readonly string[],
  n: { type: string; taskId?: string | null; caseId?: string | null; data?: Record<string, string | null> },
): Promise<number> {
  const recipients = await allowedRecipients(tx, logins, n)
  if (recipients.length === 0) return 0
  const data = (n.data ?? {}) as Prisma.InputJsonValue
  await tx.notification.createMany({
    data: recipients.map((login) => ({ login, type: n.type, taskId: n.taskId ?? null, caseId: n.caseId ?? null, data, createdAt: at })),
  })
  await enqueueNotificationMails(tx, at, recipients, { type: n.type, taskId: n.taskId ?? null, data: { ...(n.data ?? {}), caseId: n.caseId ?? null } })
  return recipients.length
}

/** Managers, or, for work of a restricted procedure (the task's own or its case's), the members of its allowed groups. */
export async function escalationRecipients(tx: Tx, restrictions: Restrictions, procedures: readonly (string | null)[]): Promise<string[]> {
  const allowed = [...new Set(procedures.flatMap((p) => allowedGroups(restrictions, p) ?? []))]
  return groupMembers(tx, allowed.length ? allowed : [MANAGERS])
}

/** "A new task in your group": every member of its candidate groups. */
export async function notifyTaskInGroup(tx: Tx, at: Date, task: Pick<Task, 'id' | 'caseId' | 'candidateGroups'>): Promise<number> {
  return notifyLogins(tx, at, await groupMembers(tx, task.candidateGroups), { type: 'task-in-group', taskId: task.id, caseId: task.caseId })
}
