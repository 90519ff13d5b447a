// POST /api/session {login, password} → {token, user} and the session cookie; DELETE /api/session signs out.
import { Router } from 'express'
import type { AppDeps } from '../app-deps.ts'
import { requireApiAuth } from '../middleware/require-auth.ts'
import { sendApiError } from '../respond.ts'
import { signIn, signOut } from '../session-cookie.ts'

export function sessionRoutes(deps: AppDeps): Router {
  const router = Router()

  router.post('/api/session', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const { login, password } = body
    if (typeof login !== 'string' || typeof password !== 'string' || login === '' || password.length > 1000) {
      return sendApiError(res, 400, 'BAD_REQUEST', {}, 'login and password (strings) are required')
    }
    const result = await signIn(deps, res, login, password)
    if (result.ok) return res.json({ token: result.token, user: result.user })
    if (result.reason === 'rate-limited') return sendApiError(res, 429, 'RATE_LIMITED')
    sendApiError(res, 401, 'INVALID_CREDENTIALS')
  })

  router.delete('/api/session', requireApiAuth, async (_req, res) => {
    await signOut(deps, res)
    res.status(204).end()
  })

  return router
}
