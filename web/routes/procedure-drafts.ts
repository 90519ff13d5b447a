// Editor drafts (managers only): GET / PUT {xml} / DELETE /api/procedures/:id/draft. PUT reads its own JSON body
// (see readsOwnBody in deployments.ts) up to the per-file upload limit.
import { Router } from 'express'
import { deleteDraft, getDraft, saveDraft } from '../../src/procedures/process-drafts.ts'
import { requireProcedureManager } from '../../src/procedures/procedure-access.ts'
import { uploadLimits } from '../../src/procedures/upload-limits.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { sendApiError } from '../respond.ts'
import { actor } from '../request-context.ts'
import { readDraftField } from '../draft-body.ts'

export function procedureDraftRoutes(deps: AppDeps): Router {
  const router = Router()
  const { maxFileBytes } = uploadLimits(deps.config.maxDeploymentBytes)

  router.get('/api/procedures/:id/draft', async (req, res) => {
    const draft = await getDraft(serviceDeps(deps), actor(res), req.params.id)
    if (!draft) return sendApiError(res, 404, 'NOT_FOUND')
    res.json(draft)
  })

  router.put('/api/procedures/:id/draft', async (req, res) => {
    const service = serviceDeps(deps)
    await requireProcedureManager(service, actor(res), 'procedure.draft') // before the body is read
    const read = await readDraftField(req, res, 'xml', maxFileBytes)
    if (read.sent) return
    res.json(await saveDraft(service, actor(res), req.params.id, read.value))
  })

  router.delete('/api/procedures/:id/draft', async (req, res) => {
    await deleteDraft(serviceDeps(deps), actor(res), req.params.id)
    res.status(204).end()
  })

  return router
}
