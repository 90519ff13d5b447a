// Work sent back goes to its author: a user task whose zeebe:properties say `returnToAuthor: true` (the benefit
// decision draft) is given, when the engine creates it again in the same process instance (a draft returned for
// correction, refused by the draft check, re-examined), to whoever completed its previous occurrence — if that
// person is still active and may do it (member of its groups or a candidate user, and of the allowed groups of a
// restricted procedure); otherwise it stays with the
// group. Done in the inbox's own tables when the SLA monitor first sees the task (and passed to the engine port
// like any assignment), so it is the same on both engines and needs no process variable. Once per task.
import type { Prisma, Task } from '../generated/prisma/client.ts'
import { isCandidate } from '../inbox/task-access.ts'
import { caseProcedureOf } from '../inbox/load-task.ts'
import type { Restrictions } from '../../domain/procedure-restriction.ts'
import { toAuthUser, withGroups } from '../users/auth-user.ts'
import { notifyLogins } from './sla-notify.ts'

type Tx = Prisma.TransactionClient

export const RETURN_STEP = '_return'

export function returnsToAuthor(task: Pick<Task, 'properties'>): boolean {
  const props = task.properties
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return false
  return String((props as Record<string, unknown>).returnToAuthor ?? '').toLowerCase() === 'true'
}

/** The author the task went back to, else null. Call inside the transaction that measures the task. */
export async function returnToAuthor(tx: Tx, now: Date, task: Task, restrictions: Restrictions): Promise<string | null> {
  if (task.status !== 'open' || task.assignee !== null || !returnsToAuthor(task)) return null
  const previous = await tx.task.findFirst({
    where: { instanceId: task.instanceId, elementId: task.elementId, status: 'completed', completedBy: { not: null }, id: { not: task.id } },
    orderBy: { completedAt: 'desc' },
    select: { completedBy: true },
  })
  const author = previous?.completedBy
  if (!author) return null
  const person = await tx.user.findUnique({ where: { login: author }, include: withGroups })
  if (!person?.active || !isCandidate(toAuthUser(person), task, restrictions, await caseProcedureOf(tx, task.caseId))) return null
  const marker = await tx.slaEscalation.createMany({
    data: [{ subjectType: 'task', subjectId: task.id, caseId: task.caseId, policyId: '-', stepId: RETURN_STEP, action: 'return-to-author', dueAt: now, status: 'fired', firedAt: now, result: { to: author }, createdAt: now }],
    skipDuplicates: true,
  })
  if (!marker.count) return null
  const moved = await tx.task.updateMany({ where: { id: task.id, status: 'open', assignee: null }, data: { assignee: author, revision: { increment: 1 } } })
  if (!moved.count) return null
  if (task.caseId) {
    await tx.caseEvent.create({ data: { caseId: task.caseId, at: now, type: 'task-assigned', data: { taskId: task.id, elementId: task.elementId, name: task.name, assignee: author, by: 'system' } } })
  }
  await notifyLogins(tx, now, [author], { type: 'task-assigned', taskId: task.id, caseId: task.caseId, data: { by: 'system' } })
  return author
}
