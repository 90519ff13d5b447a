// The inbox page: tabs with counts (mine, group, unassigned, all for managers, completed), a filter form,
// sortable columns, keyset paging links, and the claim / unclaim buttons (POST forms with the CSRF token).
// The filters (a surname, a login, a case number among them) never go into the address: the form POSTs to /inbox,
// the valid filters are kept for the session (filter-stash.ts) and the answer is a 303 to /inbox?tab=…&f=<id>; tabs,
// sorting and paging links carry that id; saved filters are links to /inbox?saved=<id>. Only tab, sort, dir, limit
// and cursor (task times and ids) stay in the address. An unknown id shows the tab unfiltered with a notice.
import { loadRestrictions } from '../../src/procedures/load-restrictions.ts'
import { Router, type Request, type Response } from 'express'
import { ServiceError } from '../../src/cases/service-error.ts'
import { assigneeGroups, listAssignableUsers } from '../../src/inbox/assignable-users.ts'
import { bulkFailureReason, bulkTasks, parseBulkRequest } from '../../src/inbox/bulk-tasks.ts'
import { listNotifications, markAllRead } from '../../src/inbox/notifications.ts'
import { openNotification } from '../../src/inbox/open-notification.ts'
import { INCIDENT_NOTIFICATION } from '../../src/incidents/announce-incidents.ts'
import { createSavedFilter, deleteSavedFilter, listSavedFilters } from '../../src/inbox/saved-filters.ts'
import { claimTask, unclaimTask } from '../../src/inbox/claim-task.ts'
import { fourEyesBlockedTasks } from '../../src/inbox/four-eyes.ts'
import { displayNames } from '../../src/users/display-names.ts'
import { countTasks, type CountedView, type TaskCounts } from '../../src/inbox/count-tasks.ts'
import {
  defaultDirection,
  defaultSort,
  FILTER_KEYS,
  filterParams,
  INBOX_VIEWS,
  parseInboxFilters,
  parseInboxQuery,
  type InboxFilters,
  type InboxSort,
  type InboxView,
} from '../../src/inbox/inbox-query.ts'
import { queryInbox } from '../../src/inbox/list-tasks.ts'
import { AT_RISK_WORKING_DAYS } from '../../src/inbox/task-deadline.ts'
import { groupName, isPrivileged } from '../../src/users/groups.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { FILTER_PARAM, filterStash, hasAnyParam, pickParams } from '../filter-stash.ts'
import { formatDate, formatDateTime } from '../format.ts'
import { format, issueTexts, type Messages } from '../i18n/index.ts'
import { safeReturnPath } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'
import { absencePages } from './absences.ts'
import { taskRows } from './task-rows.ts'

