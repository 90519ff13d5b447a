// The e-mail that goes with an in-app notification: written to the outbox (MailOutbox) in the notification's own
// transaction, sent later by mail-sender.ts. Subject and body name the task and give a link path; never PESEL
// numbers nor the applicant's name (task names are BPMN element names; `data` holds logins and ids only).
import type { Prisma } from '../generated/prisma/client.ts'

export interface MailContent {
  subject: string
  body: string
}

/** Pure: the Polish subject and body of a notification e-mail. */
export function notificationMail(n: { type: string; taskId: string | null; taskName: string | null; data: Record<string, string | null> }): MailContent {
  const task = n.taskName ?? 'zadanie'
  const lines = [`Przydzielono Ci zadanie „${task}”.`]
  if (n.data.by) lines.push(`Przydzielił(a): ${n.data.by}.`)
  if (n.data.substituteFor) lines.push(`Zastępstwo za: ${n.data.substituteFor}.`)
  if (n.taskId) lines.push('', `Otwórz zadanie: /tasks/${n.taskId}`)
  lines.push('', 'Wiadomość wysłana automatycznie przez welfare-flow. Nie odpowiadaj na nią.')
  return { subject: n.type === 'task-assigned' ? `Nowe zadanie: ${task}` : `Powiadomienie: ${task}`, body: lines.join('\n') }
}

/** Adds the outbox row for a notification when the recipient has an e-mail address (call inside the transaction). */
export async function enqueueNotificationMail(
  tx: Prisma.TransactionClient,
  at: Date,
  n: { login: string; type: string; taskId: string | null; data: Record<string, string | null> },
): Promise<boolean> {
  const user = await tx.user.findUnique({ where: { login: n.login }, select: { email: true, active: true } })
  const to = user?.active ? user.email?.trim() : ''
  if (!to) return false
  const task = n.taskId ? await tx.task.findUnique({ where: { id: n.taskId }, select: { name: true } }) : null
  const mail = notificationMail({ type: n.type, taskId: n.taskId, taskName: task?.name ?? null, data: n.data })
  await tx.mailOutbox.create({
    data: { to, subject: mail.subject, body: mail.body, status: 'pending', attempts: 0, nextAttemptAt: at, createdAt: at },
  })
  return true
}
