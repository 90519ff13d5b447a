// record-decision-final: the decision became final (prawomocna): the appeal period passed without an appeal
// (final from the day after its last day), or SKO upheld it (final on the date of the ruling). Writes
// "decision-final" into the history once.
import { complete, fail, type JobHandler } from '../../engine/job.ts'
import { addDays, parseIsoDate, toIsoDate } from '../../domain/local-date.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { once } from '../once.ts'
import { TaskType } from '../task-types.ts'

export interface RecordDecisionFinalInput {
  caseId?: string
  appealDeadlineDate?: string | null
  skoRuling?: string | null
  skoRuledAt?: string | null
  decisionRound?: number | null
}

export function createRecordDecisionFinalHandler(deps: HandlerDeps): JobHandler<RecordDecisionFinalInput> {
  return {
    taskType: TaskType.recordDecisionFinal,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const caseId = job.variables.caseId ?? job.businessKey
      if (!caseId) return fail('record-decision-final needs caseId')
      const v = job.variables
      const upheld = v.skoRuling === 'upheld'
      const reason = upheld ? 'sko-upheld' : 'appeal-period-expired'
      const deadline = parseIsoDate(v.appealDeadlineDate)
      const finalDate = upheld
        ? (parseIsoDate(v.skoRuledAt) ?? toIsoDate(deps.clock.now()))
        : deadline ? addDays(deadline, 1) : toIsoDate(deps.clock.now())
      await once(deps, `${TaskType.recordDecisionFinal}:${job.key}`, async (tx) => {
        await tx.caseEvent.create({
          data: { caseId, type: 'decision-final', at: deps.clock.now(), data: { reason, finalDate, round: v.decisionRound ?? null } },
        })
        return {}
      }, context)
      return complete({ decisionFinal: true, decisionFinalDate: finalDate, decisionFinalReason: reason })
    },
  }
}
