// GET /health: public, no personal data.
import { Router } from 'express'
import type { AppDeps } from '../app-deps.ts'

export function healthRoutes(deps: AppDeps): Router {
  const router = Router()
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', engine: deps.config.engine, database: deps.db.kind })
  })
  return router
}
