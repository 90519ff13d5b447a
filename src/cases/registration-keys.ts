// The Idempotency-Key of a registration (RegistrationKey): stored in the case's own transaction, so a key exists
// exactly when its case does; looked up per user. A key past `expiresAt` counts as unused (the housekeeping round
// removes it; until then registering under it again replaces it).
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import { REGISTRATION_KEY_TTL_MS } from '../../domain/idempotency-key.ts'

export interface RegistrationKeyRequest {
  key: string
  /** requestHash of the body. */
  hash: string
}

export interface RegistrationKeyHit {
  caseId: string
  sameRequest: boolean
}

export async function findRegistrationKey(prisma: PrismaClient, userId: string, request: RegistrationKeyRequest, now: Date): Promise<RegistrationKeyHit | null> {
  const row = await prisma.registrationKey.findUnique({ where: { userId_key: { userId, key: request.key } } })
  if (!row || row.expiresAt <= now) return null
  return { caseId: row.caseId, sameRequest: row.requestHash === request.hash }
}

/** Writes the key for a case being stored (inside its transaction); a unique violation (P2002) means another request
 * with the key committed first. */
export async function storeRegistrationKey(
  tx: Prisma.TransactionClient,
  userId: string,
  request: RegistrationKeyRequest,
  caseId: string,
  now: Date,
): Promise<void> {
  await tx.registrationKey.deleteMany({ where: { userId, key: request.key, expiresAt: { lte: now } } })
  await tx.registrationKey.create({
    data: { userId, key: request.key, requestHash: request.hash, caseId, createdAt: now, expiresAt: new Date(now.getTime() + REGISTRATION_KEY_TTL_MS) },
  })
}

export const isUniqueViolation = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'P2002'
