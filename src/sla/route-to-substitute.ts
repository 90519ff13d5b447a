// Cover for tasks the engine creates already assigned (zeebe:assignmentDefinition assignee): when the SLA monitor
// first sees such a task and its assignee is absent today, the task goes to the substitute (following a chain of
// absences, as src/inbox/absences.ts does for assignments made by people), marked with Task.substituteFor, and the
// substitute is notified. Only when the substitute may do the task (member of its groups or a candidate user, and of
// the allowed groups of a restricted procedure: a substitute outside them never receives its task);
// otherwise it stays where it is and the manager sees it in the "all" view. Once per task (a fired marker row).
import type { Prisma, Task } from '../generated/prisma/client.ts'
import { substituteOf } from '../inbox/absences.ts'
import { isCandidate } from '../inbox/task-access.ts'
import { caseProcedureOf } from '../inbox/load-task.ts'
import type { Restrictions } from '../../domain/procedure-restriction.ts'
import { toAuthUser, withGroups } from '../users/auth-user.ts'
import { notifyLogins } from './sla-notify.ts'

type Tx = Prisma.TransactionClient

export const COVER_STEP = '_cover'

/** Returns the new assignee when the task was rerouted, else null. Call inside the transaction that measures the task. */
export async function routeToSubstitute(tx: Tx, now: Date, task: Task, restrictions: Restrictions): Promise<string | null> {
  if (task.status !== 'open' || !task.assignee || task.substituteFor) return null
  const route = await substituteOf({ prisma: tx } as never, task.assignee, now)
  if (!route?.to || route.to === task.assignee) return null
  const person = await tx.user.findUnique({ where: { login: route.to }, include: withGroups })
  if (!person?.active || !isCandidate(toAuthUser(person), task, restrictions, await caseProcedureOf(tx, task.caseId))) return null
  const marker = await tx.slaEscalation.createMany({
    data: [{ subjectType: 'task', subjectId: task.id, caseId: task.caseId, policyId: '-', stepId: COVER_STEP, action: 'route-to-substitute', dueAt: now, status: 'fired', firedAt: now, result: { from: task.assignee, to: route.to }, createdAt: now }],
    skipDuplicates: true,
  })
  if (!marker.count) return null
  const moved = await tx.task.updateMany({ where: { id: task.id, status: 'open', assignee: task.assignee }, data: { assignee: route.to, substituteFor: task.assignee, revision: { increment: 1 } } })
  if (!moved.count) return null
  if (task.caseId) {
    await tx.caseEvent.create({ data: { caseId: task.caseId, at: now, type: 'task-assigned', data: { taskId: task.id, elementId: task.elementId, name: task.name, assignee: route.to, substituteFor: task.assignee, by: 'system' } } })
  }
  await notifyLogins(tx, now, [route.to], { type: 'task-assigned', taskId: task.id, caseId: task.caseId, data: { by: 'system', substituteFor: task.assignee } })
  return route.to
}
