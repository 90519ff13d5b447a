// record-appeal: an appeal (odwołanie) was filed with the centre. Writes "appeal-filed" into the history once
// and sets the date by which the centre either grants it itself (KPA art. 132) or forwards it with the file
// to SKO (art. 133: 7 days from receipt, UNCONFIRMED, from the parameter file). The entry names who registered the
// appeal (recordedBy); an appeal dated before the delivery is refused (INVALID_APPEAL_DATE).
import { bpmnError, complete, fail, type JobHandler } from '../../engine/job.ts'
import { valueOn } from '../../domain/benefit-parameters.ts'
import { computeDeadline } from '../../domain/legal-calendar.ts'
import { compareDates, parseIsoDate } from '../../domain/local-date.ts'
import { ErrorCode } from '../error-codes.ts'
import { recordedByOf } from '../recorded-by.ts'
import { endOfWarsawDay } from '../../domain/warsaw-time.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { once } from '../once.ts'
import { TaskType } from '../task-types.ts'

export interface RecordAppealInput {
  caseId?: string
  appealFiledAt?: string
  deliveredAt?: string | null
  decisionRound?: number
  recordedBy?: string | null
}

export function createRecordAppealHandler(deps: HandlerDeps): JobHandler<RecordAppealInput> {
  return {
    taskType: TaskType.recordAppeal,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const caseId = job.variables.caseId ?? job.businessKey
      if (!caseId) return fail('record-appeal needs caseId')
      const filedAt = parseIsoDate(job.variables.appealFiledAt)
      if (!filedAt) return bpmnError(ErrorCode.invalidAppealDate, 'appealFiledAt is not a date YYYY-MM-DD')
      const delivered = parseIsoDate(job.variables.deliveredAt)
      if (delivered && compareDates(filedAt, delivered) < 0) {
        return bpmnError(ErrorCode.invalidAppealDate, `appealFiledAt (${filedAt}) is before the delivery (${delivered})`)
      }
      const days = valueOn('appealForwardingDays', filedAt).value
      const due = computeDeadline(filedAt, days, 'days')
      await once(deps, `${TaskType.recordAppeal}:${job.key}`, async (tx) => {
        await tx.caseEvent.create({
          data: { caseId, type: 'appeal-filed', at: deps.clock.now(), actorId: recordedByOf(job.variables), data: { filedAt, forwardDue: due, round: job.variables.decisionRound ?? null } },
        })
        return {}
      }, context)
      return complete({ appealForwardDueDate: due, appealForwardDueAt: endOfWarsawDay(due).toISOString() })
    },
  }
}
