// GET /metrics on the main port: Prometheus text format (src/metrics). Allowed with `Authorization: Bearer
// <METRICS_TOKEN>` (when configured; compared in constant time) or for a signed-in administrator (session
// cookie, or a session bearer token as under /api). Anonymous: 401; signed in but not an administrator: 403.
// A bearer token that is neither is 401, never replaced by the cookie. Never cached.
import { Router, type Request, type Response } from 'express'
import { findSession } from '../../src/users/sessions.ts'
import { ADMINS } from '../../src/users/groups.ts'
import { registryOf } from '../../src/metrics/instrument-engine.ts'
import { metricsTokenMatches } from '../../src/metrics/metrics-token.ts'
import { writeExposition } from '../../src/metrics/metrics-server.ts'
import { renderMetrics } from '../../src/metrics/render-metrics.ts'
import type { AppDeps } from '../app-deps.ts'
import { sendApiError } from '../respond.ts'
import { ctx } from '../request-context.ts'

type Access = 'allowed' | 'forbidden' | 'unauthenticated'

async function metricsAccess(deps: AppDeps, req: Request, res: Response): Promise<Access> {
  const header = req.headers.authorization
  if (header !== undefined) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1]
    if (!token) return 'unauthenticated'
    if (deps.config.metricsToken !== null && metricsTokenMatches(deps.config.metricsToken, token)) return 'allowed'
    const session = await findSession(deps.db.prisma, token, deps.clock.now())
    if (!session) return 'unauthenticated'
    return session.user.groups.includes(ADMINS) ? 'allowed' : 'forbidden'
  }
  const auth = ctx(res).auth
  if (!auth) return 'unauthenticated'
  return auth.user.groups.includes(ADMINS) ? 'allowed' : 'forbidden'
}

export function metricsRoutes(deps: AppDeps): Router {
  const router = Router()
  router.get('/metrics', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    const access = await metricsAccess(deps, req, res)
    if (access === 'unauthenticated') {
      res.setHeader('WWW-Authenticate', 'Bearer')
      return sendApiError(res, 401, 'UNAUTHENTICATED')
    }
    if (access === 'forbidden') return sendApiError(res, 403, 'FORBIDDEN')
    const body = await renderMetrics({ prisma: deps.db.prisma, clock: deps.clock, registry: registryOf(deps.engine) })
    writeExposition(res, body, req.method !== 'HEAD')
  })
  return router
}
