// Checks a login and password, with a rate limit: after 5 failed attempts for one login from one IP address
// within 15 minutes, further attempts are refused without checking the password. Every checked attempt is
// recorded. The limit holds under parallel attempts: an attempt is first reserved in the database — under a
// transaction-scoped advisory lock on (login, IP), a conditional insert of a failed attempt that happens only
// while fewer than 5 failures are recorded — and only a reserved attempt has its password checked (a right
// password then marks its row succeeded). So at most 5 passwords are checked per (login, IP) window, whatever
// the concurrency, on PGlite and PostgreSQL alike.
import { randomUUID } from 'node:crypto'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { toAuthUser, withGroups, type AuthUser } from './auth-user.ts'
import { verifyAgainstDummy, verifyPassword } from './password.ts'

export const MAX_FAILURES = 5
export const FAILURE_WINDOW_MS = 15 * 60_000

export type LoginResult =
  | { ok: true; user: AuthUser }
  | { ok: false; reason: 'invalid' | 'rate-limited' }

export interface LoginRequest {
  login: string
  password: string
  ip: string
  now: Date
}

/** How passwords are checked (argon2id; tests inject a counting one). */
export interface PasswordChecks {
  verify(passwordHash: string, password: string): Promise<boolean>
  /** Spends as long as a real check for a login that does not exist (or is inactive). */
  verifyUnknown(password: string): Promise<false>
}

const ARGON2: PasswordChecks = { verify: verifyPassword, verifyUnknown: verifyAgainstDummy }

/** A burst of sign-ins (100 at once) queues for the pool's connections: wait for one rather than answer 500
 *  (Prisma's default gives up after 2 s); the transaction itself is two short statements. */
const RESERVATION_WAIT = { maxWait: 30_000, timeout: 10_000 }

/**
 * Records a failed attempt for (login, ip) unless MAX_FAILURES failures are recorded within the window; returns
 * the new row's id, or null when the limit is reached. The lock is taken in the transaction's first statement,
 * so the second one (its own snapshot, READ COMMITTED) sees every attempt reserved before it.
 */
async function reserveAttempt(prisma: PrismaClient, login: string, ip: string, now: Date): Promise<string | null> {
  const id = randomUUID()
  const at = now.toISOString()
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString()
  const [, inserted] = await prisma.$transaction([
    prisma.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`login-attempt:${login}\n${ip}`}))::text AS locked`,
    prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO "LoginAttempt" ("id", "login", "ip", "at", "succeeded")
      SELECT ${id}, ${login}, ${ip}, CAST(${at} AS timestamp(3)), false
      WHERE (SELECT count(*) FROM "LoginAttempt"
             WHERE "login" = ${login} AND "ip" = ${ip} AND NOT "succeeded" AND "at" > CAST(${since} AS timestamp(3))) < ${MAX_FAILURES}
      RETURNING "id"`,
  ], RESERVATION_WAIT)
  return inserted.length === 1 ? inserted[0].id : null
}

export async function checkLogin(prisma: PrismaClient, request: LoginRequest, checks: PasswordChecks = ARGON2): Promise<LoginResult> {
  const login = request.login.trim().toLowerCase().slice(0, 100)
  const attemptId = await reserveAttempt(prisma, login, request.ip, request.now)
  if (attemptId === null) return { ok: false, reason: 'rate-limited' }

  const user = await prisma.user.findUnique({ where: { login }, include: withGroups })
  const valid = user && user.active
    ? await checks.verify(user.passwordHash, request.password)
    : await checks.verifyUnknown(request.password)
  if (!valid || !user) return { ok: false, reason: 'invalid' }
  await prisma.loginAttempt.update({ where: { id: attemptId }, data: { succeeded: true } })
  return { ok: true, user: toAuthUser(user) }
}
