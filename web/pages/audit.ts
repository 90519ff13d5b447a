// The audit search page (administrators only): GET /admin/audit shows the events newest first in pages of 50 with a
// next-page link (keyset cursor) and a filter form (days dd.mm.rrrr, login, action, case number, task id, IP). The
// form POSTs to /admin/audit (CSRF token): the filters, once valid, are kept for the session (filter-stash.ts) and
// the answer is a 303 to /admin/audit?f=<id>, so no login, IP or case number is ever in the address; the paging
// links and the CSV export (GET /admin/audit.csv?f=<id>) carry only that id. An unknown id shows the unfiltered
// list with a notice. An old address with the filters in its query is moved the same way. Mounted by routes/audit.ts.
import { Router, type Response } from 'express'
import { auditActionLabel } from '../../src/audit/audit-actions.ts'
import { auditTimestamp } from '../../src/audit/audit-csv.ts'
import {
  AUDIT_FILTER_KEYS,
  AUDIT_PAGE_SIZE,
  auditFilterParams,
  parseAuditFilters,
  parseAuditQuery,
  type AuditFilters,
} from '../../src/audit/audit-query.ts'
import { auditActions, requireAuditAdmin, searchAudit } from '../../src/audit/search-audit.ts'
import type { FieldIssues } from '../../src/cases/service-error.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { FILTER_PARAM, filterStash, hasAnyParam, pickParams } from '../filter-stash.ts'
import { issueTexts, type Messages } from '../i18n/index.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, ctx } from '../request-context.ts'

/** Field messages; dates are written dd.mm.rrrr here (the shared `invalidDate` text names YYYY-MM-DD). */
export function auditIssueTexts(t: Messages, fields: FieldIssues): Record<string, string> {
  const texts = issueTexts(t, fields)
  for (const [key, issue] of Object.entries(fields)) {
    if (issue.code === 'invalidDate') texts[key] = t.audit.invalidDate
    else if (issue.code === 'pattern' && key === 'ip') texts[key] = t.audit.ipFormat
    else if (issue.code === 'pattern' && key === 'taskId') texts[key] = t.audit.taskIdFormat
  }
  return texts
}

/** Streams the CSV export of the filters (routes/audit.ts); `bad` answers filters that do not parse. */
export type AuditCsvSender = (res: Response, raw: Record<string, unknown>, bad: (fields: FieldIssues) => void) => Promise<void>

const PAGE_PATH = '/admin/audit'
const CSV_PATH = '/admin/audit.csv'

function href(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v)
  const query = q.toString()
  return query ? `${path}?${query}` : path
}

interface PageState {
  /** the values the form shows */
  shown: Record<string, string>
  errors: Record<string, string>
  /** the search to run (null: the filters do not parse, no list) */
  query: Parameters<typeof searchAudit>[2] | null
  /** the stored filters' id, carried by the links */
  filterId?: string
  notice?: string | null
}

