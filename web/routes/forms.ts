// Forms for managers (the form editor's server side): GET /api/forms (every form, its versions and the user tasks
// that link it), GET /api/forms/:id/versions, GET /api/forms/:id/versions/:version (the form JSON), and the
// editor's draft: GET / PUT {schema} / DELETE /api/forms/:id/draft. PUT reads its own JSON body (see readsOwnBody
// in deployments.ts) up to the per-file upload limit. New versions are deployed through POST /api/deployments.
import { Router } from 'express'
import { deleteFormDraft, getFormDraft, saveFormDraft } from '../../src/procedures/form-drafts.ts'
import { getFormSource, listForms, listFormVersions } from '../../src/procedures/form-versions.ts'
import { requireProcedureManager } from '../../src/procedures/procedure-access.ts'
import { uploadLimits } from '../../src/procedures/upload-limits.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { sendApiError } from '../respond.ts'
import { actor } from '../request-context.ts'
import { readDraftField } from '../draft-body.ts'
import { versionParam } from './procedure-versions.ts'

export function formRoutes(deps: AppDeps): Router {
  const router = Router()
  const { maxFileBytes } = uploadLimits(deps.config.maxDeploymentBytes)

  router.get('/api/forms', async (_req, res) => {
    res.json(await listForms(serviceDeps(deps), actor(res)))
  })

  router.get('/api/forms/:id/versions', async (req, res) => {
    res.json(await listFormVersions(serviceDeps(deps), actor(res), req.params.id))
  })

  router.get('/api/forms/:id/versions/:version', async (req, res) => {
    const version = versionParam(req)
    if (version === null) return sendApiError(res, 404, 'NOT_FOUND')
    res.json(await getFormSource(serviceDeps(deps), actor(res), req.params.id, version))
  })

  router.get('/api/forms/:id/draft', async (req, res) => {
    const draft = await getFormDraft(serviceDeps(deps), actor(res), req.params.id)
    if (!draft) return sendApiError(res, 404, 'NOT_FOUND')
    res.json(draft)
  })

  router.put('/api/forms/:id/draft', async (req, res) => {
    const service = serviceDeps(deps)
    await requireProcedureManager(service, actor(res), 'form.draft') // before the body is read
    const read = await readDraftField(req, res, 'schema', maxFileBytes)
    if (read.sent) return
    res.json(await saveFormDraft(service, actor(res), req.params.id, read.value))
  })

  router.delete('/api/forms/:id/draft', async (req, res) => {
    await deleteFormDraft(serviceDeps(deps), actor(res), req.params.id)
    res.status(204).end()
  })

  return router
}
