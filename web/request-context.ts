// Per-request state kept in res.locals.ctx: request id, logger, client address, locale and the signed-in user.
import type { Response } from 'express'
import type { Locale } from '../src/config.ts'
import type { Logger } from '../src/logger.ts'
import type { AuthUser } from '../src/users/auth-user.ts'
import type { Actor } from '../src/users/actor.ts'
import type { Messages } from './i18n/index.ts'

export interface Auth {
  user: AuthUser
  sessionId: string
  csrfToken: string
  /** How the request proved who it is; bearer-token requests need no CSRF token. */
  via: 'bearer' | 'cookie'
}

export interface RequestContext {
  requestId: string
  logger: Logger
  ip: string | null
  locale: Locale
  t: Messages
  auth: Auth | null
}

export function ctx(res: Response): RequestContext {
  const context = res.locals.ctx as RequestContext | undefined
  if (!context) throw new Error('request context missing: requestContext middleware not installed')
  return context
}

/** The signed-in user; only call behind requireApiAuth / requirePageAuth. */
export function auth(res: Response): Auth {
  const a = ctx(res).auth
  if (!a) throw new Error('auth missing: route not behind an auth middleware')
  return a
}

export function actor(res: Response): Actor {
  return { user: auth(res).user, ip: ctx(res).ip }
}
