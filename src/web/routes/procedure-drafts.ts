// Editor drafts (managers only): GET / PUT {xml} / DELETE /api/procedures/:id/draft. PUT reads its own JSON body
// (see readsOwnBody in deployments.ts) up to the per-file upload limit.
import { Router } from 'express'
import { deleteDraft, getDraft, saveDraft } from '../../procedures/process-drafts.ts'
import { requireProcedureManager } from '../../procedures/procedure-access.ts'
import { uploadLimits } from '../../procedures/upload-limits.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { sendApiError } from '../respond.ts'
import { actor } from '../request-context.ts'
import { BadUpload, readBody, UploadTooLarge, utf8Text } from '../upload-body.ts'

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
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return sendApiError(res, 415, 'UNSUPPORTED_MEDIA_TYPE')
    }
    let body: unknown
    try {
      const text = utf8Text(await readBody(req, maxFileBytes + 1024))
      body = text === null ? null : JSON.parse(text)
    } catch (err) {
      if (err instanceof UploadTooLarge) return sendApiError(res, 413, 'PAYLOAD_TOO_LARGE', { limit: maxFileBytes })
      if (err instanceof BadUpload) return sendApiError(res, err.status, 'BAD_REQUEST', {}, err.message)
      if (err instanceof SyntaxError) return sendApiError(res, 400, 'BAD_REQUEST')
      throw err
    }
    const xml = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).xml : undefined
    if (typeof xml === 'string' && Buffer.byteLength(xml) > maxFileBytes) return sendApiError(res, 413, 'PAYLOAD_TOO_LARGE', { limit: maxFileBytes })
    res.json(await saveDraft(service, actor(res), req.params.id, xml))
  })

  router.delete('/api/procedures/:id/draft', async (req, res) => {
    await deleteDraft(serviceDeps(deps), actor(res), req.params.id)
    res.status(204).end()
  })

  return router
}
