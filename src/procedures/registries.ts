// What the workers of welfare-flow know, for the deployment checks: job types with a handler, message names something
// sends, error codes and which handler raises which.
import { ErrorCode, errorCodesOf } from '../../workers/error-codes.ts'
import { MessageName } from '../../workers/message-names.ts'
import { TaskType } from '../../workers/task-types.ts'

export interface Registries {
  jobTypes: readonly string[]
  messageNames: readonly string[]
  /** Every known error code (error end events may throw any of them). */
  errorCodes: readonly string[]
  /** The codes the handler of a job type may return (what an error boundary on such a service task may catch). */
  errorCodesOf: (jobType: string) => readonly string[]
}

export const REGISTRIES: Registries = {
  jobTypes: Object.values(TaskType),
  messageNames: Object.values(MessageName),
  errorCodes: Object.values(ErrorCode),
  errorCodesOf,
}
