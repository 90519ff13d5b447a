// The task page: details, the form rendered as HTML fields (the no-JavaScript form), and completion with
// server-side validation (errors re-render the page with the messages and the values entered). With JavaScript,
// client/task-form.js mounts form-js on the same schema and data (given in a JSON <script type="application/json">
// block, never inline script) and replaces those fields. The person who has claimed the task may save a draft
// (POST /tasks/:id/draft here, PUT /api/tasks/:id/draft from the script); her draft is shown when she comes back.
// A completed task shows, read-only, what was submitted (Task.submitted) with who completed it and when. The details
// name the case and, for those who may read the case (mayAccessCase, as the case page), its applicant: "Nowak, Anna".
import { awaitEngineStep, openTaskIds } from '../../src/cases/await-engine-step.ts'
import { breaksFourEyes } from '../../src/inbox/four-eyes.ts'
import { displayNames } from '../../src/users/display-names.ts'
import { groupName } from '../../src/users/groups.ts'
import { Router, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { completeTask } from '../../src/inbox/complete-task.ts'
import { isTaskVisible } from '../../src/inbox/load-task.ts'
import { getTask, type TaskDetail } from '../../src/inbox/get-task.ts'
import { refreshCaseSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDate, formatDateTime } from '../format.ts'
import { draftValues } from '../../src/inbox/task-draft-values.ts'
import { jsonForScript } from '../json-for-script.ts'
import { findOwnDraft, saveTaskDraft } from '../../src/inbox/task-drafts.ts'
import { draftErrorText } from '../routes/task-drafts.ts'
import { formFields } from '../form-view.ts'
import { format, issueTexts } from '../i18n/index.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'
import { withNotice } from './inbox.ts'
import { caseDocumentsView } from './case-documents.ts'
import { mayAccessCase } from '../../src/cases/case-access.ts'

interface Submission {
  values: Record<string, unknown>
  errors: Record<string, string>
  message: string | null
}

/** Autosave period of the form-js form (only when the values changed since the last save). */
const AUTOSAVE_MS = 30_000


/** The applicant as the task page names her: "Nowak, Anna" (surname, first name). */
export function applicantName(person: { firstName: string; lastName: string }): string {
  const first = person.firstName.trim()
  return first ? `${person.lastName.trim()}, ${first}` : person.lastName.trim()
}

export function taskPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  async function show(res: Response, detail: TaskDetail, submission: Submission | null, status = 200, notice: string | null = null): Promise<void> {
    const { t } = ctx(res)
    const { task, form, variables, submitted } = detail
    const user = actor(res).user
    const login = user.login
    const open = task.status === 'open'
    const heldByOther = open && task.assignee !== null && task.assignee !== login
    // a manager reading a task outside her groups sees it read-only (she may still assign or release it in the inbox)
    const mayWork = await isTaskVisible(deps.db.prisma, user, task)
    // four eyes: whoever did the earlier step is told before claiming, and gets no form to fill in
    const fourEyes = open && mayWork && (await breaksFourEyes(deps.db.prisma, user, task))
    const canComplete = open && !heldByOther && mayWork && !fourEyes
    // her own draft, only while she may still work on the task
    const draft = form && canComplete ? await findOwnDraft(deps.db.prisma, task.id, login) : null
    // a completed task: what was submitted over the variables it started with
    const recorded = task.status === 'completed' ? submitted : null
    const shown = submission?.values ?? { ...variables, ...(recorded ?? draft?.values ?? {}) }
    // what was posted is form text ("on", "3"): form-js wants it typed as a draft is
    const posted = submission && form ? draftValues(form, submission.values) : null
    const clientData = posted?.ok ? { ...variables, ...posted.values } : shown
    const formData = form
      ? jsonForScript({
        taskId: task.id,
        schema: form,
        data: clientData,
        errors: submission?.errors ?? {},
        readOnly: !canComplete,
        canSaveDraft: canComplete && task.assignee === login,
        draftSavedAt: draft ? draft.savedAt.toISOString() : null,
        autosaveMs: AUTOSAVE_MS,
        texts: {
          formJs: t.taskForm.formJs,
          errorSummary: t.task.errorSummary,
          draftSavedAt: t.taskForm.draftSavedAt,
          draftSavedWithErrors: t.taskForm.draftSavedWithErrors,
          draftSaving: t.taskForm.draftSaving,
          draftFailed: t.taskForm.draftFailed,
          submitting: t.taskForm.submitting,
          submitFailed: t.taskForm.submitFailed,
          loadFailed: t.taskForm.loadFailed,
        },
      })
      : null
    const kase = task.caseId
      ? await deps.db.prisma.case.findUnique({ where: { id: task.caseId }, select: { id: true, number: true, procedure: true, ownerGroup: true } })
      : null
    const mayReadCase = kase !== null && (await mayAccessCase(deps.db.prisma, actor(res).user, kase.id, kase))
    const applicant = mayReadCase
      ? await deps.db.prisma.person.findFirst({
        where: { caseId: kase.id, role: 'applicant' },
        orderBy: { id: 'asc' },
        select: { firstName: true, lastName: true },
      })
      : null
    const names = await displayNames(deps.db.prisma, [task.assignee, task.completedBy])
    const person = (login: string | null) => (login === null ? null : (names.get(login) ?? login))
    pages.render(res, 'task', {
      title: format(t.task.title, { name: task.name }),
      nav: 'inbox',
      task: {
        id: task.id,
        name: task.name,
        due: task.dueAt ? formatDate(task.dueAt) : t.inbox.noDue,
        overdue: open && task.dueAt !== null && task.dueAt < deps.clock.now(),
        assignee: person(task.assignee) ?? t.inbox.unassigned,
        groups: task.candidateGroups.map(groupName).join(', '),
        status: t.task.statuses[task.status] ?? task.status,
        completedBy: task.status === 'completed' ? person(task.completedBy) : null,
        completedAt: task.status === 'completed' && task.completedAt ? formatDateTime(task.completedAt) : null,
      },
      applicant: applicant ? applicantName(applicant) : null,
      recordedHint: form && task.status === 'completed' && !submission ? (recorded ? t.task.recordedHint : t.task.notRecorded) : null,
      kase: kase ? { id: kase.id, label: kase.number ?? t.case.noNumber } : null,
      documents: kase ? await caseDocumentsView(deps, res, kase.id) : null,
      fields: form ? formFields(form, shown, submission?.errors ?? {}, { readOnly: !canComplete }) : [],
      hasForm: form !== null,
      formData,
      canComplete,
      canSaveDraft: form !== null && canComplete && task.assignee === login,
      draftNotice: draft && !submission && !notice ? format(t.taskForm.draftLoaded, { date: formatDateTime(draft.savedAt) }) : null,
      notice,
      unassigned: open && task.assignee === null && mayWork && !fourEyes,
      readOnlyNotice: open && !mayWork ? t.taskAccess.readOnly : fourEyes ? t.taskAccess.fourEyes : null,
      heldByOther: heldByOther ? person(task.assignee) : null,
      closed: !open,
      errorMessage: submission?.message ?? null,
      hasErrors: submission !== null && Object.keys(submission.errors).length > 0,
    }, status)
  }

  router.get('/tasks/:id', async (req, res) => {
    const { t } = ctx(res)
    // after the page's own forms: a saved draft, a claim (or why it was refused)
    const key = typeof req.query.notice === 'string' ? req.query.notice : ''
    const notice = key === 'draft-saved' ? t.taskForm.draftSaved : key === 'claimed' ? t.notices.claimed! : Object.hasOwn(t.taskAccess.notices, key) ? t.taskAccess.notices[key]! : null
    try {
      await show(res, await getTask(serviceDeps(deps), actor(res), req.params.id), null, 200, notice)
    } catch (err) {
      if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      throw err
    }
  })

  router.post('/tasks/:id/complete', async (req, res) => {
    const { t } = ctx(res)
    const { _csrf: _ignored, ...values } = (req.body ?? {}) as Record<string, unknown>
    try {
      const caseId = (await deps.db.prisma.task.findUnique({ where: { id: req.params.id }, select: { caseId: true } }))?.caseId ?? null
      const openBefore = caseId ? await openTaskIds(deps.db.prisma, caseId) : new Set<string>()
      await completeTask(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, values)
      // the inbox shows the step the completion led to, not the moment before it (a brief wait, PAGE_ENGINE_WAIT_MS)
      if (caseId) await awaitEngineStep(deps.db.prisma, caseId, openBefore, { timeoutMs: deps.config.pageEngineWaitMs, now: () => deps.clock.now() })
      await refreshCaseSla(deps, caseId) // what the completion created is measured (and work sent back goes to its author) at once
      return res.redirect(303, withNotice('/inbox', 'completed'))
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err
      if (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN') return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      const detail = await getTask(serviceDeps(deps), actor(res), req.params.id)
      const message = err.code === 'VALIDATION_FAILED' ? t.task.errorSummary : (t.errors[err.code] ?? t.errors.INTERNAL)
      await show(res, detail, { values, errors: issueTexts(t, err.fields), message }, STATUS_BY_CODE[err.code])
    }
  })

  // The no-JavaScript form's second button ("Zapisz szkic", formaction here): saves what was entered, unvalidated.
  router.post('/tasks/:id/draft', async (req, res) => {
    const { t } = ctx(res)
    const { _csrf: _ignored, ...values } = (req.body ?? {}) as Record<string, unknown>
    try {
      await saveTaskDraft(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id, values)
      return res.redirect(303, withNotice(`/tasks/${encodeURIComponent(req.params.id)}`, 'draft-saved'))
    } catch (err) {
      const message = draftErrorText(t, err)
      if (message === null) {
        if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
        throw err
      }
      const detail = await getTask(serviceDeps(deps), actor(res), req.params.id)
      const status = err instanceof ServiceError ? STATUS_BY_CODE[err.code] : 413
      await show(res, detail, { values, errors: {}, message }, status)
    }
  })

  return router
}
