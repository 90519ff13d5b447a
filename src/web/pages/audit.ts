// The audit search page (administrators only; GET /admin/audit): a GET filter form (days dd.mm.rrrr, login,
// action, case number, task id, IP), the events newest first in pages of 50 with a next-page link (keyset
// cursor), and a link to the CSV export of the same filters. Mounted by routes/audit.ts.
import { Router } from 'express'
import { auditActionLabel } from '../../audit/audit-actions.ts'
import { auditTimestamp } from '../../audit/audit-csv.ts'
import { AUDIT_FILTER_KEYS, AUDIT_PAGE_SIZE, auditFilterParams, parseAuditQuery } from '../../audit/audit-query.ts'
import { auditActions, requireAuditAdmin, searchAudit } from '../../audit/search-audit.ts'
import type { FieldIssues } from '../../cases/service-error.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { issueTexts, type Messages } from '../i18n/index.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, ctx } from '../request-context.ts'

/** Field messages; dates are written dd.mm.rrrr here (the shared `invalidDate` text names YYYY-MM-DD). */
export function auditIssueTexts(t: Messages, fields: FieldIssues): Record<string, string> {
  const texts = issueTexts(t, fields)
  for (const [key, issue] of Object.entries(fields)) if (issue.code === 'invalidDate') texts[key] = t.audit.invalidDate
  return texts
}

const PAGE_PATH = '/admin/audit'

function href(path: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString()
  return query ? `${path}?${query}` : path
}

export function auditPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  router.use(PAGE_PATH, requirePageAuth)

  router.get(PAGE_PATH, async (req, res) => {
    const { t } = ctx(res)
    const me = actor(res)
    const service = serviceDeps(deps)
    await requireAuditAdmin(service, me, 'page') // before the query is parsed: 403 whatever the filters
    const raw = req.query as Record<string, unknown>
    const { limit: _limit, ...withoutLimit } = raw // the page always shows 50 rows
    const parsed = parseAuditQuery(withoutLimit)
    const errors = parsed.ok ? {} : auditIssueTexts(t, parsed.fields)
    const rawText = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '')
    const shown: Record<string, string> = parsed.ok ? auditFilterParams(parsed.value.filters) : Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, rawText(k)]))
    const field = (key: string) => ({ value: shown[key] ?? '', error: errors[key] ?? null })

    const page = parsed.ok ? await searchAudit(service, me, { ...parsed.value, limit: AUDIT_PAGE_SIZE }, 'page') : null
    const actions = await auditActions(service)
    const label = (action: string) => auditActionLabel(action, t.audit.actions, t.audit.outcomes)
    const filterParams = parsed.ok ? auditFilterParams(parsed.value.filters) : {}

    pages.render(res, 'audit', {
      title: t.audit.title,
      nav: 'audit',
      filterErrors: !parsed.ok,
      cursorError: errors.cursor ?? null,
      filter: {
        from: field('from'),
        to: field('to'),
        user: field('user'),
        caseNumber: field('caseNumber'),
        taskId: field('taskId'),
        ip: field('ip'),
        action: {
          error: errors.action ?? null,
          options: actions.map((a) => ({ value: a, label: `${label(a)} (${a})`, selected: a === shown.action })),
        },
      },
      searched: page !== null,
      rows: (page?.items ?? []).map((row) => ({
        id: row.id,
        time: auditTimestamp(row.at),
        isoTime: row.at.toISOString(),
        login: row.user?.login ?? null,
        displayName: row.user?.displayName ?? null,
        userId: row.userId,
        actionLabel: label(row.action),
        action: row.action,
        caseId: row.caseId,
        caseText: row.caseNumber ?? row.caseId,
        taskId: row.taskId,
        ip: row.ip,
        details: JSON.stringify(row.details ?? {}),
      })),
      nextHref: page?.nextCursor ? href(PAGE_PATH, { ...filterParams, cursor: page.nextCursor }) : null,
      firstHref: parsed.ok && parsed.value.cursor ? href(PAGE_PATH, filterParams) : null,
      csvHref: href('/api/audit.csv', filterParams),
      clearHref: PAGE_PATH,
    }, parsed.ok ? 200 : 400)
  })

  return router
}
