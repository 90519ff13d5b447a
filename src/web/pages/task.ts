// The task page: details, the form rendered as HTML fields, and completion with server-side validation
// (errors re-render the page with the messages and the values entered).
import { STANDARD_GROUPS } from '../../users/groups.ts'
import { Router, type Response } from 'express'
import { ServiceError } from '../../cases/service-error.ts'
import { completeTask } from '../../inbox/complete-task.ts'
import { getTask, type TaskDetail } from '../../inbox/get-task.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDate } from '../format.ts'
import { formFields } from '../form-view.ts'
import { format, issueTexts } from '../i18n/index.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'
import { withNotice } from './inbox.ts'

interface Submission {
  values: Record<string, unknown>
  errors: Record<string, string>
  message: string | null
}

export function taskPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  async function show(res: Response, detail: TaskDetail, submission: Submission | null, status = 200): Promise<void> {
    const { t } = ctx(res)
    const { task, form, variables } = detail
    const login = actor(res).user.login
    const open = task.status === 'open'
    const heldByOther = open && task.assignee !== null && task.assignee !== login
    const kase = task.caseId
      ? await deps.db.prisma.case.findUnique({ where: { id: task.caseId }, select: { id: true, number: true } })
      : null
    pages.render(res, 'task', {
      title: format(t.task.title, { name: task.name }),
      nav: 'inbox',
      task: {
        id: task.id,
        name: task.name,
        due: task.dueAt ? formatDate(task.dueAt) : t.inbox.noDue,
        overdue: open && task.dueAt !== null && task.dueAt < deps.clock.now(),
        assignee: task.assignee ?? t.inbox.unassigned,
        groups: task.candidateGroups.map((key) => STANDARD_GROUPS.find((g) => g.key === key)?.name ?? key).join(', '),
        status: t.task.statuses[task.status] ?? task.status,
      },
      kase: kase ? { id: kase.id, label: kase.number ?? t.case.noNumber } : null,
      fields: form ? formFields(form, submission?.values ?? variables, submission?.errors ?? {}, { readOnly: !open || heldByOther }) : [],
      hasForm: form !== null,
      canComplete: open && !heldByOther,
      unassigned: open && task.assignee === null,
      heldByOther: heldByOther ? task.assignee : null,
      closed: !open,
      errorMessage: submission?.message ?? null,
      hasErrors: submission !== null && Object.keys(submission.errors).length > 0,
    }, status)
  }

  router.get('/tasks/:id', async (req, res) => {
    try {
      await show(res, await getTask(serviceDeps(deps), actor(res), req.params.id), null)
    } catch (err) {
      if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      throw err
    }
  })

  router.post('/tasks/:id/complete', async (req, res) => {
    const { t } = ctx(res)
    const { _csrf: _ignored, ...values } = (req.body ?? {}) as Record<string, unknown>
    try {
      await completeTask(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, values)
      return res.redirect(303, withNotice('/inbox', 'completed'))
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err
      if (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN') return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      const detail = await getTask(serviceDeps(deps), actor(res), req.params.id)
      const message = err.code === 'VALIDATION_FAILED' ? t.task.errorSummary : (t.errors[err.code] ?? t.errors.INTERNAL)
      await show(res, detail, { values, errors: issueTexts(t, err.fields), message }, STATUS_BY_CODE[err.code])
    }
  })

  return router
}
