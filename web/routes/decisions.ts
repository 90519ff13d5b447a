// DMN decisions for managers: GET /api/decisions (every decision with its versions, newest first),
// GET /api/decisions/:id/versions, GET /api/decisions/:id/versions/:version (the DMN XML). Deploying goes through
// POST /api/deployments like BPMN files.
import { Router } from 'express'
import { getDecisionSource, listDecisions, listDecisionVersions } from '../../src/procedures/decision-versions.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { sendApiError } from '../respond.ts'
import { actor } from '../request-context.ts'
import { versionParam } from './procedure-versions.ts'

export function decisionRoutes(deps: AppDeps): Router {
  const router = Router()
  router.get('/api/decisions', async (_req, res) => {
    res.json(await listDecisions(serviceDeps(deps), actor(res)))
  })
  router.get('/api/decisions/:id/versions', async (req, res) => {
    res.json(await listDecisionVersions(serviceDeps(deps), actor(res), req.params.id))
  })
  router.get('/api/decisions/:id/versions/:version', async (req, res) => {
    const version = versionParam(req)
    if (version === null) return sendApiError(res, 404, 'NOT_FOUND')
    res.json(await getDecisionSource(serviceDeps(deps), actor(res), req.params.id, version))
  })
  return router
}
