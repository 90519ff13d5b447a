// The SLA dashboard (managers and administrators): GET /sla (open work by state per procedure, team and person;
// case deadlines; breaches per week as an SVG chart with a table; the oldest overdue items; time per task against
// its target), GET /sla/items (drill-down, with the CSV link), GET/POST /sla/policies (policies and versions).
import { policyTargets } from '../../src/sla/policy-targets.ts'
import { Router, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { recordAudit } from '../../src/cases/audit.ts'
import { groupName } from '../../src/users/groups.ts'
import { procedureNames } from '../../src/procedures/procedure-names.ts'
import { breachesByWeek, slaItems, slaSummary, taskTimings, type SlaItem, type StateCounts } from '../../src/sla/sla-summary.ts'
import { loadActivePolicies, loadPolicyVersions, savePolicyVersion } from '../../src/sla/sla-policies.ts'
import { refreshSla, type AppDeps } from '../app-deps.ts'
import { formatDate, formatDateTime } from '../format.ts'
import { format, type Messages } from '../i18n/index.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, ctx } from '../request-context.ts'
import { itemFilter, requireSlaViewer } from '../routes/sla.ts'
import { definitionFromForm, policyFormValues, policyFormView, policyProblemText, type PolicyFormValues } from '../sla-policy-form.ts'
import type { SlaProblem } from '../../domain/sla-policy.ts'
import { commentText } from '../../src/procedures/version-comments.ts'


function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v)
  return q.toString()
}

function row(label: string, counts: StateCounts, filter: Record<string, string | undefined>) {
  const link = (state: string) => `/sla/items?${query({ ...filter, state })}`
  return {
    label,
    onTime: counts.onTime, atRisk: counts.atRisk, overdue: counts.overdue, noTarget: counts.noTarget,
    onTimeHref: link('on-time'), atRiskHref: link('at-risk'), overdueHref: link('overdue'), noTargetHref: link('no-target'),
  }
}

function itemView(t: Messages, i: SlaItem, names: Map<string, string>) {
  return {
    ...i,
    procedure: names.get(i.procedure) ?? i.procedure,
    name: i.kind === 'case' ? t.sla.csvExport.caseDeadline : i.name, // what is measured on a case row: its statutory deadline
    href: i.kind === 'task' ? `/tasks/${i.id}` : `/cases/${i.id}`,
    caseHref: i.caseId ? `/cases/${i.caseId}` : null,
    caseLabel: i.caseNumber ?? (i.caseId ? t.case.noNumber : t.common.none),
    due: i.dueAt ? formatDate(i.dueAt) : t.common.none,
    stateLabel: t.sla.states[i.state] ?? i.state,
    team: i.team.split(',').filter(Boolean).map(groupName).join(', '),
  }
}

/** Hours as people read them in the page's language ("724,8" in Polish). */
function hoursText(locale: string, value: number): string {
  return value.toLocaleString(locale === 'pl' ? 'pl-PL' : 'en-GB', { maximumFractionDigits: 1, useGrouping: false })
}

