// The e-mail that goes with an in-app notification: written to the outbox (MailOutbox) in the notification's own
// transaction, sent later by mail-sender.ts. Subject and body name the task and give a link path; never PESEL
// numbers nor the applicant's name (task names are BPMN element names; `data` holds logins and ids only). An
// administrator's incident notice names the procedure, step, job type and case number, never the error message.
import type { Prisma } from '../generated/prisma/client.ts'

export interface MailContent {
  subject: string
  body: string
}

/** Texts of the notifications the SLA monitor sends ({task}: the task's name, {due}: its deadline). */
const SLA_MAIL: Record<string, { subject: string; line: string }> = {
  'task-in-group': { subject: 'Nowe zadanie w Twojej grupie: {task}', line: 'W Twojej grupie czeka nowe zadanie „{task}” (termin: {due}).' },
  'sla-reminder': { subject: 'Zbliża się termin: {task}', line: 'Termin zadania „{task}” mija {due}.' },
  'sla-group': { subject: 'Po terminie: {task}', line: 'Zadanie Twojej grupy „{task}” jest po terminie ({due}).' },
  'sla-escalated': { subject: 'Eskalacja: {task}', line: 'Zadanie „{task}” jest po terminie ({due}).' },
  'sla-reassigned': { subject: 'Zadanie wróciło do grupy: {task}', line: 'Zadanie „{task}” wróciło do grupy po przekroczeniu terminu ({due}).' },
  'sla-art36': { subject: 'Zawiadom stronę o zwłoce (art. 36 KPA)', line: 'Sprawa może nie zostać załatwiona w terminie ({due}). Zawiadom stronę o przyczynach zwłoki i nowym terminie (art. 36 KPA).' },
  'sla-case-group': { subject: 'Sprawa po terminie ustawowym', line: 'Termin załatwienia sprawy minął ({due}).' },
  'sla-case-escalated': { subject: 'Eskalacja: sprawa po terminie ustawowym', line: 'Termin załatwienia sprawy minął ({due}).' },
}

/** "10.03.2026 10:00", Warsaw time. */
const WARSAW_TIME = new Intl.DateTimeFormat('pl-PL', {
  timeZone: 'Europe/Warsaw', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
})

const FOOTER = 'Wiadomość wysłana automatycznie przez welfare-flow. Nie odpowiadaj na nią.'

/** An administrator's notice of a process stopped by an incident (src/incidents/announce-incidents.ts): ids, the
 * step, the job type and the case number (absent for a case the administrator may not see); never the error text. */
function incidentMail(data: Record<string, string | null>): MailContent {
  const procedure = data.processId ?? 'procedura'
  const lines = [`Procedura „${procedure}” zatrzymała się z powodu błędu technicznego (incydent) i czeka na administratora.`]
  if (data.elementId) lines.push(`Krok: ${data.elementId}.`)
  if (data.jobType) lines.push(`Zadanie techniczne: ${data.jobType}.`)
  if (data.caseNumber) lines.push(`Sprawa: ${data.caseNumber}.`)
  if (data.instanceId) lines.push(`Instancja procesu: ${data.instanceId}.`)
  const since = data.since ? new Date(data.since) : null
  if (since && !Number.isNaN(since.getTime())) lines.push(`Od: ${WARSAW_TIME.format(since).replace(',', '')}.`)
  lines.push('', 'Po usunięciu przyczyny ponów krok na stronie incydentów: /admin/incidents', '', FOOTER)
  return { subject: `Incydent: procedura ${procedure} zatrzymana`, body: lines.join('\n') }
}

/** Pure: the Polish subject and body of a notification e-mail. */
export function notificationMail(n: { type: string; taskId: string | null; taskName: string | null; data: Record<string, string | null> }): MailContent {
  if (n.type === 'incident') return incidentMail(n.data)
  const task = n.taskName ?? 'zadanie'
  const due = typeof n.data.due === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(n.data.due) ? `${n.data.due.slice(8, 10)}.${n.data.due.slice(5, 7)}.${n.data.due.slice(0, 4)}` : null
  const sla = SLA_MAIL[n.type]
  if (sla) {
    const lines = [sla.line.replace('{task}', task).replace('{due}', due ?? '—')]
    if (n.data.caseNumber) lines.push(`Sprawa: ${n.data.caseNumber}.`)
    if (n.taskId) lines.push('', `Otwórz zadanie: /tasks/${n.taskId}`)
    else if (n.data.caseId) lines.push('', `Otwórz sprawę: /cases/${n.data.caseId}`)
    lines.push('', FOOTER)
    return { subject: sla.subject.replace('{task}', task), body: lines.join('\n') }
  }
  const lines = [`Przydzielono Ci zadanie „${task}”.`]
  if (n.data.by) lines.push(`Przydzielił(a): ${n.data.by}.`)
  if (n.data.substituteFor) lines.push(`Zastępstwo za: ${n.data.substituteFor}.`)
  if (n.taskId) lines.push('', `Otwórz zadanie: /tasks/${n.taskId}`)
  lines.push('', FOOTER)
  return { subject: n.type === 'task-assigned' ? `Nowe zadanie: ${task}` : `Powiadomienie: ${task}`, body: lines.join('\n') }
}

/** Adds the outbox row for a notification when the recipient has an e-mail address (call inside the transaction). */
export async function enqueueNotificationMail(
  tx: Prisma.TransactionClient,
  at: Date,
  n: { login: string; type: string; taskId: string | null; data: Record<string, string | null> },
): Promise<boolean> {
  return (await enqueueNotificationMails(tx, at, [n.login], n)) === 1
}

/**
 * The same notice's e-mail to several recipients, in three statements whatever their number (a new task in a group
 * of fifty people is fifty e-mails: one statement each held a single-threaded database for seconds). Recipients
 * without an active account or an e-mail address get none. Returns how many e-mails were queued.
 */
export async function enqueueNotificationMails(
  tx: Prisma.TransactionClient,
  at: Date,
  logins: readonly string[],
  n: { type: string; taskId: string | null; data: Record<string, string | null> },
): Promise<number> {
  if (logins.length === 0) return 0
  const users = await tx.user.findMany({ where: { login: { in: [...new Set(logins)] } }, select: { login: true, email: true, active: true } })
  const address = new Map(users.map((u) => [u.login, u.active ? u.email?.trim() ?? '' : '']))
  const to = logins.map((login) => address.get(login) ?? '').filter((email) => email !== '')
  if (to.length === 0) return 0
  const task = n.taskId ? await tx.task.findUnique({ where: { id: n.taskId }, select: { name: true } }) : null
  const mail = notificationMail({ type: n.type, taskId: n.taskId, taskName: task?.name ?? null, data: n.data })
  await tx.mailOutbox.createMany({
    data: to.map((email) => ({ to: email, subject: mail.subject, body: mail.body, status: 'pending', attempts: 0, nextAttemptAt: at, createdAt: at })),
  })
  return to.length
}
