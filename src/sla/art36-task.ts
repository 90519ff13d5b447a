// The art. 36 KPA notice task: when a case heads for a breach of its statutory deadline, its owner group gets a
// task "notify the party of the delay, with the reasons and a new date". It is an inbox task of our own (engine
// "sla"), not a BPMN element: it can arise in any administrative procedure, at any step, without changing the
// diagrams. Completing it records the notice in the case history and sets the case's new deadline (extendedTo).
import type { Case, Prisma, Task } from '../generated/prisma/client.ts'
import { addDays, compareDates, parseIsoDate, toIsoDate } from '../../domain/local-date.ts'
import { ServiceError } from '../cases/service-error.ts'

type Tx = Prisma.TransactionClient

export const SLA_ENGINE = 'sla'
export const ART36_ELEMENT = 'Task_art36Notice'
export const ART36_FORM = 'art36-notice'
export const ART36_NAME = 'Zawiadomienie o niezałatwieniu sprawy w terminie (art. 36 KPA)'

export async function createArt36Task(tx: Tx, now: Date, kase: Case, escalationId: string): Promise<string> {
  const task = await tx.task.create({
    data: {
      engine: SLA_ENGINE,
      engineKey: `sla:art36:${escalationId}`,
      // not the case's process instance: the engine owns that instance's task rows (and cancels those it does not know)
      instanceId: `sla:${kase.id}`,
      caseId: kase.id,
      processId: kase.procedure,
      elementId: ART36_ELEMENT,
      name: ART36_NAME,
      candidateGroups: [kase.ownerGroup],
      candidateUsers: [],
      // the notice must reach the party before the deadline passes
      dueAt: kase.slaDueAt,
      priority: 80,
      formKey: ART36_FORM,
      status: 'open',
      createdAt: now,
      variables: { caseDeadlineDate: kase.slaDueAt ? toIsoDate(kase.slaDueAt) : null },
      properties: {},
    },
  })
  return task.id
}

/**
 * Checks what the form schema cannot (and what a form version without date bounds would let through): the notice
 * not sent in the future; the new deadline in the future (KPA art. 36 tells the party a date still to come) and
 * after the current deadline. The limit reported is the first date accepted.
 */
export function checkArt36Values(task: Pick<Task, 'variables'>, values: Record<string, unknown>, today: string): void {
  const sent = parseIsoDate(values.noticeSentAt)
  const next = parseIsoDate(values.newDeadline)
  const current = parseIsoDate((task.variables as Record<string, unknown> | null)?.caseDeadlineDate)
  if (sent && compareDates(sent, today) > 0) {
    throw new ServiceError('VALIDATION_FAILED', 'The notice cannot be sent in the future.', { fields: { noticeSentAt: { code: 'futureDate' } } })
  }
  const tomorrow = addDays(today, 1)
  const afterCurrent = current ? addDays(current, 1) : null
  const min = afterCurrent && compareDates(afterCurrent, tomorrow) > 0 ? afterCurrent : tomorrow
  if (next && compareDates(next, min) < 0) {
    const message = min === tomorrow ? 'The new deadline must be in the future.' : 'The new deadline must be after the current one.'
    throw new ServiceError('VALIDATION_FAILED', message, { fields: { newDeadline: { code: 'minDate', params: { min } } } })
  }
}

/** Completes an art. 36 task: the task, the case's new deadline, the case history, in one transaction. */
export async function completeArt36Task(tx: Tx, now: Date, task: Task, by: { login: string; userId: string }, values: Record<string, unknown>): Promise<boolean> {
  const login = by.login
  const done = await tx.task.updateMany({
    where: { id: task.id, status: 'open' },
    data: { status: 'completed', completedAt: now, completedBy: login, variables: { ...(task.variables as object), ...values } as Prisma.InputJsonValue, revision: { increment: 1 } },
  })
  if (done.count === 0) return false
  const next = parseIsoDate(values.newDeadline)
  if (task.caseId && next) {
    await tx.case.update({ where: { id: task.caseId }, data: { extendedTo: new Date(`${next}T00:00:00Z`), slaAppliedAt: null } })
    await tx.caseEvent.create({
      data: { caseId: task.caseId, at: now, actorId: by.userId, type: 'art36-notice-sent', data: { taskId: task.id, newDeadline: next, noticeSentAt: parseIsoDate(values.noticeSentAt), delayReason: typeof values.delayReason === 'string' ? values.delayReason : null } },
    })
  }
  return true
}
