// Gates: the API answers 401 JSON, pages redirect to the login page (remembering where the user was going).
import type { RequestHandler } from 'express'
import { sendApiError } from '../respond.ts'
import { ctx } from '../request-context.ts'

export const requireApiAuth: RequestHandler = (_req, res, next) => {
  if (ctx(res).auth) return next()
  res.setHeader('WWW-Authenticate', 'Bearer')
  sendApiError(res, 401, 'UNAUTHENTICATED')
}

export const requirePageAuth: RequestHandler = (req, res, next) => {
  if (ctx(res).auth) return next()
  const next_ = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : ''
  res.redirect(303, `/login${next_}`)
}

/** Only relative paths on this site ("/inbox"), never "//host" or "https://…". */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 500) return fallback
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback
  return value
}
