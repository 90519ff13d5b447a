// The administrators' audit search (members of `admins` only; 403 for everyone else, managers included):
// GET /api/audit?from=&to=&user=&action=&caseNumber=&taskId=&ip=&cursor=&limit= → {items, nextCursor, unmatched} (newest
// first, keyset pages of 50); GET /api/audit.csv (or /api/audit?format=csv) → every event of the filters as CSV
// (UTF-8 with BOM, `;`, formula-safe). Also mounts the page (GET and POST /admin/audit, GET /admin/audit.csv?f=,
// pages/audit.ts), whose filters are kept out of the address (filter-stash.ts).
import { Router, type Request, type Response } from 'express'
import { auditActionLabel } from '../../src/audit/audit-actions.ts'
import { auditTimestamp, CSV_BOM, csvLine } from '../../src/audit/audit-csv.ts'
import { parseAuditFilters, parseAuditQuery } from '../../src/audit/audit-query.ts'
import { exportAudit, requireAuditAdmin, searchAudit, type AuditRow } from '../../src/audit/search-audit.ts'
import type { FieldIssues } from '../../src/cases/service-error.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import type { Messages } from '../i18n/index.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, ctx } from '../request-context.ts'
import { sendApiError, sendServiceError } from '../respond.ts'
import { auditIssueTexts, auditPages } from '../pages/audit.ts'

function badQuery(res: Response, fields: FieldIssues): void {
  sendApiError(res, 400, 'BAD_REQUEST', { fields: auditIssueTexts(ctx(res).t, fields) }, `Invalid query parameters: ${Object.keys(fields).join(', ')}`)
}

export function auditRowView(row: AuditRow) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    userId: row.userId,
    user: row.user,
    action: row.action,
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    taskId: row.taskId,
    ip: row.ip,
    details: row.details,
  }
}

function csvRow(t: Messages, row: AuditRow): string {
  return csvLine([
    auditTimestamp(row.at),
    row.user?.login ?? (row.userId ? row.userId : t.audit.system),
    row.user?.displayName ?? '',
    row.action,
    auditActionLabel(row.action, t.audit.actions, t.audit.outcomes),
    row.caseNumber,
    row.caseId,
    row.taskId,
    row.ip,
    JSON.stringify(row.details ?? {}),
  ])
}

export function auditRoutes(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  /** Streams the CSV of the filters (`raw`: the API's query, or the page's stored filters); `bad` answers invalid ones. */
  async function sendCsv(res: Response, raw: Record<string, unknown>, bad: (fields: FieldIssues) => void): Promise<void> {
    await requireAuditAdmin(serviceDeps(deps), actor(res), 'csv') // 403 whatever the filters
    const parsed = parseAuditFilters(raw)
    if (!parsed.ok) return bad(parsed.fields)
    const { t } = ctx(res)
    let started = false
    try {
      await exportAudit(serviceDeps(deps), actor(res), parsed.value, async (rows) => {
        if (!started) start()
        const chunk = rows.map((row) => csvRow(t, row)).join('')
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve))
      })
    } catch (err) {
      if (!started && sendServiceError(res, err)) return
      if (started) ctx(res).logger.error('audit export failed', { userId: actor(res).user.id }, err)
      throw err
    }
    if (!started) start()
    res.end()

    function start(): void {
      started = true
      res.status(200)
      res.setHeader('Content-Type', 'text/csv; charset=utf-8')
      res.setHeader('Content-Disposition', 'attachment; filename="audit.csv"')
      res.setHeader('Cache-Control', 'no-store')
      const a = t.audit
      res.write(CSV_BOM + csvLine([a.colTime, a.colLogin, a.colName, a.colActionCode, a.colAction, a.caseNumber, a.colCaseId, a.taskId, a.colIp, a.colDetails]))
    }
  }

  const apiCsv = (req: Request, res: Response) => sendCsv(res, req.query as Record<string, unknown>, (fields) => badQuery(res, fields))
  router.get('/api/audit.csv', apiCsv)

  router.get('/api/audit', async (req, res) => {
    if (req.query.format === 'csv') return apiCsv(req, res)
    await requireAuditAdmin(serviceDeps(deps), actor(res), 'json')
    const parsed = parseAuditQuery(req.query as Record<string, unknown>)
    if (!parsed.ok) return badQuery(res, parsed.fields)
    const page = await searchAudit(serviceDeps(deps), actor(res), parsed.value, 'json')
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: page.items.map(auditRowView), nextCursor: page.nextCursor, unmatched: page.unmatched })
  })

  router.use(auditPages(deps, pages, sendCsv))
  return router
}
