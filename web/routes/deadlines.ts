// GET /api/deadlines?start=YYYY-MM-DD&amount=N&unit=days|working-days|weeks|months → {"due": "YYYY-MM-DD"}.
import { Router } from 'express'
import { parseDeadlineQuery } from '../../domain/deadline-query.ts'
import { computeDeadline } from '../../domain/legal-calendar.ts'
import { sendApiError } from '../respond.ts'

export function deadlineRoutes(): Router {
  const router = Router()
  router.get('/api/deadlines', (req, res) => {
    const parsed = parseDeadlineQuery(req.query as Record<string, unknown>)
    if (!parsed.ok) return sendApiError(res, 400, 'INVALID_QUERY', {}, parsed.message)
    const { start, amount, unit } = parsed.value
    res.json({ due: computeDeadline(start, amount, unit) })
  })
  return router
}
