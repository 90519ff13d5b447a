// register-case: gives the case its number (sygnatura) once, however often the job runs. Cases registered
// through the API already have one (the API answers with it); the step keeps the procedure whole for cases
// started another way.
import { complete, fail, type JobHandler } from '../../engine/job.ts'
import { assignCaseNumber } from '../../src/cases/assign-case-number.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { inTransaction } from '../in-transaction.ts'
import { TaskType } from '../task-types.ts'

export interface RegisterCaseInput {
  caseId: string
}

export function createRegisterCaseHandler(deps: HandlerDeps): JobHandler<RegisterCaseInput> {
  return {
    taskType: TaskType.registerCase,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const caseId = job.variables.caseId ?? job.businessKey
      if (!caseId) return fail('register-case needs caseId')
      const number = await inTransaction(deps, context, (tx) => assignCaseNumber(tx, caseId, deps.caseNumberPrefix, deps.clock.now()))
      if (!number) return fail(`case ${caseId} not found`)
      return complete({ caseNumber: number })
    },
  }
}
