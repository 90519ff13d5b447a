// A handler's database work in one transaction: the engine's own when it runs the handler inside the save of the
// step that reached the job (JobContext.tx, JobHandler.transactional), else a new one. Reads go the same way: on
// PGlite a read beside an open transaction would wait for that transaction to end.
import type { Prisma, PrismaClient } from '../src/generated/prisma/client.ts'
import type { JobContext } from '../engine/job.ts'
import type { HandlerDeps } from './handler-deps.ts'

export function inTransaction<R>(
  deps: Pick<HandlerDeps, 'prisma'>,
  context: JobContext | undefined,
  work: (tx: Prisma.TransactionClient) => Promise<R>,
): Promise<R> {
  return context?.tx ? work(context.tx) : deps.prisma.$transaction(work)
}

/** The client for a handler's reads outside its transaction: the engine's transaction when it is given. */
export function readerOf(deps: Pick<HandlerDeps, 'prisma'>, context: JobContext | undefined): Prisma.TransactionClient | PrismaClient {
  return context?.tx ?? deps.prisma
}
