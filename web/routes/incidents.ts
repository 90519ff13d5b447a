// Incidents (administrators only; 403 for everyone else, managers included):
// GET  /api/incidents → {total, limit, items: [{instanceId, processId, procedureName, procedureVersion, caseId,
//      caseNumber, caseHidden, kind, elementIds, message, at, jobs: [{jobId, elementId, type, attempts, retries,
//      errorMessage, at}], openTasks: [{taskId, elementId, name}]}], waitingForWorker: [{type, count, since}]}
//      (newest first, at most 200; audited). waitingForWorker: pending jobs of a type no handler takes, by type.
// POST /api/incidents/jobs/:jobId/retry {retries?} → {jobId, type, instanceId, caseId, retries}; 404 when the job
//      is not in incident; 422 bad retries (1–10, default 3). Cookie-authenticated calls need the CSRF token.
// POST /api/incidents/instances/:instanceId/resume → {instanceId, caseId, timers}: a timer whose firing failed
//      fires again at once; 404 when the instance has no timer in incident.
// Also mounts the page (GET /admin/incidents, POST /admin/incidents/jobs/:jobId/retry; pages/incidents.ts).
import { Router } from 'express'
import { jobsWaitingForAWorker } from '../../src/incidents/jobs-waiting-for-a-worker.ts'
import { listIncidents } from '../../src/incidents/list-incidents.ts'
import { resumeTimer } from '../../src/incidents/resume-timer.ts'
import { retryIncident } from '../../src/incidents/retry-incident.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { incidentPages } from '../pages/incidents.ts'
import { actor } from '../request-context.ts'

export function incidentRoutes(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  router.get('/api/incidents', async (_req, res) => {
    const list = await listIncidents(serviceDeps(deps), actor(res), { format: 'json' })
    // after the list: it refuses everyone but administrators
    const waitingForWorker = await jobsWaitingForAWorker(deps.db.prisma)
    res.setHeader('Cache-Control', 'no-store')
    res.json({ ...list, waitingForWorker })
  })

  router.post('/api/incidents/jobs/:jobId/retry', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const retried = await retryIncident(serviceDeps(deps), actor(res), String(req.params.jobId), body.retries)
    res.json(retried)
  })

  router.post('/api/incidents/instances/:instanceId/resume', async (req, res) => {
    res.json(await resumeTimer(serviceDeps(deps), actor(res), String(req.params.instanceId)))
  })

  router.use(incidentPages(deps, pages))
  return router
}
