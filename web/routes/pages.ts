// The server-rendered pages. Only the login page is public; the rest needs a session (cookie).
import { Router } from 'express'
import type { AppDeps } from '../app-deps.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { casePages } from '../pages/case.ts'
import { caseDecisionEventPages } from '../pages/case-decision-events.ts'
import { inboxPages } from '../pages/inbox.ts'
import { loginPages } from '../pages/login.ts'
import { registerPages } from '../pages/register.ts'
import { taskPages } from '../pages/task.ts'

export function pageRoutes(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  router.use(loginPages(deps, pages))
  router.use((req, res, next) => (req.path.startsWith('/api/') || req.path === '/api' ? next('router') : requirePageAuth(req, res, next)))
  router.use(inboxPages(deps, pages))
  router.use(registerPages(deps, pages))
  router.use(casePages(deps, pages))
  router.use(caseDecisionEventPages(deps, pages))
  router.use(taskPages(deps, pages))
  return router
}
