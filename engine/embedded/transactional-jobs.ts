// A step that reaches a job whose handler is transactional (JobHandler.transactional: every read and write through
// a given transaction, nothing outside the database) answers it inside the transaction that saves the step: the
// handler's effect, the job stored completed and the instance's next state commit together, or none of them does.
// So a job with an effect costs no save of its own, no claim and no idempotency record: a crash before the commit
// leaves the instance where it was, with nothing written, and the event that moved it is applied again.
// A chain may go on through several such jobs, and side-effect-free ones, until the run waits on something else.
// If one is not completed (a failure, an uncaught BPMN error, a throw) the transaction rolls back
// (StepChainAbandoned) and the engine applies the event again without answering jobs in the step.
import type { PrismaClient, Prisma } from '../../src/generated/prisma/client.ts'
import type { PersistResult } from './instance-store.ts'
import type { RunSnapshot } from './instance-run.ts'
import { completeSideEffectFreeJobs, StepChainAbandoned, type CompletedInStep, type SideEffectFreeContext, type StepChain } from './side-effect-free-jobs.ts'

/** Whether the step's snapshot has a new job that only a transactional handler (not a side-effect-free one) answers. */
export function wantsTransaction(snapshot: RunSnapshot, known: ReadonlySet<string>, answersInTransaction: (type: string) => boolean): boolean {
  return snapshot.status === 'waiting' && snapshot.jobs.some((job) => !known.has(job.executionId) && answersInTransaction(job.type))
}

/**
 * Goes on with the chain inside one transaction (`ctx.handlerFor` gives the transactional handlers) and saves its
 * end there with `save`. Rejects with StepChainAbandoned, after the rollback, when a job is not completed or the run
 * fails on the way.
 */
export async function saveWithTransactionalJobs(
  prisma: PrismaClient,
  ctx: Omit<SideEffectFreeContext, 'tx'>,
  before: StepChain,
  save: (tx: Prisma.TransactionClient, snapshot: RunSnapshot, completed: CompletedInStep[]) => Promise<PersistResult>,
): Promise<{ snapshot: RunSnapshot; persisted: PersistResult }> {
  return prisma.$transaction(async (tx) => {
    const chain = await completeSideEffectFreeJobs({ ...ctx, tx }, before.snapshot)
    if (chain.snapshot.status === 'failed') throw new StepChainAbandoned('the run failed')
    const persisted = await save(tx, chain.snapshot, [...before.completed, ...chain.completed])
    return { snapshot: chain.snapshot, persisted }
  })
}
