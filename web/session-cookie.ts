// Signing in and out, shared by the API (POST/DELETE /api/session) and the login page.
import type { Response } from 'express'
import { checkLogin, type LoginResult } from '../src/users/login.ts'
import { createSession, deleteSession, hashToken } from '../src/users/sessions.ts'
import type { AuthUser } from '../src/users/auth-user.ts'
import type { AppDeps } from './app-deps.ts'
import { SESSION_COOKIE, sessionCookieOptions } from './cookies.ts'
import { ctx } from './request-context.ts'

export type SignInResult = { ok: true; token: string; user: AuthUser } | Extract<LoginResult, { ok: false }>

export async function signIn(deps: AppDeps, res: Response, login: string, password: string): Promise<SignInResult> {
  const context = ctx(res)
  const now = deps.clock.now()
  const result = await checkLogin(deps.db.prisma, { login, password, ip: context.ip ?? 'unknown', now })
  if (!result.ok) {
    context.logger.warn('login refused', { reason: result.reason })
    return result
  }
  const session = await createSession(deps.db.prisma, result.user.id, { now, hours: deps.config.sessionHours })
  res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(deps.config))
  context.auth = { user: result.user, sessionId: hashToken(session.token), csrfToken: session.csrfToken, via: 'cookie' }
  context.logger.info('login', { userId: result.user.id })
  return { ok: true, token: session.token, user: result.user }
}

export async function signOut(deps: AppDeps, res: Response): Promise<void> {
  const context = ctx(res)
  if (context.auth) await deleteSession(deps.db.prisma, context.auth.sessionId)
  res.clearCookie(SESSION_COOKIE, { ...sessionCookieOptions(deps.config), maxAge: undefined })
}
