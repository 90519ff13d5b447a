// The inbox API: list (views, filters, sorting, keyset paging), counts, read, claim, unclaim, complete.
import { Router, type Request, type Response } from 'express'
import { assignTask } from '../../src/inbox/assign-task.ts'
import { bulkTasks, parseBulkRequest, type BulkResult } from '../../src/inbox/bulk-tasks.ts'
import { claimTask, unclaimTask } from '../../src/inbox/claim-task.ts'
import { completeTask } from '../../src/inbox/complete-task.ts'
import { getTask } from '../../src/inbox/get-task.ts'
import { countTasks } from '../../src/inbox/count-tasks.ts'
import { parseInboxFilters, parseInboxQuery, type InboxFilters, type InboxQuery } from '../../src/inbox/inbox-query.ts'
import { queryInbox } from '../../src/inbox/list-tasks.ts'
import type { Task } from '../../src/generated/prisma/client.ts'
import { toTaskSummary } from '../../src/inbox/task-view.ts'
import { refreshCaseSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import { issueTexts, type Messages } from '../i18n/index.ts'
import { sendApiError, STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'

/** The detail shape: the summary plus what a client needs to work on the task. */
export function taskDetail(task: Task) {
  return {
    ...toTaskSummary(task),
    candidateUsers: task.candidateUsers,
    processId: task.processId,
    elementId: task.elementId,
    formKey: task.formKey,
    createdAt: task.createdAt.toISOString(),
    completedAt: task.completedAt ? task.completedAt.toISOString() : null,
    completedBy: task.completedBy,
    substituteFor: task.substituteFor,
  }
}

function badQuery(res: Response, fields: Parameters<typeof issueTexts>[1]): void {
  const names = Object.keys(fields).join(', ')
  sendApiError(res, 400, 'BAD_REQUEST', { fields: issueTexts(ctx(res).t, fields) }, `Invalid query parameters: ${names}`)
}

export function inboxQueryOf(req: Request, res: Response): InboxQuery | null {
  const parsed = parseInboxQuery(req.query as Record<string, unknown>)
  if (!parsed.ok) {
    badQuery(res, parsed.fields)
    return null
  }
  return parsed.value
}

/** A bulk result as the API answers it: the HTTP status the single-task call would have had, and its error. */
export function bulkResultView(t: Messages, r: BulkResult) {
  if (r.ok) return { taskId: r.taskId, ok: true, status: 200, assignee: r.assignee }
  const status = r.code === 'INTERNAL' ? 500 : STATUS_BY_CODE[r.code]
  const error = { code: r.code, message: t.errors[r.code] ?? t.errors.INTERNAL, ...(r.fields ? { fields: issueTexts(t, r.fields) } : {}) }
  return { taskId: r.taskId, ok: false, status, error }
}

export function taskRoutes(deps: AppDeps): Router {
  const router = Router()

  // [{id,name,caseId,candidateGroups,assignee,dueAt,priority,status}] (the original shape) with the next page's
  // cursor in X-Next-Cursor; ?fields=full adds the business columns (caseNumber, applicant, benefit, daysLeft,
  // overdue, atRisk, …); ?envelope=1 answers {items (full), nextCursor}.
  router.get('/api/tasks', async (req, res) => {
    const query = inboxQueryOf(req, res)
    if (!query) return
    const page = await queryInbox(serviceDeps(deps), actor(res), query)
    if (page.nextCursor) res.setHeader('X-Next-Cursor', page.nextCursor)
    if (req.query.envelope === '1') return res.json({ items: page.items, nextCursor: page.nextCursor })
    res.json(req.query.fields === 'full' ? page.items : page.tasks.map(toTaskSummary))
  })

  router.get('/api/tasks/counts', async (req, res) => {
    const parsed = parseInboxFilters(req.query as Record<string, unknown>)
    if (!parsed.ok) return badQuery(res, parsed.fields)
    const filters: InboxFilters = parsed.value
    res.json(await countTasks(serviceDeps(deps), actor(res), filters))
  })

  router.get('/api/tasks/:id', async (req, res) => {
    const { task, form, variables, submitted } = await getTask(serviceDeps(deps), actor(res), req.params.id)
    res.json({ ...taskDetail(task), form, variables, submitted })
  })

  router.post('/api/tasks/:id/claim', async (req, res) => {
    res.json(taskDetail(await claimTask(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id)))
  })

  router.post('/api/tasks/:id/unclaim', async (req, res) => {
    res.json(taskDetail(await unclaimTask(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id)))
  })

  router.post('/api/tasks/:id/assign', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    res.json(taskDetail(await assignTask(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, body.assignee)))
  })

  // {action: claim|unclaim|assign, taskIds, assignee?} → 200 {results: [{taskId, ok, status, error?, assignee?}]}
  router.post('/api/tasks/bulk', async (req, res) => {
    const request = parseBulkRequest(req.body)
    const results = await bulkTasks(serviceDeps(deps, ctx(res).logger), actor(res), request)
    res.json({ results: results.map((r) => bulkResultView(ctx(res).t, r)) })
  })

  router.post('/api/tasks/:id/complete', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const variables = body.variables === undefined ? {} : body.variables
    const completed = await completeTask(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, variables)
    await refreshCaseSla(deps, completed.caseId) // what the completion created is measured (and work sent back goes to its author) at once
    res.json(taskDetail(completed))
  })

  return router
}
