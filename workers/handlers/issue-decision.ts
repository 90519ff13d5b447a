// issue-decision: the approved draft becomes the issued decision (dated today, Warsaw). Writes the
// "decision-issued" history entry once and starts a new round: delivery, appeal and finality variables of an
// earlier decision in the same case (after art. 132 KPA or an SKO referral) are cleared. The entry names the manager
// whose approval issued it (recordedBy: who completed the approval task).
import { complete, fail, type JobHandler } from '../../engine/job.ts'
import { toIsoDate } from '../../domain/local-date.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { once } from '../once.ts'
import { recordedByOf } from '../recorded-by.ts'
import { TaskType } from '../task-types.ts'

export interface IssueDecisionInput {
  caseId?: string
  benefit?: string
  decisionOutcome?: string
  decisionAmount?: number | null
  decisionPeriodFrom?: string | null
  decisionPeriodTo?: string | null
  decisionRound?: number | null
  recordedBy?: string | null
}

export function createIssueDecisionHandler(deps: HandlerDeps): JobHandler<IssueDecisionInput> {
  return {
    taskType: TaskType.issueDecision,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const caseId = job.variables.caseId ?? job.businessKey
      if (!caseId) return fail('issue-decision needs caseId')
      const v = job.variables
      const result = await once(deps, `${TaskType.issueDecision}:${job.key}`, async (tx) => {
        const now = deps.clock.now()
        const round = (typeof v.decisionRound === 'number' ? v.decisionRound : 0) + 1
        const issuedDate = toIsoDate(now)
        await tx.caseEvent.create({
          data: {
            caseId,
            type: 'decision-issued',
            at: now,
            actorId: recordedByOf(v),
            data: {
              round,
              outcome: v.decisionOutcome ?? null,
              benefit: v.benefit ?? null,
              amount: v.decisionAmount ?? null,
              periodFrom: v.decisionPeriodFrom ?? null,
              periodTo: v.decisionPeriodTo ?? null,
            },
          },
        })
        return { decisionRound: round, decisionIssuedDate: issuedDate }
      }, context)
      return complete({
        ...result,
        deliveredAt: null,
        appealDeadlineDate: null,
        appealDeadlineAt: null,
        appealFiledAt: null,
        appealResolution: null,
        skoRuling: null,
        skoRuledAt: null,
        decisionFinal: false,
        decisionFinalDate: null,
        interviewReviewDate: null,
        paymentsScheduledThrough: null,
      })
    },
  }
}
