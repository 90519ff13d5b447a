// Procedure versions for managers: GET /api/procedures/:id/versions (with instance counts),
// GET /api/procedures/:id/versions/:version (the BPMN XML), POST /api/procedures/:id/versions/:version/redeploy
// (roll-back: that XML deployed again as the newest version), GET /api/procedures/:id/diff?from=N&to=M (what
// changed between two versions; to=shipped: to the shipped version waiting for a manager).
import { Router, type Request } from 'express'
import { DeploymentRejected, normaliseComment } from '../../src/procedures/deploy-procedures.ts'
import { getVersionSource, listVersions, redeployVersion } from '../../src/procedures/procedure-versions.ts'
import { diffShipped, diffVersions } from '../../src/procedures/version-diff.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { format } from '../i18n/index.ts'
import { sendApiError } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'

/** A positive whole number (a version), or null. */
export function positiveInt(raw: unknown): number | null {
  return typeof raw === 'string' && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null
}

/** A version number from the path, or null when it is not a positive whole number. */
export function versionParam(req: Request): number | null {
  return positiveInt(req.params.version)
}

export function procedureVersionRoutes(deps: AppDeps): Router {
  const router = Router()

  router.get('/api/procedures/:id/versions', async (req, res) => {
    res.json(await listVersions(serviceDeps(deps), actor(res), req.params.id))
  })

  router.get('/api/procedures/:id/versions/:version', async (req, res) => {
    const version = versionParam(req)
    if (version === null) return sendApiError(res, 404, 'NOT_FOUND')
    res.json(await getVersionSource(serviceDeps(deps), actor(res), req.params.id, version))
  })

  router.get('/api/procedures/:id/diff', async (req, res) => {
    const from = positiveInt(req.query.from)
    const toShipped = req.query.to === 'shipped'
    const to = toShipped ? null : positiveInt(req.query.to)
    if (from === null || (to === null && !toShipped)) return sendApiError(res, 400, 'BAD_REQUEST', {}, 'from must be a version number, to a version number or "shipped"')
    const diffed = to === null ? await diffShipped(serviceDeps(deps), actor(res), req.params.id, from) : await diffVersions(serviceDeps(deps), actor(res), req.params.id, from, to)
    const { fromXml: _from, toXml: _to, ...changes } = diffed
    res.json(changes)
  })

  router.post('/api/procedures/:id/versions/:version/redeploy', async (req, res) => {
    const version = versionParam(req)
    if (version === null) return sendApiError(res, 404, 'NOT_FOUND')
    const body = (req.body ?? {}) as Record<string, unknown>
    try {
      const comment = normaliseComment(body.comment) ?? format(ctx(res).t.procedures.redeployComment, { version })
      const result = await redeployVersion(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, version, comment)
      res.status(result.duplicate ? 200 : 201).json(result)
    } catch (err) {
      if (err instanceof DeploymentRejected) return sendApiError(res, 400, 'DEPLOYMENT_REJECTED', { problems: err.problems })
      throw err
    }
  })

  return router
}
