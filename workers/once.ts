// Runs a side effect once per key, however often a job is delivered: the key and the result are stored in
// IdempotencyKey in the same transaction as the effect; a second delivery gets the stored result back.
// Inside the engine's own transaction (JobContext.tx) the effect commits with the job's completion or not at all,
// so the job cannot be delivered again and no key is stored.
import type { Prisma } from '../src/generated/prisma/client.ts'
import type { JobContext } from '../engine/job.ts'
import type { HandlerDeps } from './handler-deps.ts'

export async function once<R extends Record<string, unknown>>(
  deps: Pick<HandlerDeps, 'prisma'>,
  key: string,
  effect: (tx: Prisma.TransactionClient) => Promise<R>,
  context?: JobContext,
): Promise<R> {
  if (context?.tx) return effect(context.tx)
  return deps.prisma.$transaction(async (tx) => {
    const seen = await tx.idempotencyKey.findUnique({ where: { key } })
    if (seen) return seen.result as R
    const result = await effect(tx)
    await tx.idempotencyKey.create({ data: { key, result: result as Prisma.InputJsonValue } })
    return result
  })
}
