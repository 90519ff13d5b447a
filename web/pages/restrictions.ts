// The restricted procedures page (administrators only): GET /admin/restrictions lists every deployed procedure and
// every restricted one with the groups allowed to see its cases and tasks (src/procedures/procedure-restrictions.ts),
// the user tasks of its newest version offered outside them, and a form per procedure (group checkboxes, CSRF token)
// posting to POST /admin/restrictions, which answers 303 back with a notice, or the page again (422) with the reason.
// A further form restricts a procedure not deployed yet (by its process id). Mounted by routes/restrictions.ts.
import { Router, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { listRestrictions, saveRestriction, type RestrictionView } from '../../src/procedures/procedure-restrictions.ts'
import { refreshSla, serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDateTime } from '../format.ts'
import { format, issueTexts } from '../i18n/index.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { actor, ctx } from '../request-context.ts'

const PAGE_PATH = '/admin/restrictions'

interface Posted {
  processId: string
  groups: string[]
  errors: Record<string, string>
}

function postedGroups(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export function restrictionPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  router.use(PAGE_PATH, requirePageAuth)

  async function show(res: Response, posted: Posted | null, status = 200): Promise<void> {
    const { t } = ctx(res)
    const list = await listRestrictions(serviceDeps(deps), actor(res))
    const nameOf = new Map(list.groups.map((g) => [g.key, g.name]))
    const checkboxes = (processId: string, chosen: readonly string[]) =>
      list.groups.map((g) => ({ key: g.key, name: g.name, id: `restriction-${processId}-${g.key}`, checked: chosen.includes(g.key) }))
    const row = (item: RestrictionView) => {
      const mine = posted && posted.processId === item.processId ? posted : null
      return {
        processId: item.processId,
        name: item.name ?? t.restrictions.notDeployed,
        restricted: item.restricted,
        groups: item.restricted ? item.groups.map((g) => nameOf.get(g) ?? g).join(', ') : t.restrictions.open,
        source: item.stored
          ? (item.updatedBy ? format(t.restrictions.changedBy, { login: item.updatedBy, at: formatDateTime(item.updatedAt!) }) : t.restrictions.seeded)
          : t.restrictions.defaultInForce,
        conflicts: item.conflicts.map((c) => format(t.restrictions.conflict, { element: c.elementId ?? '', message: c.message })),
        checkboxes: checkboxes(item.processId, mine ? mine.groups : item.groups),
        error: mine ? (mine.errors.groups ?? mine.errors.processId ?? null) : null,
        saveLabel: format(t.restrictions.saveFor, { procedure: item.name ?? item.processId }),
      }
    }
    const other = posted && !list.items.some((i) => i.processId === posted.processId) ? posted : null
    const notice = typeof res.req.query.notice === 'string' && Object.hasOwn(t.restrictions.notices, res.req.query.notice) ? t.restrictions.notices[res.req.query.notice] : null
    res.setHeader('Cache-Control', 'no-store')
    pages.render(res, 'restrictions', {
      title: t.restrictions.title,
      nav: 'restrictions',
      notice,
      rows: list.items.map(row),
      other: {
        processId: other?.processId ?? '',
        error: other ? (other.errors.processId ?? other.errors.groups ?? null) : null,
        checkboxes: checkboxes('new', other?.groups ?? []),
      },
    }, status)
  }

  router.get(PAGE_PATH, async (_req, res) => {
    await show(res, null)
  })

  router.post(PAGE_PATH, async (req, res) => {
    const { t } = ctx(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    const processId = typeof body.processId === 'string' ? body.processId.trim() : ''
    const groups = postedGroups(body.groups)
    try {
      await saveRestriction(serviceDeps(deps), actor(res), processId, groups)
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'VALIDATION_FAILED') {
        return show(res, { processId, groups, errors: issueTexts(t, err.fields) }, 422)
      }
      throw err
    }
    await refreshSla(deps)
    res.redirect(303, `${PAGE_PATH}?notice=${groups.length ? 'saved' : 'lifted'}`)
  })

  return router
}