export function withNotice(path: string, notice: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}notice=${notice}`
}

const TEXT_FILTERS = ['task', 'caseNumber', 'applicant', 'assignee', 'dueAfter', 'dueBefore'] as const
const PRIORITY_CHOICES = [26, 51, 76] as const

function queryString(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v)
  return q.toString()
}

export function inboxHref(params: Record<string, string | undefined>): string {
  const q = queryString(params)
  return q ? `/inbox?${q}` : '/inbox'
}

function tabOf(tab: unknown): InboxView {
  return typeof tab === 'string' && (INBOX_VIEWS as readonly string[]).includes(tab) ? (tab as InboxView) : 'mine'
}

const SORT_KEYS = ['sort', 'dir', 'limit'] as const

/** sort, dir and limit as given (non-empty strings only): they stay in the address. */
function sortingOf(raw: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(SORT_KEYS.map((k) => [k, typeof raw[k] === 'string' && raw[k] !== '' ? (raw[k] as string) : undefined]))
}

/** What one rendering of the page shows. */
interface InboxInput {
  view: InboxView
  /** the filter form's values (as entered, or as stored) */
  formValues: Record<string, unknown>
  /** what is parsed: filters, sort, dir, limit, cursor */
  query: Record<string, unknown>
  /** the stored filters' id, carried by the links */
  filterId?: string
  /** the stored filters were not found */
  filtersLost?: boolean
}

function tabLabel(t: Messages, view: InboxView): string {
  switch (view) {
    case 'mine': return t.inbox.tabMine
    case 'group': return t.inbox.tabGroup
    case 'unassigned': return t.inbox.tabUnassigned
    case 'all': return t.inbox.tabAll
    case 'completed': return t.inbox.tabCompleted
  }
}

const BULK_WHY = /^[A-Za-z_]{1,30}\.\d{1,3}(-[A-Za-z_]{1,30}\.\d{1,3}){0,9}$/

/** A bulk failure's reason: an error code (CONFLICT) or, for refused input, the field issue (notInTaskGroups). */
function bulkReasonText(t: Messages, code: string): string {
  return t.taskAccess.bulkReasons[code] ?? t.errors[code] ?? t.issues[code] ?? t.errors.INTERNAL
}

/** The notice after a redirect; a bulk action's notice carries its counts and the reasons of the failures. */
function noticeText(t: Messages, query: Request['query']): string | null {
  const key = query.notice
  if (typeof key !== 'string') return null
  if (key !== 'bulk') return t.notices[key] ?? t.taskAccess.notices[key] ?? null
  const num = (v: unknown) => (typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : 0)
  const done = format(t.inbox.bulkDone, { ok: num(query.ok), failed: num(query.failed) })
  const why = typeof query.why === 'string' && BULK_WHY.test(query.why)
    ? query.why.split('-').map((part) => {
      const [code, count] = part.split('.')
      return format(t.inbox.bulkReason, { reason: bulkReasonText(t, code), count })
    })
    : []
  return [done, ...why].join(' ')
}

export function inboxPages(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()

  router.get('/', (_req, res) => res.redirect(303, '/inbox'))
  router.use(absencePages(deps, pages))

  const stash = filterStash(deps.db.prisma, deps.clock)

  /** The address showing valid filters: the tab, the sorting and the id of the stored filters (none without filters). */
  async function location(res: Response, view: string, filters: Record<string, string>, sorting: Record<string, string | undefined>): Promise<string> {
    const f = Object.keys(filters).length > 0 ? await stash.store(res, 'inbox', filters) : undefined
    return inboxHref({ tab: view, ...sorting, [FILTER_PARAM]: f })
  }

  router.get('/inbox', async (req, res) => {
    const me = actor(res)
    const view = tabOf(req.query.tab)
    if (view === 'all' && !isPrivileged(me.user.groups)) return pages.error(res, 403, 'FORBIDDEN')
    const raw = req.query as Record<string, unknown>
    if (raw.saved !== undefined) {
      // a saved filter's link: its filters move into the session
      const saved = (await listSavedFilters(serviceDeps(deps), me)).find((f) => f.id === raw.saved)
      if (!saved) return renderInbox(req, res, { view, formValues: {}, query: sortingOf(raw), filtersLost: true })
      const { view: savedView, ...rest } = saved.query
      return res.redirect(303, await location(res, savedView ?? 'mine', pickParams(rest, FILTER_KEYS) as Record<string, string>, sortingOf(rest)))
    }
    if (hasAnyParam(raw, FILTER_KEYS)) {
      // an old bookmark or a hand-made address: valid filters move into the session, invalid ones are shown
      const filters = parseInboxFilters(raw)
      if (!filters.ok) return renderInbox(req, res, { view, formValues: raw, query: raw })
      return res.redirect(303, await location(res, view, filterParams(filters.value), sortingOf(raw)))
    }
    const stored = await stash.load(req, res, 'inbox')
    const found = stored.state === 'found' ? stored : null
    await renderInbox(req, res, {
      view,
      formValues: found?.params ?? {},
      query: { ...(found?.params ?? {}), ...sortingOf(raw), cursor: stored.state === 'unknown' ? undefined : raw.cursor },
      filterId: found?.id,
      filtersLost: stored.state === 'unknown',
    })
  })

  router.post('/inbox', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const view = tabOf(body.tab)
    if (view === 'all' && !isPrivileged(actor(res).user.groups)) return pages.error(res, 403, 'FORBIDDEN')
    const filters = parseInboxFilters(pickParams(body, FILTER_KEYS))
    if (!filters.ok) return renderInbox(req, res, { view, formValues: body, query: { ...pickParams(body, FILTER_KEYS), ...sortingOf(body) } })
    res.redirect(303, await location(res, view, filterParams(filters.value), sortingOf(body)))
  })

  async function renderInbox(req: Request, res: Response, input: InboxInput): Promise<void> {
    const { t } = ctx(res)
    const me = actor(res)
    const privileged = isPrivileged(me.user.groups)
    const { view } = input
    const raw = input.query
    const parsed = parseInboxQuery({ ...raw, view })
    const filters: InboxFilters = parsed.ok ? parsed.value.filters : {}
    const sort: InboxSort = parsed.ok ? parsed.value.sort : defaultSort(view)
    const dir = parsed.ok ? parsed.value.dir : defaultDirection(sort)
    const sortParams = {
      sort: typeof raw.sort === 'string' && parsed.ok ? sort : undefined,
      dir: typeof raw.dir === 'string' && parsed.ok ? dir : undefined,
      limit: typeof raw.limit === 'string' && parsed.ok ? String(parsed.value.limit) : undefined,
    }
    const f = input.filterId
    const base = { tab: view, [FILTER_PARAM]: f }

    const deps_ = serviceDeps(deps)
    let counts: TaskCounts
    let page = null
    try {
      counts = await countTasks(deps_, me, filters)
      if (parsed.ok) page = await queryInbox(deps_, me, parsed.value)
    } catch (err) {
      if (err instanceof ServiceError) return void pages.error(res, STATUS_BY_CODE[err.code], err.code)
      throw err
    }

    // a count past the limit reads "200+" (src/inbox/count-tasks.ts COUNT_LIMIT)
    const countText = (v: CountedView) => (counts.overLimit.includes(v) ? `${counts.limit}+` : String(counts[v] ?? 0))
    const tabs = INBOX_VIEWS.filter((v) => v !== 'all' || privileged).map((v) => {
      const count = v === 'completed' ? undefined : countText(v)
      return {
        href: inboxHref({ tab: v, [FILTER_PARAM]: f }),
        label: count === undefined ? tabLabel(t, v) : format(t.inbox.tabCount, { label: tabLabel(t, v), count }),
        current: v === view,
      }
    })

    const sortColumn = (key: InboxSort, label: string) => {
      const active = key === sort
      const nextDir = active ? (dir === 'asc' ? 'desc' : 'asc') : defaultDirection(key)
      return {
        label,
        href: inboxHref({ ...base, sort: key, dir: nextDir, limit: sortParams.limit }),
        ariaSort: active ? (dir === 'asc' ? 'ascending' : 'descending') : null,
        title: format(t.inbox.sortBy, { column: label }),
      }
    }

    const form = input.formValues
    const rawText = (key: string): string => (typeof form[key] === 'string' ? (form[key] as string) : '')
    const errors = parsed.ok ? {} : issueTexts(t, parsed.fields)
    const procedures = await deps.engine.listProcesses().catch(() => [])
    const chosenPriority = rawText('priority')
    const currentPath = inboxHref({ ...base, ...sortParams, cursor: typeof raw.cursor === 'string' ? raw.cursor : undefined })
    const notice = [noticeText(t, req.query), input.filtersLost ? t.storedFilters.expired : null].filter(Boolean).join(' ') || null

    const saved = (await listSavedFilters(deps_, me)).map((s) => ({
      id: s.id,
      name: s.name,
      href: inboxHref({ saved: s.id }),
      shared: s.groupKey ? format(t.inbox.savedShared, { group: groupName(s.groupKey) }) : null,
      owner: s.mine ? null : s.owner,
      mine: s.mine,
    }))
    const currentQuery = queryString({ view, ...filterParams(filters), ...sortParams, limit: undefined })
    const str = (v: unknown) => (typeof v === 'string' ? v : '')
    const procedureName = (processId: string) => procedures.find((p) => p.id === processId)?.name || processId
    // every notice links through GET /notifications/:id (marks it read, then the task, the case or the incident page)
    const unread = await listNotifications(deps_, me, { unreadOnly: true })
    // people by name, the system as "System" (a notice starts with who acted)
    const names = await displayNames(deps.db.prisma, [
      ...unread.flatMap((n) => [n.data.by, n.data.substituteFor].map((v) => (typeof v === 'string' ? v : null))),
      ...(page?.items.flatMap((i) => [i.assignee, i.substituteFor]) ?? []),
    ])
    const person = (v: unknown) => (v === 'system' ? t.notifications.bySystem : typeof v === 'string' ? (names.get(v) ?? v) : '')
    const notifications = unread.map((n) => ({
      id: n.id,
      text: n.type === INCIDENT_NOTIFICATION
        ? format(t.notifications.types[n.type] ?? n.type, { procedure: procedureName(str(n.data.processId)), element: str(n.data.elementId) || t.common.none })
        : n.type !== 'task-assigned' && t.notifications.types[n.type]
          ? format(t.notifications.types[n.type]!, { due: typeof n.data.due === 'string' ? formatDate(n.data.due) : '', state: t.sla.states[String(n.data.state ?? '')] ?? '' })
          : typeof n.data.substituteFor === 'string'
            ? format(t.notifications.taskAssignedCover, { by: person(n.data.by), login: person(n.data.substituteFor) })
            : format(t.notifications.taskAssigned, { by: person(n.data.by) }),
      linkText: n.type === INCIDENT_NOTIFICATION ? t.notifications.incidentLink : n.taskId ? (n.taskName ?? t.common.none) : n.caseId ? (n.caseNumber ?? t.sla.caseLink) : null,
      at: formatDateTime(n.createdAt),
    }))
    const canAssign = privileged
    const assignees = canAssign ? assigneeGroups(await listAssignableUsers(deps.db.prisma), groupName, t.taskAccess.assigneeOtherGroups) : []
    const candidateUsers = new Map(page?.tasks.map((task) => [task.id, task.candidateUsers]) ?? [])
    const fourEyes = page ? await fourEyesBlockedTasks(deps.db.prisma, me.user.login, page.items.filter((i) => i.status === 'open').map((i) => i.id)) : new Set<string>()
    const rows = page ? taskRows(page.items, { user: me.user, t, candidateUsers, fourEyes, names, restrictions: await loadRestrictions(deps.db.prisma) }) : []
    pages.render(res, 'inbox', {
      title: t.inbox.title,
      bulk: rows.some((r) => r.selectable) ? { canAssign, assignees } : null,
      saved,
      notifications,
      notificationsOpen: notifications.length <= 5,
      saveForm: parsed.ok ? { query: currentQuery, groups: me.user.groups.map((key) => ({ key, name: groupName(key) })) } : null,
      nav: 'inbox',
      tab: view,
      tabs,
      overdueText: format(t.inbox.overdueCount, { count: countText('overdue') }),
      hasOverdue: counts.overdue > 0,
      completedView: view === 'completed',
      rows,
      filterErrors: !parsed.ok,
      filter: {
        ...Object.fromEntries(TEXT_FILTERS.map((k) => [k, { value: rawText(k), error: errors[k] ?? null }])),
        procedure: {
          error: errors.procedure ?? null,
          options: procedures.map((p) => ({ value: p.id, label: p.name || p.id, selected: p.id === rawText('procedure') })),
        },
        priority: {
          error: errors.priority ?? null,
          options: PRIORITY_CHOICES.map((n) => ({
            value: String(n),
            label: t.priority[n === 26 ? 'medium' : n === 51 ? 'high' : 'critical'],
            selected: String(n) === chosenPriority,
          })),
        },
        active: Object.keys(filterParams(filters)).length > 0,
        overdue: filters.overdue === true,
        atRisk: filters.atRisk === true,
        sort: sortParams.sort ?? '',
        dir: sortParams.dir ?? '',
        limit: sortParams.limit ?? '',
      },
      atRiskLabel: format(t.inbox.filterAtRisk, { days: AT_RISK_WORKING_DAYS }),
      clearHref: inboxHref({ tab: view }),
      columns: {
        due: sortColumn('due', t.inbox.colDue),
        priority: sortColumn('priority', t.inbox.colPriority),
        created: sortColumn('created', t.inbox.colCreated),
        completed: sortColumn('completed', t.inbox.colCompleted),
      },
      caption: format(t.inbox.captionBy, {
        column: { due: t.inbox.colDue, priority: t.inbox.colPriority, created: t.inbox.colCreated, completed: t.inbox.colCompleted }[sort],
        dir: dir === 'asc' ? t.inbox.sortAsc : t.inbox.sortDesc,
      }),
      hasPaging: Boolean(page?.nextCursor) || typeof raw.cursor === 'string',
      nextHref: page?.nextCursor ? inboxHref({ ...base, ...sortParams, cursor: page.nextCursor }) : null,
      firstHref: typeof raw.cursor === 'string' ? inboxHref({ ...base, ...sortParams }) : null,
      notice,
      returnTo: currentPath,
    }, parsed.ok ? 200 : 400)
  }

  router.post('/tasks/bulk', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const back = safeReturnPath(body.returnTo, '/inbox')
    let request
    try {
      request = parseBulkRequest(body)
    } catch (err) {
      if (err instanceof ServiceError) return res.redirect(303, withNotice(back, 'bulkInvalid'))
      throw err
    }
    const results = await bulkTasks(serviceDeps(deps, ctx(res).logger), actor(res), request)
    const failures = new Map<string, number>()
    for (const r of results) if (!r.ok) failures.set(bulkFailureReason(r), (failures.get(bulkFailureReason(r)) ?? 0) + 1)
    const ok = results.filter((r) => r.ok).length
    const why = [...failures].map(([code, n]) => `${code}.${n}`).join('-')
    res.redirect(303, `${withNotice(back, 'bulk')}&ok=${ok}&failed=${results.length - ok}${why ? `&why=${why}` : ''}`)
  })

  router.get('/notifications/:id', async (req, res) => {
    try {
      const target = await openNotification(serviceDeps(deps), actor(res), req.params.id)
      if (target.kind === 'task') return res.redirect(303, `/tasks/${encodeURIComponent(target.taskId)}`)
      if (target.kind === 'case') return res.redirect(303, `/cases/${encodeURIComponent(target.caseId)}`)
      if (target.kind === 'incidents') return res.redirect(303, '/admin/incidents')
      return res.redirect(303, target.kind === 'task-gone' ? withNotice('/inbox', 'taskGone') : '/inbox')
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'NOT_FOUND') return pages.error(res, 404, 'NOT_FOUND')
      throw err
    }
  })

  router.post('/notifications/read', async (req, res) => {
    await markAllRead(serviceDeps(deps), actor(res))
    const back = safeReturnPath((req.body as Record<string, unknown> | undefined)?.returnTo, '/inbox')
    res.redirect(303, withNotice(back, 'notificationsRead'))
  })

  router.post('/filters', async (req, res) => {
    const { t } = ctx(res)
    const body = (req.body ?? {}) as Record<string, unknown>
    const query = Object.fromEntries(new URLSearchParams(typeof body.query === 'string' ? body.query : ''))
    let created
    try {
      created = await createSavedFilter(serviceDeps(deps), actor(res), { name: body.name, groupKey: body.groupKey, query })
    } catch (err) {
      if (!(err instanceof ServiceError) || err.code !== 'VALIDATION_FAILED') throw err
      // back to the list the person was looking at (its filters kept), with what was wrong
      const { view, ...rest } = query
      const current = await location(res, view ?? 'mine', pickParams(rest, FILTER_KEYS) as Record<string, string>, sortingOf(rest))
      return res.redirect(303, withNotice(current, err.fields.name ? 'filterNameInvalid' : 'filterGroupInvalid'))
    }
    const { view, ...rest } = created.query
    const back = await location(res, view ?? 'mine', pickParams(rest, FILTER_KEYS) as Record<string, string>, sortingOf(rest))
    res.redirect(303, withNotice(back, 'filterSaved'))
  })

  router.post('/filters/:id/delete', async (req, res) => {
    try {
      await deleteSavedFilter(serviceDeps(deps), actor(res), req.params.id)
    } catch (err) {
      if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      throw err
    }
    const back = safeReturnPath((req.body as Record<string, unknown> | undefined)?.returnTo, '/inbox')
    res.redirect(303, withNotice(back, 'filterDeleted'))
  })

  for (const action of ['claim', 'unclaim'] as const) {
    router.post(`/tasks/:id/${action}`, async (req, res) => {
      const run = action === 'claim' ? claimTask : unclaimTask
      const back = safeReturnPath((req.body as Record<string, unknown> | undefined)?.returnTo, '/inbox')
      try {
        await run(serviceDeps(deps, ctx(res).logger), actor(res), req.params.id)
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err
        // refused (not the task's group, four eyes): back to the list with the reason, not a bare 403 page
        const refused = err.code === 'FOUR_EYES' ? `${action}FourEyes` : err.code === 'FORBIDDEN' ? `${action}Forbidden` : null
        if (refused && ctx(res).t.taskAccess.notices[refused]) return res.redirect(303, withNotice(back, refused))
        return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      }
      res.redirect(303, withNotice(back, action === 'claim' ? 'claimed' : 'unclaimed'))
    })
  }

  return router
}
