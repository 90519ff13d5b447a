// The contract between an engine and a job handler: one job in, one of three outcomes out.
import type { Prisma } from '../src/generated/prisma/client.ts'

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
  /**
   * Every database read and write of the handler goes through `context.tx` when it is given, and the handler does
   * nothing outside the database (no mail, no call out). The embedded engine may then run it inside the transaction
   * that saves the step reaching the job: its effect commits with the job's completion and the instance's next state,
   * or not at all (engine/embedded/transactional-jobs.ts). Without a context it works as any handler.
   */
  transactional?: boolean
  handle(job: Job<V>, context?: JobContext): Promise<JobOutcome>
}

/** What the engine hands a transactional handler besides the job. */
export interface JobContext {
  /** The engine's own transaction: the handler's reads and writes go through it, never through another client. */
  tx?: Prisma.TransactionClient
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
