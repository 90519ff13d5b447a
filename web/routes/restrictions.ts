// Restricted procedures (administrators only; 403 for everyone else, managers included; every read and change audited):
// GET /api/admin/restrictions → {items: [{processId, name, groups, restricted, stored, updatedBy, updatedAt,
//     conflicts: [{resource, elementId, rule, message}]}], groups: [{key, name}]}
// PUT /api/admin/restrictions/:processId {groups: [groupKey…]} → the procedure's row as above; an empty list lifts
//     the restriction; 422 (fields.groups / fields.processId) for an unknown group or a bad id. Cookie-authenticated
//     calls need the CSRF token.
// Also mounts the page (GET /admin/restrictions, POST /admin/restrictions; pages/restrictions.ts).
import { Router } from 'express'
import { listRestrictions, saveRestriction } from '../../src/procedures/procedure-restrictions.ts'
import { refreshSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { restrictionPages } from '../pages/restrictions.ts'
import { actor } from '../request-context.ts'

export function restrictionRoutes(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  router.get('/api/admin/restrictions', async (_req, res) => {
    const list = await listRestrictions(serviceDeps(deps), actor(res))
    res.setHeader('Cache-Control', 'no-store')
    res.json(list)
  })

  router.put('/api/admin/restrictions/:processId', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const saved = await saveRestriction(serviceDeps(deps), actor(res), String(req.params.processId), body.groups)
    // tasks now held by someone outside the allowed groups go back to their groups at once (SLA monitor's round)
    await refreshSla(deps)
    res.json(saved)
  })

  router.use(restrictionPages(deps, pages))
  return router
}
