// POST /api/cases registers an application (Idempotency-Key header honoured); GET /api/cases/:id reads one case; GET /api/cases/:id/diagram its
// process diagram (the instance's own version) with the active and completed elements.
import { Router } from 'express'
import { getCaseDiagram } from '../../src/cases/case-diagram.ts'
import { getCase } from '../../src/cases/get-case.ts'
import { registerCase } from '../../src/cases/register-case.ts'
import { refreshCaseSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import { actor, ctx } from '../request-context.ts'

export function caseRoutes(deps: AppDeps): Router {
  const router = Router()

  // Idempotency-Key: a client's retry answers the first registration (header Idempotent-Replayed: true) instead of
  // making a second case (register-case.ts).
  router.post('/api/cases', async (req, res) => {
    const created = await registerCase(serviceDeps(deps, ctx(res).logger), actor(res), req.body, { idempotencyKey: req.get('Idempotency-Key') })
    if (created.replayed) res.set('Idempotent-Replayed', 'true')
    else await refreshCaseSla(deps, created.id) // a receipt date in the past shows its true deadline state at once
    res.status(201).location(`/api/cases/${created.id}`).json({ id: created.id, number: created.number })
  })

  router.get('/api/cases/:id', async (req, res) => {
    res.json(await getCase(serviceDeps(deps), actor(res), req.params.id))
  })

  router.get('/api/cases/:id/diagram', async (req, res) => {
    res.json(await getCaseDiagram(serviceDeps(deps), actor(res), req.params.id))
  })

  return router
}
