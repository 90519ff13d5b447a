// Saved inbox filters: GET /api/filters (mine and those shared with my groups), POST /api/filters
// {name, groupKey?, query} → 201, DELETE /api/filters/:id → 204 (owner only).
import { Router } from 'express'
import { createSavedFilter, deleteSavedFilter, listSavedFilters } from '../../src/inbox/saved-filters.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { actor } from '../request-context.ts'

export function filterRoutes(deps: AppDeps): Router {
  const router = Router()

  router.get('/api/filters', async (_req, res) => {
    res.json(await listSavedFilters(serviceDeps(deps), actor(res)))
  })

  router.post('/api/filters', async (req, res) => {
    const created = await createSavedFilter(serviceDeps(deps), actor(res), req.body)
    res.status(201).location(`/api/filters/${created.id}`).json(created)
  })

  router.delete('/api/filters/:id', async (req, res) => {
    await deleteSavedFilter(serviceDeps(deps), actor(res), req.params.id)
    res.status(204).end()
  })

  return router
}
