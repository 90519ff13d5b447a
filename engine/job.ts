// The contract between an engine and a job handler: one job in, one of three outcomes out.

export interface Job<V = Record<string, unknown>> {
  /** Stable id of this job; the same on every redelivery. Use it (or a business id) for idempotency. */
  key: string
  type: string
  processInstanceId: string
  elementId: string
  /** Our case id (process business key), when the instance has one. */
  businessKey: string | null
  /** Variables after the task's input mappings. */
  variables: V
  /** `zeebe:taskHeaders`. */
  headers: Record<string, string>
  /** Retries left, including this attempt. */
  retries: number
}

export type JobOutcome =
  | { kind: 'complete'; variables?: Record<string, unknown> }
  /** A business refusal, caught by an error boundary event with the same error code. */
  | { kind: 'bpmnError'; errorCode: string; message: string; variables?: Record<string, unknown> }
  /** A transient fault: retried after the backoff; an incident once retries run out. */
  | { kind: 'fail'; message: string; retryBackoffMs?: number; retries?: number }

export interface JobHandler<V = any> {
  taskType: string
  /** Job timeout: a job not finished in this time is handed out again. */
  timeoutMs?: number
  /**
   * The handler changes nothing outside its answer (it computes from the job, perhaps reads): the embedded engine
   * may run it within the step that reaches the job, before the job is saved, and save the job completed with that
   * step (engine/embedded/side-effect-free-jobs.ts). Never set it on a handler that writes or calls out.
   */
  sideEffectFree?: boolean
  handle(job: Job<V>): Promise<JobOutcome>
}

export const complete = (variables?: Record<string, unknown>): JobOutcome => ({ kind: 'complete', variables })
export const bpmnError = (errorCode: string, message: string, variables?: Record<string, unknown>): JobOutcome => ({
  kind: 'bpmnError',
  errorCode,
  message,
  variables,
})
export const fail = (message: string, retryBackoffMs?: number): JobOutcome => ({ kind: 'fail', message, retryBackoffMs })

/** Default backoff for the n-th failed attempt (1-based): 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 5 * 60_000)
}
