// GET /health: public, no personal data. With ENGINE=operaton it also says whether the engine nodes answer (by
// number, never their addresses) and answers 503 when none does: the app cannot move a case without its engine.
import { Router } from 'express'
import type { AppDeps } from '../app-deps.ts'

export function healthRoutes(deps: AppDeps): Router {
  const router = Router()
  router.get('/health', async (_req, res) => {
    const base = { engine: deps.config.engine, database: deps.db.kind }
    const probe = (deps.engine as { health?: () => Promise<{ reachable: boolean; nodes: { node: number; up: boolean }[] }> }).health
    if (typeof probe !== 'function') {
      res.json({ status: 'ok', ...base })
      return
    }
    const engine = await probe.call(deps.engine)
    res.status(engine.reachable ? 200 : 503).json({ status: engine.reachable ? 'ok' : 'engine-unreachable', ...base, engineNodes: engine.nodes })
  })
  return router
}
