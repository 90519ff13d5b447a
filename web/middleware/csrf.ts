// CSRF: a cookie-authenticated POST/PUT/PATCH/DELETE must carry the session's CSRF token, in the `_csrf` form
// field or the `X-CSRF-Token` header. Bearer-token requests are exempt (a browser never adds that header on
// its own). Requests without a session are left to the route (only login is public, and it has its own check).
import { timingSafeEqual } from 'node:crypto'
import type { Request, RequestHandler } from 'express'
import type { PageRenderer } from '../page-renderer.ts'
import { sendApiError } from '../respond.ts'
import { ctx } from '../request-context.ts'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Signing in does not use the session: the login form has its own double-submit check, and POST /api/session
 * takes only application/json, which a cross-site form cannot send. */
const SIGN_IN = new Set(['/login', '/api/session'])

export function tokensMatch(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function submittedCsrfToken(req: Request): unknown {
  const header = req.headers['x-csrf-token']
  if (typeof header === 'string') return header
  const body = req.body as Record<string, unknown> | undefined
  return body && typeof body === 'object' ? body._csrf : undefined
}

export function csrfProtection(pages: PageRenderer): RequestHandler {
  return (req, res, next) => {
    const auth = ctx(res).auth
    if (SAFE.has(req.method) || !auth || auth.via === 'bearer') return next()
    if (req.method === 'POST' && SIGN_IN.has(req.path)) return next()
    if (tokensMatch(auth.csrfToken, submittedCsrfToken(req))) return next()
    ctx(res).logger.warn('csrf token missing or wrong', { method: req.method, path: req.path })
    if (req.path.startsWith('/api/')) return sendApiError(res, 403, 'CSRF_FAILED')
    pages.error(res, 403, 'CSRF_FAILED')
  }
}
