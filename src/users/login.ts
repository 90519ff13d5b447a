// Checks a login and password, with a rate limit: after 5 failed attempts for one login from one IP address
// within 15 minutes, further attempts are refused without checking the password. Every attempt is recorded.
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

export async function checkLogin(prisma: PrismaClient, request: LoginRequest): Promise<LoginResult> {
  const login = request.login.trim().toLowerCase().slice(0, 100)
  const since = new Date(request.now.getTime() - FAILURE_WINDOW_MS)
  const failures = await prisma.loginAttempt.count({
    where: { login, ip: request.ip, succeeded: false, at: { gt: since } },
  })
  if (failures >= MAX_FAILURES) return { ok: false, reason: 'rate-limited' }

  const user = await prisma.user.findUnique({ where: { login }, include: withGroups })
  const valid = user && user.active
    ? await verifyPassword(user.passwordHash, request.password)
    : await verifyAgainstDummy(request.password)
  await prisma.loginAttempt.create({ data: { login, ip: request.ip, at: request.now, succeeded: Boolean(valid) } })
  return valid && user ? { ok: true, user: toAuthUser(user) } : { ok: false, reason: 'invalid' }
}
