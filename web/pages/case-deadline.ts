// The case page's "statutory deadline" section (partial case-deadline): the deadline (KPA art. 35, moved by pauses
// and an art. 36 notice), its state, the pauses, and forms to record a pause, end it and mark the case complex.
// The forms post to /cases/:id/pauses, /cases/:id/pauses/:pauseId/end and /cases/:id/complex and come back to the
// case page with a notice; the SLA monitor measures the case again before the redirect.
import { Router, type Request, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { caseDeadlineView, endPause, PAUSE_REASONS, recordPause, setComplex } from '../../src/sla/case-deadline.ts'
import { refreshSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDate, formatDateTime } from '../format.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'

/** The section's data, or null when the case's procedure has no statutory deadline. */
export async function caseDeadlineSection(deps: AppDeps, res: Response, caseId: string) {
  const { t } = ctx(res)
  const view = await caseDeadlineView(serviceDeps(deps), actor(res), caseId, false)
  if (view.state === 'none' && view.measured) return null
  const d = t.caseDeadline
  return {
    caseId,
    measured: view.measured,
    due: view.dueDate ? formatDate(view.dueDate) : t.common.none,
    atRiskFrom: view.atRiskFrom ? formatDate(view.atRiskFrom) : t.common.none,
    state: view.state,
    stateText: d.states[view.state] ?? view.state,
    complex: view.complex,
    extendedTo: view.extendedTo ? formatDate(view.extendedTo) : null,
    doneAt: view.doneAt ? formatDateTime(view.doneAt) : null,
    open: view.state !== 'done',
    pauses: view.pauses.map((p) => ({ ...p, reasonText: d.reasons[p.reason] ?? p.reason, fromText: formatDate(p.from), toText: p.to ? formatDate(p.to) : d.running, running: p.to === null })),
    reasons: PAUSE_REASONS.map((r) => ({ value: r, label: d.reasons[r] ?? r })),
  }
}

/** What was wrong with a pause, said at the top of the case page (the first problem). */
const PAUSE_NOTICES: Record<string, string> = {
  futureDate: 'pauseFuture',
  min: 'pauseBeforeReceipt',
  endBeforeStart: 'pauseEndBeforeStart',
  notAllowed: 'pauseReason',
  pauseOverlap: 'pauseOverlap',
}

const END_NOTICES: Record<string, string> = { futureDate: 'pauseEndFuture', endBeforeStart: 'pauseEndBeforeStart' }

export function caseDeadlinePages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  async function act(req: Request, res: Response, notice: string, change: () => Promise<unknown>, notices: Record<string, string> = {}): Promise<void> {
    const back = (n: string) => res.redirect(303, `/cases/${encodeURIComponent(String(req.params.id))}?notice=${n}#case-deadline`)
    try {
      await change()
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err
      if (err.code === 'VALIDATION_FAILED') return back(notices[Object.values(err.fields)[0]?.code ?? ''] ?? 'deadlineInvalid')
      if (err.code === 'CONFLICT') return back('deadlineConflict')
      return pages.error(res, STATUS_BY_CODE[err.code], err.code)
    }
    await refreshSla(deps)
    back(notice)
  }

  router.post('/cases/:id/pauses', (req, res) =>
    act(req, res, 'deadlinePaused', () => recordPause(serviceDeps(deps), actor(res), String(req.params.id), { reason: req.body?.reason, from: req.body?.from, to: req.body?.to }), PAUSE_NOTICES))

  router.post('/cases/:id/pauses/:pauseId/end', (req, res) =>
    act(req, res, 'deadlineResumed', () => endPause(serviceDeps(deps), actor(res), String(req.params.id), String(req.params.pauseId), { to: req.body?.to }), END_NOTICES))

  router.post('/cases/:id/complex', (req, res) =>
    act(req, res, 'deadlineComplex', () => setComplex(serviceDeps(deps), actor(res), String(req.params.id), req.body?.complex === 'true')))

  return router
}
