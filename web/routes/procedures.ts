// GET /api/procedures → [{id, name, version}], the newest version of every deployed process.
import { Router } from 'express'
import type { AppDeps } from '../app-deps.ts'

export function procedureRoutes(deps: AppDeps): Router {
  const router = Router()
  router.get('/api/procedures', async (_req, res) => {
    const processes = await deps.engine.listProcesses()
    res.json(processes.map((p) => ({ id: p.id, name: p.name, version: p.version })))
  })
  return router
}
