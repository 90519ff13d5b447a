// Cookie names, reading (no cookie-parser dependency) and the options we set them with.
import type { CookieOptions, Request } from 'express'
import type { Config } from '../src/config.ts'

export const SESSION_COOKIE = 'wf_session'
export const LOGIN_CSRF_COOKIE = 'wf_login'
export const LANG_COOKIE = 'wf_lang'

export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(eq + 1).trim())
    } catch {
      return null
    }
  }
  return null
}

export function sessionCookieOptions(config: Pick<Config, 'nodeEnv' | 'sessionHours'>): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.nodeEnv === 'production',
    path: '/',
    maxAge: config.sessionHours * 3_600_000,
  }
}
