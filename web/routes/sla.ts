// SLA: the dashboard's numbers, drill-down and CSV, policies (versioned), and the case-level facts that move a
// statutory deadline (pauses, complex case). Managers and administrators read the dashboard and edit policies;
// pauses and the complex flag are recorded by whoever may work on the case.
// GET  /api/sla/summary → {at, onTime, atRisk, overdue, noTarget, byProcedure, byTeam, byAssignee, cases}
// GET  /api/sla/breaches?weeks=12 · GET /api/sla/timings?days=90
// GET  /api/sla/items?kind=task|case&state=&procedure=&team=&assignee= · GET /api/sla/items.csv (same filters)
// GET  /api/sla/policies · GET /api/sla/policies/versions?key= · POST /api/sla/policies {processId, elementId, definition, comment}
// GET  /api/cases/:id/deadline · POST /api/cases/:id/pauses {reason, from, to?} · POST /api/cases/:id/pauses/:pauseId/end {to}
// POST /api/cases/:id/complex {complex}
import { Router, type Request, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { groupName, isPrivileged } from '../../src/users/groups.ts'
import { procedureNames } from '../../src/procedures/procedure-names.ts'
import { auditTimestamp } from '../../src/audit/audit-csv.ts'
import { recordAudit } from '../../src/cases/audit.ts'
import { breachesByWeek, itemsCsv, slaItems, slaSummary, taskTimings, type ItemFilter } from '../../src/sla/sla-summary.ts'
import { loadActivePolicies, loadPolicyVersions, savePolicyVersion } from '../../src/sla/sla-policies.ts'
import { caseDeadlineView, endPause, recordPause, setComplex } from '../../src/sla/case-deadline.ts'
import { refreshSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import { actor, ctx } from '../request-context.ts'
import type { Actor } from '../../src/users/actor.ts'

export function requireSlaViewer(me: Actor): void {
  if (!isPrivileged(me.user.groups)) throw new ServiceError('FORBIDDEN', 'Only managers and administrators see the SLA dashboard.')
}

const STATES = ['on-time', 'at-risk', 'overdue', 'no-target'] as const

export function itemFilter(query: Request['query']): ItemFilter {
  const str = (k: string) => (typeof query[k] === 'string' && (query[k] as string).length <= 100 ? (query[k] as string) : undefined)
  const state = str('state')
  const kind = str('kind')
  return {
    kind: kind === 'case' ? 'case' : 'task',
    state: STATES.includes(state as never) ? (state as ItemFilter['state']) : undefined,
    procedure: str('procedure'),
    team: str('team'),
    assignee: str('assignee'),
  }
}

function boundedInt(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'string' ? Number(value) : NaN
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback
}

export function slaRoutes(deps: AppDeps): Router {
  const router = Router()
  const prisma = deps.db.prisma
  const audit = (res: Response, action: string, details: Record<string, string | number | boolean | null> = {}) =>
    recordAudit(prisma, actor(res), deps.clock.now(), { action, details })

  router.get('/api/sla/summary', async (_req, res) => {
    const me = actor(res)
    requireSlaViewer(me)
    await refreshSla(deps) // work created since the last round is measured before it is counted
    const summary = await slaSummary(prisma, deps.clock.now(), me.user.groups)
    await audit(res, 'sla.summary')
    res.setHeader('Cache-Control', 'no-store')
    res.json(summary)
  })

  router.get('/api/sla/breaches', async (req, res) => {
    const me = actor(res)
    requireSlaViewer(me)
    res.json(await breachesByWeek(prisma, deps.clock.now(), boundedInt(req.query.weeks, 12, 1, 104), me.user.groups))
  })

  router.get('/api/sla/timings', async (req, res) => {
    const me = actor(res)
    requireSlaViewer(me)
    const days = boundedInt(req.query.days, 90, 1, 3660)
    res.json(await taskTimings(prisma, new Date(deps.clock.now().getTime() - days * 86_400_000), me.user.groups))
  })

  router.get('/api/sla/items', async (req, res) => {
    const me = actor(res)
    requireSlaViewer(me)
    await refreshSla(deps) // work created since the last round is measured before it is counted
    const filter = itemFilter(req.query)
    const items = await slaItems(prisma, deps.clock.now(), me.user.groups, filter)
    await audit(res, 'sla.items', { kind: filter.kind ?? 'task', count: items.length })
    res.setHeader('Cache-Control', 'no-store')
    res.json(items)
  })

  router.get('/api/sla/items.csv', async (req, res) => {
    const me = actor(res)
    requireSlaViewer(me)
    await refreshSla(deps) // work created since the last round is measured before it is counted
    const filter = { ...itemFilter(req.query), limit: 5000 }
    const items = await slaItems(prisma, deps.clock.now(), me.user.groups, filter)
    await audit(res, 'sla.export', { kind: filter.kind ?? 'task', count: items.length })
    res.setHeader('Content-Type', 'text/csv; charset=utf-8')
    res.setHeader('Content-Disposition', 'attachment; filename="sla.csv"')
    res.setHeader('Cache-Control', 'no-store')
    const { t } = ctx(res)
    const names = await procedureNames(prisma, items.map((i) => i.procedure))
    res.send(itemsCsv(items, {
      head: t.sla.csvExport.head,
      kind: (kind) => t.sla.csvExport.kinds[kind] ?? kind,
      procedure: (id) => names.get(id) ?? id,
      name: (item) => (item.kind === 'case' ? t.sla.csvExport.caseDeadline : item.name),
      team: (groups) => groups.split(',').filter(Boolean).map(groupName).join(', '),
      time: (iso) => auditTimestamp(new Date(iso)).slice(0, 16), // DD.MM.YYYY HH:mm, Warsaw
      state: (state) => t.sla.states[state] ?? state,
    }))
  })

  router.get('/api/sla/policies', async (_req, res) => {
    requireSlaViewer(actor(res))
    res.json(await loadActivePolicies(prisma))
  })

  router.get('/api/sla/policies/versions', async (req, res) => {
    requireSlaViewer(actor(res))
    res.json(await loadPolicyVersions(prisma, typeof req.query.key === 'string' ? req.query.key : ''))
  })

  router.post('/api/sla/policies', async (req, res) => {
    const me = actor(res)
    requireSlaViewer(me)
    const body = (req.body ?? {}) as Record<string, unknown>
    try {
      const saved = await savePolicyVersion(prisma, deps.clock, me, { processId: body.processId, elementId: body.elementId, definition: body.definition, comment: body.comment })
      res.status(201).json(saved)
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'VALIDATION_FAILED' && err.details.problems) {
        res.status(400).json({ error: { code: 'VALIDATION_FAILED', message: err.message, problems: JSON.parse(err.details.problems) } })
        return
      }
      throw err
    }
  })

  router.get('/api/cases/:id/deadline', async (req, res) => {
    res.json(await caseDeadlineView(serviceDeps(deps), actor(res), req.params.id))
  })

  router.post('/api/cases/:id/pauses', async (req, res) => {
    res.status(201).json(await recordPause(serviceDeps(deps), actor(res), req.params.id, req.body ?? {}))
  })

  router.post('/api/cases/:id/pauses/:pauseId/end', async (req, res) => {
    res.json(await endPause(serviceDeps(deps), actor(res), req.params.id, req.params.pauseId, req.body ?? {}))
  })

  router.post('/api/cases/:id/complex', async (req, res) => {
    res.json(await setComplex(serviceDeps(deps), actor(res), req.params.id, (req.body ?? {}).complex))
  })

  return router
}
