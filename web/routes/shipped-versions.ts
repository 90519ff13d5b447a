// Shipped versions waiting for a manager (src/procedures/shipped-versions.ts), managers only:
// GET /api/shipped-versions[?kind=process|form|decision] lists them, GET /api/shipped-versions/:kind/:id gives one
// with the file's text, POST /api/shipped-versions/:kind/:id/take {comment?} deploys it as a new version.
import { Router } from 'express'
import { DeploymentRejected, normaliseComment } from '../../src/procedures/deploy-procedures.ts'
import { getShippedVersion, isShippedKind, listShippedVersions, takeShippedVersion } from '../../src/procedures/shipped-versions.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { sendApiError } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'

export function shippedVersionRoutes(deps: AppDeps): Router {
  const router = Router()

  router.get('/api/shipped-versions', async (req, res) => {
    const kind = req.query.kind
    if (kind !== undefined && !isShippedKind(kind)) return sendApiError(res, 400, 'BAD_REQUEST', {}, 'kind must be process, form or decision')
    res.json(await listShippedVersions(serviceDeps(deps), actor(res), kind ? { kind } : {}))
  })

  router.get('/api/shipped-versions/:kind/:id', async (req, res) => {
    const { kind, id } = req.params
    if (!isShippedKind(kind)) return sendApiError(res, 404, 'NOT_FOUND')
    res.json(await getShippedVersion(serviceDeps(deps), actor(res), kind, id))
  })

  router.post('/api/shipped-versions/:kind/:id/take', async (req, res) => {
    const { kind, id } = req.params
    if (!isShippedKind(kind)) return sendApiError(res, 404, 'NOT_FOUND')
    const body = (req.body ?? {}) as Record<string, unknown>
    try {
      const taken = await takeShippedVersion(serviceDeps(deps, ctx(res).logger), actor(res), kind, id, normaliseComment(body.comment))
      res.status(taken.duplicate ? 200 : 201).json(taken)
    } catch (err) {
      if (err instanceof DeploymentRejected) return sendApiError(res, 400, 'DEPLOYMENT_REJECTED', { problems: err.problems })
      throw err
    }
  })

  return router
}
