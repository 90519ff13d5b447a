// Absences (cover) and in-app notifications:
// GET /api/absences (mine and those I cover; managers: all current and planned), POST /api/absences
// {from, to, substitute, login?} → 201 (login: managers only), DELETE /api/absences/:id → 204;
// GET /api/notifications[?unread=1] (newest first, 50), POST /api/notifications/:id/read, POST /api/notifications/read.
import { Router } from 'express'
import { cancelAbsence, listAbsences, recordAbsence } from '../../src/inbox/absences.ts'
import { countUnread, listNotifications, markAllRead, markRead } from '../../src/inbox/notifications.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { actor } from '../request-context.ts'

export function absenceRoutes(deps: AppDeps): Router {
  const router = Router()

  router.get('/api/absences', async (_req, res) => {
    res.json(await listAbsences(serviceDeps(deps), actor(res)))
  })

  router.post('/api/absences', async (req, res) => {
    const created = await recordAbsence(serviceDeps(deps), actor(res), req.body)
    res.status(201).location(`/api/absences/${created.id}`).json(created)
  })

  router.delete('/api/absences/:id', async (req, res) => {
    await cancelAbsence(serviceDeps(deps), actor(res), req.params.id)
    res.status(204).end()
  })

  router.get('/api/notifications', async (req, res) => {
    const me = actor(res)
    const items = await listNotifications(serviceDeps(deps), me, { unreadOnly: req.query.unread === '1' })
    res.setHeader('X-Unread-Count', String(await countUnread(serviceDeps(deps), me)))
    res.json(items)
  })

  router.post('/api/notifications/read', async (_req, res) => {
    res.json({ marked: await markAllRead(serviceDeps(deps), actor(res)) })
  })

  router.post('/api/notifications/:id/read', async (req, res) => {
    await markRead(serviceDeps(deps), actor(res), req.params.id)
    res.status(204).end()
  })

  return router
}
