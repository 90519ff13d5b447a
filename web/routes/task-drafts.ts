// Drafts of a task's form (src/inbox/task-drafts.ts), the caller's own only:
//   PUT    /api/tasks/:id/draft  {values: {...}} → 200 {taskId, values, savedAt} (unknown keys dropped)
//   GET    /api/tasks/:id/draft                  → 200 {taskId, values, savedAt}; 404 NO_DRAFT when there is none
//   DELETE /api/tasks/:id/draft                  → 204 (also when there was none)
// Saving needs the task open and claimed by the caller (409 CONFLICT with reason NOT_CLAIMED / NOT_OPEN /
// NO_FORM); a body whose values are not an object is 400 BAD_REQUEST; values over MAX_DRAFT_JSON characters
// 413 PAYLOAD_TOO_LARGE. Cookie requests need the CSRF header like every other change.
import { Router, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { MAX_DRAFT_JSON } from '../../src/inbox/task-draft-values.ts'
import { deleteTaskDraft, DraftTooLargeError, getTaskDraft, saveTaskDraft, type TaskDraftView } from '../../src/inbox/task-drafts.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { format, type Messages } from '../i18n/index.ts'
import { sendApiError, sendServiceError, STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'

export function draftView(draft: TaskDraftView) {
  return { taskId: draft.taskId, values: draft.values, savedAt: draft.savedAt.toISOString() }
}

/** The message for a refused draft save (pages and API alike). */
export function draftErrorText(t: Messages, err: unknown): string | null {
  if (err instanceof DraftTooLargeError) return format(t.taskForm.draftTooLarge, { max: MAX_DRAFT_JSON })
  if (!(err instanceof ServiceError)) return null
  switch (err.details.reason) {
    case 'NOT_CLAIMED': return t.taskForm.draftNotClaimed
    case 'NOT_OPEN': return t.taskForm.draftNotOpen
    case 'NO_FORM': return t.taskForm.draftNoForm
    default: return err.code === 'VALIDATION_FAILED' ? t.taskForm.draftNotObject : null
  }
}

function sendDraftError(res: Response, err: unknown): void {
  const { t } = ctx(res)
  if (err instanceof DraftTooLargeError) {
    return sendApiError(res, 413, 'PAYLOAD_TOO_LARGE', { limit: MAX_DRAFT_JSON }, draftErrorText(t, err) ?? undefined)
  }
  if (err instanceof ServiceError && err.code !== 'NOT_FOUND' && err.code !== 'FORBIDDEN') {
    return sendApiError(res, STATUS_BY_CODE[err.code], err.code, { ...err.details }, draftErrorText(t, err) ?? undefined)
  }
  if (!sendServiceError(res, err)) throw err
}

export function taskDraftRoutes(deps: AppDeps): Router {
  const router = Router()

  router.put('/api/tasks/:id/draft', async (req, res) => {
    const body = req.body as unknown
    const values = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).values : undefined
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      return sendApiError(res, 400, 'BAD_REQUEST', {}, ctx(res).t.taskForm.draftNotObject)
    }
    try {
      res.json(draftView(await saveTaskDraft(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, values)))
    } catch (err) {
      sendDraftError(res, err)
    }
  })

  router.get('/api/tasks/:id/draft', async (req, res) => {
    const draft = await getTaskDraft(serviceDeps(deps), actor(res), req.params.id)
    if (!draft) return sendApiError(res, 404, 'NO_DRAFT', {}, ctx(res).t.errors.NOT_FOUND)
    res.json(draftView(draft))
  })

  router.delete('/api/tasks/:id/draft', async (req, res) => {
    await deleteTaskDraft(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id)
    res.status(204).end()
  })

  return router
}
