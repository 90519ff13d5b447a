// The Express application: security headers, request context, static files, body parsing, sessions, CSRF,
// the JSON API under /api and the server-rendered pages. createApp never listens (main.ts does).
import path from 'node:path'
import express, { type Express } from 'express'
import type { AppDeps } from './app-deps.ts'
import { authenticate } from './middleware/authenticate.ts'
import { csrfProtection } from './middleware/csrf.ts'
import { errorHandler, notFound } from './middleware/errors.ts'
import { inputGuard } from './middleware/input-guard.ts'
import { requestContext } from './middleware/request-context.ts'
import { requireApiAuth } from './middleware/require-auth.ts'
import { securityHeaders } from './middleware/security-headers.ts'
import { createPageRenderer } from './page-renderer.ts'
import { caseRoutes } from './routes/cases.ts'
import { deadlineRoutes } from './routes/deadlines.ts'
import { deploymentRoutes, readsOwnBody } from './routes/deployments.ts'
import { healthRoutes } from './routes/health.ts'
import { pageRoutes } from './routes/pages.ts'
import { procedurePages } from './pages/procedures.ts'
import { procedureRoutes } from './routes/procedures.ts'
import { procedureVersionRoutes } from './routes/procedure-versions.ts'
import { procedureDraftRoutes } from './routes/procedure-drafts.ts'
import { shippedVersionRoutes } from './routes/shipped-versions.ts'
import { sessionRoutes } from './routes/session.ts'
import { taskRoutes } from './routes/tasks.ts'
import { filterRoutes } from './routes/filters.ts'
import { absenceRoutes } from './routes/absences.ts'
import { createViews, VIEWS_DIR } from './views.ts'
import { benefitRoutes } from './routes/benefits.ts'
import { decisionDocumentRoutes } from './routes/decision-documents.ts'
import { caseNoteRoutes } from './routes/case-notes.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { auditRoutes } from './routes/audit.ts'
import { taskDraftRoutes } from './routes/task-drafts.ts'
import { formRoutes } from './routes/forms.ts'
import { decisionRoutes } from './routes/decisions.ts'
import { decisionPages } from './pages/decisions.ts'
import { caseDocumentRoutes, caseDocumentUploadParser } from './routes/case-documents.ts'
import { slaRoutes } from './routes/sla.ts'
import { slaPages } from './pages/sla.ts'
import { caseDeadlinePages } from './pages/case-deadline.ts'
import { incidentRoutes } from './routes/incidents.ts'
import { restrictionRoutes } from './routes/restrictions.ts'

export type { AppDeps } from './app-deps.ts'

const PUBLIC_DIR = path.join(VIEWS_DIR, '..', 'public')

export function createApp(deps: AppDeps): Express {
  const app = express()
  const pages = createPageRenderer(createViews(), deps.config)

  app.disable('x-powered-by')
  app.set('query parser', 'simple')
  // behind a reverse proxy (TRUST_PROXY): req.ip is the client's address from X-Forwarded-For (audit events,
  // sessions) and req.secure follows X-Forwarded-Proto; without it both describe the proxy's connection
  app.set('trust proxy', deps.config.trustProxy)
  app.use(securityHeaders({ hsts: deps.config.nodeEnv === 'production' }))
  app.use(requestContext(deps.config, deps.logger))
  // The API reads JSON only (so a cross-site HTML form cannot reach it); pages read form posts only.
  const formParser = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 500 })
  // (except procedure uploads, which read their own body with larger limits once the caller is known)
  const jsonParser = express.json({ limit: '100kb' })
  app.use('/api', (req, res, next) => (readsOwnBody(req) ? next() : jsonParser(req, res, next)))
  app.use((req, res, next) => (req.path.startsWith('/api/') ? next() : formParser(req, res, next)))
  // One guard for all input, before anything else reads it: no control characters in the address, the query or
  // the body, no JSON nested deeper than 32 levels (bodies read by their routes are checked when read).
  app.use(inputGuard(pages))
  app.use(
    '/static',
    express.static(PUBLIC_DIR, {
      index: false,
      fallthrough: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=3600'),
    }),
  )
  // Browsers ask for /favicon.ico whatever the page links; answer with the icon instead of a 404.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'))
  app.use(healthRoutes(deps))

  app.use(authenticate(deps.db.prisma, deps.clock))
  app.use(caseDocumentUploadParser(deps, pages)) // the case page's multipart upload form: its _csrf field is in the body
  app.use(csrfProtection(pages))

  app.use(sessionRoutes(deps))
  app.use(metricsRoutes(deps)) // before the pages' login redirect: answers 401/403 itself
  app.use('/api', requireApiAuth)
  app.use(procedureRoutes(deps))
  app.use(deadlineRoutes())
  app.use(caseRoutes(deps))
  app.use(taskRoutes(deps))
  app.use(filterRoutes(deps))
  app.use(absenceRoutes(deps))
  app.use(deploymentRoutes(deps))
  app.use(procedureVersionRoutes(deps))
  app.use(procedureDraftRoutes(deps))
  app.use(shippedVersionRoutes(deps))
  app.use(procedurePages(deps, pages))
  app.use(pageRoutes(deps, pages))
  app.use(benefitRoutes(deps))
  app.use(decisionDocumentRoutes(deps, pages))
  app.use(caseNoteRoutes(deps))
  app.use(taskDraftRoutes(deps))
  app.use(auditRoutes(deps, pages))
  app.use(formRoutes(deps))
  app.use(decisionRoutes(deps))
  app.use(decisionPages(deps, pages))
  app.use(caseDocumentRoutes(deps, pages))
  app.use(slaRoutes(deps))
  app.use(slaPages(deps, pages))
  app.use(caseDeadlinePages(deps, pages))
  app.use(incidentRoutes(deps, pages))
  app.use(restrictionRoutes(deps, pages))

  app.use(notFound(pages))
  app.use(errorHandler(pages))
  return app
}
