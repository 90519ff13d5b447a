// The inbox page (tabs "mine" and "group") and the claim / unclaim buttons (POST forms with the CSRF token).
import { Router } from 'express'
import { ServiceError } from '../../cases/service-error.ts'
import { claimTask, unclaimTask } from '../../inbox/claim-task.ts'
import { listTasks, type InboxView } from '../../inbox/list-tasks.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { safeReturnPath } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'
import { taskRows } from './task-rows.ts'

export function withNotice(path: string, notice: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}notice=${notice}`
}

export function inboxPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  router.get('/', (_req, res) => res.redirect(303, '/inbox'))

  router.get('/inbox', async (req, res) => {
    const { t } = ctx(res)
    const tab: InboxView = req.query.tab === 'group' ? 'group' : 'mine'
    const me = actor(res)
    const tasks = await listTasks(serviceDeps(deps), me, tab)
    const caseIds = [...new Set(tasks.map((task) => task.caseId).filter((id): id is string => id !== null))]
    const cases = await deps.db.prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, number: true } })
    const rows = taskRows(tasks, { user: me.user, now: deps.clock.now(), t, caseNumbers: new Map(cases.map((c) => [c.id, c.number])) })
    const notice = typeof req.query.notice === 'string' ? (t.notices[req.query.notice] ?? null) : null
    pages.render(res, 'inbox', {
      title: t.inbox.title,
      nav: 'inbox',
      tab,
      mine: tab === 'mine',
      rows,
      notice,
      returnTo: `/inbox?tab=${tab}`,
    })
  })

  for (const action of ['claim', 'unclaim'] as const) {
    router.post(`/tasks/:id/${action}`, async (req, res) => {
      const run = action === 'claim' ? claimTask : unclaimTask
      try {
        await run(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id)
      } catch (err) {
        if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
        throw err
      }
      const back = safeReturnPath((req.body as Record<string, unknown> | undefined)?.returnTo, '/inbox')
      res.redirect(303, withNotice(back, action === 'claim' ? 'claimed' : 'unclaimed'))
    })
  }

  return router
}
