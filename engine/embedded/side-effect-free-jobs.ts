// Jobs answered within the step that reaches them, as a script task is: the handler answers, the answer goes to the
// live run at once, and the step's one save records the job already completed with its result. Two kinds:
// - A handler that changes nothing outside its answer (JobHandler.sideEffectFree: a computation from the job's
//   variables, perhaps a read) runs before the save's transaction. Nothing can be lost or duplicated by a crash:
//   until the save commits, nothing of the chain exists outside memory, and a handler that changed nothing may run
//   again. A job it does not complete (a failure, an uncaught BPMN error, a throw) is left to the ordinary path: it
//   is saved pending and its handler runs again there, with retries, incidents and backoff as usual.
// - A handler whose every read and write goes through a given transaction (JobHandler.transactional) runs inside the
//   save's transaction (`tx`), so its effect commits with the job's completion and the instance's next state, or not
//   at all (transactional-jobs.ts). A job it does not complete there abandons the whole step (StepChainAbandoned):
//   the transaction rolls back, with whatever the handler wrote, and the engine applies the event again without
//   answering jobs in the step, so the job takes the ordinary path.
// Several steps with nothing for a person to do between them so cost one save instead of one per job (and no poller
// round, claim or lock).
import { randomUUID } from 'node:crypto'
import type { Prisma } from '../../src/generated/prisma/client.ts'
import type { Job, JobHandler } from '../job.ts'
import type { InstanceRun, JobResult, RunSnapshot, WaitingJob } from './instance-run.ts'
import type { ProcessModel } from './process-model.ts'

/** A job created and completed within one step: the save inserts it completed. */
export interface CompletedInStep {
  id: string
  job: WaitingJob
  result: Record<string, unknown>
  errorCode: string | null
}

export interface StepChain {
  snapshot: RunSnapshot
  completed: CompletedInStep[]
}

export interface SideEffectFreeContext {
  run: InstanceRun
  model: ProcessModel
  instanceId: string
  businessKey: string | null
  /** The handler of a job type when it is registered here and side-effect free. */
  handlerFor(type: string): JobHandler | undefined
  /** Jobs the instance already waited on before this step (they have rows: the ordinary path runs them). */
  known: ReadonlySet<string>
  /** The save's transaction: the handlers are transactional ones and get it (JobContext.tx). */
  tx?: Prisma.TransactionClient
}

/** A job answered inside the save's transaction was not completed there: the step is applied again without the chain. */
export class StepChainAbandoned extends Error {
  constructor(reason: string) {
    super(`The step's chain of jobs was abandoned: ${reason}`)
    this.name = 'StepChainAbandoned'
  }
}

/** A bound on jobs run in one step, so that a loop of side-effect-free jobs still saves now and then. */
const MAX_JOBS_PER_STEP = 50

/**
 * Runs the step's new jobs whose handlers `handlerFor` gives in the live run, one after the other, until the run
 * waits otherwise. `first` may be taken without the state (only the last snapshot's is saved): the result has it
 * unless `withState` is false (the caller goes on, or reads it before the save: withFinalState).
 */
export async function completeSideEffectFreeJobs(ctx: SideEffectFreeContext, first: RunSnapshot, withState = true): Promise<StepChain> {
  let snapshot = first
  const completed: CompletedInStep[] = []
  const trail: RunSnapshot['trail'] = []
  for (let i = 0; i < MAX_JOBS_PER_STEP && snapshot.status === 'waiting'; i++) {
    const next = snapshot.jobs.find((j) => !ctx.known.has(j.executionId) && ctx.handlerFor(j.type) !== undefined)
    if (!next) break
    const id = randomUUID()
    const result = await answer(ctx, next, id)
    if (!result && ctx.tx) throw new StepChainAbandoned(`the job of ${next.elementId} was not completed`)
    if (!result) break
    trail.push(...snapshot.trail)
    if (!ctx.run.continueWith(undefined, new Map([[next.executionId, result]]))) {
      if (ctx.tx) throw new StepChainAbandoned(`the run did not take the answer of ${next.elementId}`)
      break
    }
    completed.push({ id, job: next, result: result.variables ?? {}, errorCode: result.kind === 'bpmnError' ? result.errorCode : null })
    snapshot = await ctx.run.snapshot({ keepLive: true, withoutState: true })
  }
  const chained = { ...snapshot, trail: trail.length ? [...trail, ...snapshot.trail] : snapshot.trail }
  return { snapshot: withState ? await withFinalState(ctx.run, chained) : chained, completed }
}

/** The snapshot with bpmn-engine's state, read now when it was taken without (a waiting run is saved with it). */
export async function withFinalState(run: InstanceRun, snapshot: RunSnapshot): Promise<RunSnapshot> {
  return snapshot.status === 'waiting' && snapshot.state === undefined ? { ...snapshot, state: await run.currentState() } : snapshot
}

/** The handler's answer as the run takes it, or null when the ordinary path must take the job. */
async function answer(ctx: SideEffectFreeContext, waiting: WaitingJob, id: string): Promise<JobResult | null> {
  const job: Job = {
    key: id,
    type: waiting.type,
    processInstanceId: ctx.instanceId,
    elementId: waiting.elementId,
    businessKey: ctx.businessKey,
    variables: waiting.variables,
    headers: waiting.headers,
    retries: waiting.retries,
  }
  try {
    const outcome = await ctx.handlerFor(waiting.type)!.handle(job, ctx.tx ? { tx: ctx.tx } : undefined)
    if (outcome.kind === 'complete') return { kind: 'complete', variables: outcome.variables }
    if (outcome.kind !== 'bpmnError') return null
    const el = ctx.model.elements.get(waiting.elementId)
    const caught = el?.kind === 'service' && (el.caughtErrorCodes.includes(outcome.errorCode) || el.caughtErrorCodes.includes('*'))
    return caught ? { kind: 'bpmnError', errorCode: outcome.errorCode, message: outcome.message, variables: outcome.variables } : null
  } catch {
    return null
  }
}
