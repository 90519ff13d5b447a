// The incident page (administrators only): GET /admin/incidents lists the process instances stopped by an incident
// (see src/incidents/list-incidents.ts), one row per job in incident with a "Ponów" form (CSRF token) posting to
// POST /admin/incidents/jobs/:jobId/retry, which answers 303 back to the list with a notice. An incident without a
// job shows the instance's message and how its step is tried again; a failed timer has a "Wznów" form posting to
// POST /admin/incidents/instances/:instanceId/resume. Mounted by routes/incidents.ts.
import { Router, type Request, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { jobsWaitingForAWorker } from '../../src/incidents/jobs-waiting-for-a-worker.ts'
import { listIncidents, type Incident } from '../../src/incidents/list-incidents.ts'
import { resumeTimer } from '../../src/incidents/resume-timer.ts'
import { retryIncident } from '../../src/incidents/retry-incident.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDateTime } from '../format.ts'
import { format, type Messages } from '../i18n/index.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, ctx } from '../request-context.ts'

const PAGE_PATH = '/admin/incidents'

interface IncidentRow {
  instanceId: string
  procedure: string
  version: string | null
  caseId: string | null
  caseText: string
  isoTime: string
  time: string
  elementIds: string
  job: { id: string; type: string; attempts: string; retryLabel: string } | null
  error: string
  hint: string | null
  /** A timer in incident: the "Wznów" form's label. */
  resumeLabel: string | null
}

function incidentRows(t: Messages, incident: Incident): IncidentRow[] {
  const common = {
    instanceId: incident.instanceId,
    procedure: incident.procedureName ?? incident.processId,
    version: incident.procedureVersion === null ? null : format(t.incidents.version, { version: incident.procedureVersion }),
    caseId: incident.caseHidden ? null : incident.caseId,
    caseText: incident.caseHidden ? t.incidents.caseHidden : incident.caseId ? (incident.caseNumber ?? t.case.noNumber) : t.incidents.noCase,
  }
  if (incident.jobs.length === 0) {
    const tasks = incident.openTasks.map((task) => `„${task.name}”`).join(', ')
    return [{
      ...common,
      isoTime: incident.at.toISOString(),
      time: formatDateTime(incident.at),
      elementIds: incident.elementIds.join(', '),
      job: null,
      error: incident.message ?? '',
      hint: incident.kind === 'timer' ? t.incidents.timerHint : tasks ? format(t.incidents.stepHint, { tasks }) : t.incidents.stepHintNoTask,
      resumeLabel: incident.kind === 'timer' ? format(t.incidents.resumeTimer, { element: incident.elementIds.join(', ') }) : null,
    }]
  }
  return incident.jobs.map((job) => ({
    ...common,
    isoTime: job.at.toISOString(),
    time: formatDateTime(job.at),
    elementIds: job.elementId,
    job: {
      id: job.jobId,
      type: job.type,
      attempts: format(t.incidents.attemptsText, { attempts: job.attempts, retries: job.retries }),
      retryLabel: format(t.incidents.retryJob, { type: job.type, element: job.elementId }),
    },
    error: job.errorMessage ?? incident.message ?? '',
    hint: null,
    resumeLabel: null,
  }))
}

export function incidentPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  router.use(PAGE_PATH, requirePageAuth)

  router.get(PAGE_PATH, async (req, res) => {
    const { t } = ctx(res)
    const list = await listIncidents(serviceDeps(deps), actor(res), { format: 'page' })
    const waiting = await jobsWaitingForAWorker(deps.db.prisma)
    const notice = typeof req.query.notice === 'string' && Object.hasOwn(t.incidents.notices, req.query.notice) ? t.incidents.notices[req.query.notice] : null
    res.setHeader('Cache-Control', 'no-store')
    pages.render(res, 'incidents', {
      title: t.incidents.title,
      nav: 'incidents',
      notice,
      summary: format(t.incidents.summary, { total: list.total }),
      truncated: list.total > list.items.length ? format(t.incidents.truncated, { shown: list.items.length, total: list.total }) : null,
      rows: list.items.flatMap((incident) => incidentRows(t, incident)),
      waiting: waiting.map((w) => ({ type: w.type, count: String(w.count), isoSince: w.since.toISOString(), since: formatDateTime(w.since) })),
    })
  })

  /** A page action: runs `act`, then back to the list with `done`, or with `notFound` when it is gone meanwhile
   * (403 and the rest: the error page). */
  const action = (path: string, done: string, act: (req: Request, res: Response) => Promise<unknown>) =>
    router.post(path, async (req, res) => {
      try {
        await act(req, res)
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'NOT_FOUND') return res.redirect(303, `${PAGE_PATH}?notice=notFound`)
        throw err
      }
      return res.redirect(303, `${PAGE_PATH}?notice=${done}`)
    })
  action(`${PAGE_PATH}/jobs/:jobId/retry`, 'retried', (req, res) => retryIncident(serviceDeps(deps), actor(res), String(req.params.jobId)))
  action(`${PAGE_PATH}/instances/:instanceId/resume`, 'resumed', (req, res) => resumeTimer(serviceDeps(deps), actor(res), String(req.params.instanceId)))

  return router
}