export function slaPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  const prisma = deps.db.prisma
  router.use('/sla', requirePageAuth)

  /** Procedure names (the newest version's) by process id: people read names, the API keeps ids. */

  router.get('/sla', async (_req, res) => {
    const { t } = ctx(res)
    const me = actor(res)
    requireSlaViewer(me)
    await refreshSla(deps)
    const now = deps.clock.now()
    const summary = await slaSummary(prisma, now, me.user.groups)
    const breaches = await breachesByWeek(prisma, now, 12, me.user.groups)
    const timings = await taskTimings(prisma, new Date(now.getTime() - 90 * 86_400_000), me.user.groups)
    const names = await procedureNames(prisma)
    const procName = (id: string) => names.get(id) ?? id
    const oldest = (await slaItems(prisma, now, me.user.groups, { kind: 'task', state: 'overdue', limit: 10 })).map((i) => itemView(t, i, names))
    await recordAudit(prisma, me, now, { action: 'sla.dashboard' })
    const max = Math.max(1, ...breaches.map((b) => b.breaches))
    const barWidth = 40
    const chartHeight = 120
    pages.render(res, 'sla', {
      title: t.sla.title,
      nav: 'sla',
      asOf: format(t.sla.asOf, { at: formatDateTime(now) }),
      totals: row(t.sla.tasks, summary, {}),
      byProcedure: summary.byProcedure.map((p) => row(procName(p.procedure), p, { procedure: p.procedure })),
      byTeam: summary.byTeam.map((p) => row(groupName(p.team), p, { team: p.team })),
      byAssignee: summary.byAssignee.map((p) => row(p.assignee ?? t.sla.unassigned, p, { assignee: p.assignee ?? '-' })),
      cases: row(t.sla.cases, summary.cases, { kind: 'case' }),
      casesByProcedure: summary.cases.byProcedure.map((p) => row(procName(p.procedure), p, { kind: 'case', procedure: p.procedure })),
      chart: {
        width: breaches.length * (barWidth + 8) + 8,
        height: chartHeight + 24,
        bars: breaches.map((b, i) => {
          const h = Math.round((b.breaches / max) * chartHeight)
          return { x: 8 + i * (barWidth + 8), y: chartHeight - h, width: barWidth, height: h, labelX: 8 + i * (barWidth + 8) + barWidth / 2, labelY: chartHeight + 16, label: formatDate(b.week).slice(0, 5), count: b.breaches, countY: Math.max(12, chartHeight - h - 4) }
        }),
      },
      breaches: breaches.map((b) => ({ week: formatDate(b.week), count: b.breaches })),
      oldest,
      timings: timings.map((x) => ({
        ...x,
        procedure: procName(x.procedure),
        onTimeShare: x.onTimeShare === null ? t.common.none : `${Math.round(x.onTimeShare * 100)}%`,
        // hours with the page's decimal separator (Polish: comma)
        avgHours: hoursText(t.locale, x.avgHours),
        p90Hours: hoursText(t.locale, x.p90Hours),
        targetHours: x.targetHours === null ? t.common.none : hoursText(t.locale, x.targetHours),
        slower: x.targetHours !== null && x.p90Hours > x.targetHours,
      })),
    })
  })

  router.get('/sla/items', async (req, res) => {
    const { t } = ctx(res)
    const me = actor(res)
    requireSlaViewer(me)
    await refreshSla(deps)
    const filter = itemFilter(req.query)
    const items = await slaItems(prisma, deps.clock.now(), me.user.groups, filter)
    const names = await procedureNames(prisma)
    await recordAudit(prisma, me, deps.clock.now(), { action: 'sla.items', details: { kind: filter.kind ?? 'task', count: items.length } })
    const described = [filter.kind === 'case' ? t.sla.cases : t.sla.tasks, filter.state ? t.sla.states[filter.state] : null, filter.procedure ? (names.get(filter.procedure) ?? filter.procedure) : null, filter.team ? groupName(filter.team) : null, filter.assignee === '-' ? t.sla.unassigned : filter.assignee]
      .filter(Boolean).join(', ')
    pages.render(res, 'sla-items', {
      title: format(t.sla.itemsTitle, { filter: described || t.sla.all }),
      nav: 'sla',
      items: items.map((i) => itemView(t, i, names)),
      csvHref: `/api/sla/items.csv?${query({ kind: filter.kind, state: filter.state, procedure: filter.procedure, team: filter.team, assignee: filter.assignee })}`,
    })
  })

  interface PolicyForm { processId: string; elementId: string; comment: string; values: PolicyFormValues }

  async function showPolicies(res: Response, form: PolicyForm | null, message: string | null, error: string | null, status = 200) {
    const { t } = ctx(res)
    requireSlaViewer(actor(res))
    const policies = await loadActivePolicies(prisma)
    const selected = typeof res.req.query.key === 'string' ? res.req.query.key : null
    const history = selected ? await loadPolicyVersions(prisma, selected) : []
    const shown: PolicyForm = form ?? (history[0]
      ? { processId: history[0].processId, elementId: history[0].elementId ?? '', comment: '', values: policyFormValues(history[0].definition) }
      : { processId: '', elementId: '', comment: '', values: policyFormValues(null) })
    // pickers by name: the procedures deployed and their user tasks; a value no longer deployed stays selectable
    const targets = await policyTargets(prisma)
    const option = (value: string, label: string, current: string) => ({ value, label, selected: value === current })
    const processOptions = [option('*', t.sla.anyProcedure, shown.processId), ...targets.map((p) => option(p.processId, p.name, shown.processId))]
    if (shown.processId && !processOptions.some((o) => o.selected)) processOptions.push(option(shown.processId, shown.processId, shown.processId))
    const taskGroups = targets.filter((p) => p.tasks.length).map((p) => ({ label: p.name, options: p.tasks.map((task) => option(task.id, task.name, shown.elementId)) }))
    const elementOptions = [option('', t.sla.caseDeadline, shown.elementId), option('*', t.sla.anyTask, shown.elementId)]
    if (shown.elementId && !elementOptions.some((o) => o.selected) && !taskGroups.some((g) => g.options.some((o) => o.selected))) {
      elementOptions.push(option(shown.elementId, shown.elementId, shown.elementId))
    }
    pages.render(res, 'sla-policies', {
      title: t.sla.policies,
      processOptions,
      elementOptions,
      taskGroups,
      nav: 'sla',
      message,
      error,
      policies: policies.map((p) => ({
        key: p.key, version: p.version, name: p.definition.name, savedBy: p.createdBy ?? t.common.none, savedAt: formatDateTime(p.createdAt), comment: commentText(p.comment, 'slaPolicy', t.versionComments) ?? '',
        editHref: `/sla/policies?key=${encodeURIComponent(p.key)}#edit`,
      })),
      history: history.map((p) => ({ version: p.version, savedBy: p.createdBy ?? t.common.none, savedAt: formatDateTime(p.createdAt), comment: commentText(p.comment, 'slaPolicy', t.versionComments) ?? '', json: JSON.stringify(p.definition, null, 2) })),
      selected,
      form: { processId: shown.processId, elementId: shown.elementId, comment: shown.comment, ...policyFormView(t, shown.values) },
    }, status)
  }

  router.get('/sla/policies', async (req, res) => {
    const saved = typeof req.query.saved === 'string' && /^\d{1,6}$/.test(req.query.saved) ? req.query.saved : null
    await showPolicies(res, null, saved ? format(ctx(res).t.sla.saved, { version: saved }) : null, null)
  })

  router.post('/sla/policies', async (req, res) => {
    const { t } = ctx(res)
    const me = actor(res)
    requireSlaViewer(me)
    const body = (req.body ?? {}) as Record<string, unknown>
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '')
    const values: PolicyFormValues = Object.fromEntries(Object.keys(policyFormValues(null)).map((k) => [k, text(k)]))
    const form: PolicyForm = { processId: text('processId'), elementId: text('elementId'), comment: text('comment'), values }
    try {
      const saved = await savePolicyVersion(prisma, deps.clock, me, { processId: form.processId.trim(), elementId: form.elementId.trim() || null, definition: definitionFromForm(body), comment: form.comment })
      res.redirect(303, `/sla/policies?key=${encodeURIComponent(saved.key)}&saved=${saved.version}`)
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'VALIDATION_FAILED') {
        const problems = err.details.problems ? (JSON.parse(err.details.problems) as SlaProblem[]).map((p) => policyProblemText(t, p)).join('; ') : err.message
        return showPolicies(res, form, null, format(t.sla.invalid, { problems }), 422)
      }
      throw err
    }
  })

  return router
}