export function auditPages(deps: AppDeps, pages: PageRenderer, sendCsv: AuditCsvSender): Router {
  const router = Router()
  const stash = filterStash(deps.db.prisma, deps.clock)
  router.use(PAGE_PATH, requirePageAuth)
  router.use(CSV_PATH, requirePageAuth)

  /** Where valid filters are shown: the page with the id of the stored filters (none when there are none). */
  async function location(res: Response, filters: AuditFilters): Promise<string> {
    const params = auditFilterParams(filters)
    if (Object.keys(params).length === 0) return PAGE_PATH
    return href(PAGE_PATH, { [FILTER_PARAM]: await stash.store(res, 'audit', params) })
  }

  /** The form again with the messages (400), no list: the filters as entered stay in the form, not the address. */
  async function renderInvalid(res: Response, raw: Record<string, unknown>, fields: FieldIssues): Promise<void> {
    const rawText = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '')
    await render(res, { shown: Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, rawText(k)])), errors: auditIssueTexts(ctx(res).t, fields), query: null })
  }

  async function render(res: Response, state: PageState): Promise<void> {
    const { t } = ctx(res)
    const me = actor(res)
    const service = serviceDeps(deps)
    const { shown, errors } = state
    const page = state.query ? await searchAudit(service, me, state.query, 'page') : null
    // a login or case number that names nothing is not an error in the filters, but says why nothing is found
    const unmatched: Record<string, string> = {
      ...(page?.unmatched.includes('user') ? { user: t.audit.userNotFound } : {}),
      ...(page?.unmatched.includes('caseNumber') ? { caseNumber: t.audit.caseNotFound } : {}),
    }
    const field = (key: string) => ({ value: shown[key] ?? '', error: errors[key] ?? unmatched[key] ?? null })
    const actions = await auditActions(service)
    const label = (action: string) => auditActionLabel(action, t.audit.actions, t.audit.outcomes)
    const f = state.filterId

    pages.render(res, 'audit', {
      title: t.audit.title,
      nav: 'audit',
      notice: state.notice ?? null,
      filterErrors: state.query === null,
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
      nextHref: page?.nextCursor ? href(PAGE_PATH, { [FILTER_PARAM]: f, cursor: page.nextCursor }) : null,
      firstHref: state.query?.cursor ? href(PAGE_PATH, { [FILTER_PARAM]: f }) : null,
      csvHref: href(CSV_PATH, { [FILTER_PARAM]: f }),
      clearHref: PAGE_PATH,
    }, state.query ? 200 : 400)
  }

  router.get(PAGE_PATH, async (req, res) => {
    const me = actor(res)
    await requireAuditAdmin(serviceDeps(deps), me, 'page') // before the query is looked at: 403 whatever the filters
    const raw = req.query as Record<string, unknown>
    if (hasAnyParam(raw, AUDIT_FILTER_KEYS)) {
      // an old bookmark or a hand-made address: valid filters move into the session
      const parsed = parseAuditFilters(pickParams(raw, AUDIT_FILTER_KEYS))
      if (!parsed.ok) return renderInvalid(res, raw, parsed.fields)
      return res.redirect(303, await location(res, parsed.value))
    }
    const stored = await stash.load(req, res, 'audit')
    const found = stored.state === 'found' ? stored : null
    // the page always shows 50 rows; the cursor of an unknown id's list is dropped with it
    const parsed = parseAuditQuery({ ...(found?.params ?? {}), cursor: stored.state === 'unknown' ? undefined : raw.cursor })
    if (!parsed.ok) {
      const shown = found?.params ?? {}
      return render(res, { shown, errors: auditIssueTexts(ctx(res).t, parsed.fields), query: null, filterId: found?.id })
    }
    await render(res, {
      shown: auditFilterParams(parsed.value.filters),
      errors: {},
      query: { ...parsed.value, limit: AUDIT_PAGE_SIZE },
      filterId: found?.id,
      notice: stored.state === 'unknown' ? ctx(res).t.storedFilters.expired : null,
    })
  })

  router.post(PAGE_PATH, async (req, res) => {
    await requireAuditAdmin(serviceDeps(deps), actor(res), 'page') // 403 before the filters are read
    const body = (req.body ?? {}) as Record<string, unknown>
    const parsed = parseAuditFilters(pickParams(body, AUDIT_FILTER_KEYS))
    if (!parsed.ok) return renderInvalid(res, body, parsed.fields)
    res.redirect(303, await location(res, parsed.value))
  })

  router.get(CSV_PATH, async (req, res) => {
    await requireAuditAdmin(serviceDeps(deps), actor(res), 'csv') // 403 before the id is looked at
    const stored = await stash.load(req, res, 'audit')
    // an unknown id never exports everything: the page says the filters are gone
    if (stored.state === 'unknown') return res.redirect(303, href(PAGE_PATH, { [FILTER_PARAM]: String(req.query[FILTER_PARAM]).slice(0, 16) }))
    const params = stored.state === 'found' ? stored.params : {}
    await sendCsv(res, params, () => res.redirect(303, PAGE_PATH))
  })

  return router
}
