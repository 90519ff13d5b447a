// Sessions in the database. The client holds a random 32-byte token; we store only its SHA-256 as Session.id,
// so a copy of the table cannot be replayed. Each session has its own CSRF token.
import { createHash, randomBytes } from 'node:crypto'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { toAuthUser, withGroups, type AuthUser } from './auth-user.ts'

export interface NewSession {
  token: string
  csrfToken: string
  expiresAt: Date
}

export interface ActiveSession {
  sessionId: string
  csrfToken: string
  expiresAt: Date
  user: AuthUser
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}

export async function createSession(
  prisma: PrismaClient,
  userId: string,
  options: { now: Date; hours: number },
): Promise<NewSession> {
  const token = randomToken()
  const csrfToken = randomToken()
  const expiresAt = new Date(options.now.getTime() + options.hours * 3_600_000)
  await prisma.session.deleteMany({ where: { userId, expiresAt: { lte: options.now } } })
  await prisma.session.create({
    data: { id: hashToken(token), userId, csrfToken, createdAt: options.now, expiresAt },
  })
  return { token, csrfToken, expiresAt }
}

/** The session for a token, or null when unknown, expired or its user is deactivated. */
export async function findSession(prisma: PrismaClient, token: string, now: Date): Promise<ActiveSession | null> {
  if (token.length < 16 || token.length > 200) return null
  const session = await prisma.session.findUnique({
    where: { id: hashToken(token) },
    include: { user: { include: withGroups } },
  })
  if (!session || session.expiresAt <= now || !session.user.active) return null
  return {
    sessionId: session.id,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    user: toAuthUser(session.user),
  }
}

export async function deleteSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sessionId } })
}
