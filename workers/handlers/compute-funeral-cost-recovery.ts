// compute-funeral-cost-recovery: what a municipal funeral cost can be recovered (UPS art. 96 ust. 3): first the
// ZUS funeral allowance (capped at the amount in force on the date of death: 4 000 zł, 7 000 zł for deaths from
// 2026-01-01), then the estate. Runs after the invoice is paid, after ZUS answers and after the estate step;
// each run computes what the amounts known so far allow. Pure computation, so idempotent.
import { complete, bpmnError, fail, type JobHandler } from '../../engine/job.ts'
import { funeralCostRecovery } from '../../domain/municipal-funeral.ts'
import { NoParameterError } from '../../domain/procedure-parameters.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { ErrorCode } from '../error-codes.ts'
import { TaskType } from '../task-types.ts'
import { optionalDate, optionalNumber } from './job-values.ts'

export interface ComputeFuneralCostRecoveryInput {
  receivedAt: string
  dateOfDeath?: string
  invoiceAmount: number
  zusAmountReceived?: number | null
  estateAmountRecovered?: number | null
}

export function createComputeFuneralCostRecoveryHandler(_deps: HandlerDeps): JobHandler<ComputeFuneralCostRecoveryInput> {
  return {
    taskType: TaskType.computeFuneralCostRecovery,
    // computes from the job (and reads): the embedded engine may complete it within the step that reaches it
    sideEffectFree: true,
    transactional: true,
    async handle(job) {
      const v = job.variables
      const dateOfDeath = optionalDate(v.dateOfDeath) ?? optionalDate(v.receivedAt)
      if (!dateOfDeath) return { kind: 'fail', message: 'compute-funeral-cost-recovery needs dateOfDeath or receivedAt', retries: 0 }
      const cost = optionalNumber(v.invoiceAmount)
      const zus = optionalNumber(v.zusAmountReceived)
      const estate = optionalNumber(v.estateAmountRecovered)
      if (cost === null || cost === undefined || zus === undefined || estate === undefined) {
        return bpmnError(ErrorCode.invalidAmounts, 'an amount is missing or not a number')
      }
      try {
        const r = funeralCostRecovery({ dateOfDeath, funeralCost: cost, zusAmountReceived: zus, estateAmountRecovered: estate })
        return complete({
          dateOfDeath,
          funeralAllowanceCap: r.funeralAllowanceCap,
          zusClaimAmount: r.zusClaimAmount,
          outstandingAfterZus: r.outstandingAfterZus,
          unrecoveredCost: r.unrecovered,
          allowanceLegalBasis: r.allowanceLegalBasis,
        })
      } catch (err) {
        if (err instanceof NoParameterError) return { kind: 'fail', message: err.message, retries: 0 }
        if (err instanceof RangeError) return bpmnError(ErrorCode.invalidAmounts, err.message)
        return fail((err as Error).message)
      }
    },
  }
}
