// POST /api/cases registers an application; GET /api/cases/:id reads one case; GET /api/cases/:id/diagram its
// process diagram (the instance's own version) with the active and completed elements.
import { Router } from 'express'
import { getCaseDiagram } from '../../cases/case-diagram.ts'
import { getCase } from '../../cases/get-case.ts'
import { registerCase } from '../../cases/register-case.ts'
import { refreshSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import { actor, ctx } from '../request-context.ts'

export function caseRoutes(deps: AppDeps): Router {
  const router = Router()

  router.post('/api/cases', async (req, res) => {
    const created = await registerCase(serviceDeps(deps, ctx(res).logger), actor(res), req.body)
    await refreshSla(deps) // a receipt date in the past shows its true deadline state at once
    res.status(201).location(`/api/cases/${created.id}`).json(created)
  })

  router.get('/api/cases/:id', async (req, res) => {
    res.json(await getCase(serviceDeps(deps), actor(res), req.params.id))
  })

  router.get('/api/cases/:id/diagram', async (req, res) => {
    res.json(await getCaseDiagram(serviceDeps(deps), actor(res), req.params.id))
  })

  return router
}
