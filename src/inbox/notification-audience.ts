// Who may be told about a task or a case. For a subject of a restricted procedure (domain/procedure-restriction.ts:
// the task's own procedure, or its case's) only active members of the allowed groups: anyone else is left out — no
// in-app notification, no e-mail, so neither the task, its link nor the case number reaches them — whoever asked to
// notify them (an SLA step, an assignment, a substitute's cover). Called by every notification writer
// (notifications.ts notify, src/sla/sla-notify.ts notifyLogins) inside its transaction.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import { allowedGroups } from '../../domain/procedure-restriction.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'

type Db = PrismaClient | Prisma.TransactionClient

export interface NotificationSubject {
  taskId?: string | null
  caseId?: string | null
}

/** The procedures a notification is about: the task's, its case's, the case's. */
async function subjectProcedures(db: Db, subject: NotificationSubject): Promise<string[]> {
  const out: string[] = []
  const caseId = subject.caseId ?? null
  if (subject.taskId) {
    const task = await db.task.findUnique({ where: { id: subject.taskId }, select: { processId: true, caseId: true } })
    if (task) {
      out.push(task.processId)
      if (task.caseId && task.caseId !== caseId) {
        const own = await db.case.findUnique({ where: { id: task.caseId }, select: { procedure: true } })
        if (own) out.push(own.procedure)
      }
    }
  }
  if (caseId) {
    const kase = await db.case.findUnique({ where: { id: caseId }, select: { procedure: true } })
    if (kase) out.push(kase.procedure)
  }
  return [...new Set(out)]
}

/** `logins` (once each, in order) without those who may not hear about the subject. */
export async function allowedRecipients(db: Db, logins: readonly string[], subject: NotificationSubject): Promise<string[]> {
  const unique = [...new Set(logins)]
  if (unique.length === 0) return []
  const restrictions = await loadRestrictions(db)
  if (restrictions.byProcess.size === 0) return unique
  const groupSets = (await subjectProcedures(db, subject))
    .map((p) => allowedGroups(restrictions, p))
    .filter((g): g is readonly string[] => g !== null)
  let allowed = new Set(unique)
  for (const groups of groupSets) {
    const members = await db.user.findMany({
      where: { login: { in: [...allowed] }, active: true, memberships: { some: { group: { key: { in: [...groups] } } } } },
      select: { login: true },
    })
    allowed = new Set(members.map((m) => m.login))
  }
  return unique.filter((login) => allowed.has(login))
}
