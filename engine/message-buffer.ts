// Zeebe's message time to live, kept by our side for both engines (BufferedMessage): a published message nobody
// waits for is kept until it expires, and handed to the first matching subscription that opens meanwhile.
import { Prisma, type PrismaClient } from '../src/generated/prisma/client.ts'
import type { PublishMessageRequest } from './port.ts'

/** Keeps a message that correlated with nobody, when it has a time to live. */
export async function keepUnclaimedMessage(prisma: PrismaClient, now: Date, request: PublishMessageRequest): Promise<void> {
  if ((request.timeToLiveMs ?? 0) <= 0) return
  await prisma.bufferedMessage.create({
    data: {
      messageName: request.name,
      correlationKey: request.correlationKey,
      variables: (request.variables ?? {}) as Prisma.InputJsonValue,
      expiresAt: new Date(now.getTime() + (request.timeToLiveMs ?? 0)),
      createdAt: now,
    },
  })
}

/**
 * A subscription opened: the oldest live kept message for it is taken (deleted first, so two takers never both
 * deliver it) and published; kept again when it still reached nobody.
 */
export async function deliverKeptMessage(
  prisma: PrismaClient,
  now: Date,
  messageName: string,
  correlationKey: string,
  publish: (request: PublishMessageRequest) => Promise<{ correlated: number }>,
): Promise<void> {
  const kept = await prisma.bufferedMessage.findFirst({
    where: { messageName, correlationKey, expiresAt: { gt: now } },
    orderBy: { createdAt: 'asc' },
  })
  if (!kept) return
  const taken = await prisma.bufferedMessage.deleteMany({ where: { id: kept.id } })
  if (taken.count === 0) return
  const result = await publish({ name: messageName, correlationKey, variables: kept.variables as Record<string, unknown> })
  if (result.correlated === 0) {
    await prisma.bufferedMessage.create({ data: { ...kept, variables: kept.variables as Prisma.InputJsonValue } })
  }
}
