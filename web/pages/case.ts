// The case page: data, documents (partial case-documents), process diagram, notes (with their form posts),
// history timeline, open tasks.
import { loadForm } from '../../src/inbox/get-task.ts'
import { BENEFIT_APPLICATION } from '../../src/cases/registration-input.ts'
import { registrationRows } from '../registration-rows.ts'
import { Router, type Request, type Response } from 'express'
import { mayAccessCase } from '../../src/cases/case-access.ts'
import { addCaseNote, listCaseNotes, reviseCaseNote } from '../../src/cases/case-notes.ts'
import { getCase } from '../../src/cases/get-case.ts'
import { caseDocumentsView, formatFileSize } from './case-documents.ts'
import { caseDeadlineSection } from './case-deadline.ts'
import { isPrivileged } from '../../src/users/groups.ts'
import { procedureNames } from '../../src/procedures/procedure-names.ts'
import { ServiceError } from '../../src/cases/service-error.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDate, formatDateTime, priorityBand } from '../format.ts'
import { format, type Messages } from '../i18n/index.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'
import { toIsoDate } from '../../domain/local-date.ts'
import { MessageName } from '../../workers/message-names.ts'
import { caseHasIncident } from '../../src/incidents/case-incident.ts'
import { relatedCases } from '../../src/cases/related-cases.ts'
import { filterStash } from '../filter-stash.ts'
import { mayManageIncidents } from '../../src/incidents/incident-access.ts'

/** What the case page offers for a benefit decision: the document once drafted, and the events the process awaits. */
async function decisionActions(deps: AppDeps, caseId: string, procedure: string) {
  if (procedure !== 'benefit-application') return null
  const instance = await deps.db.prisma.processInstance.findFirst({
    where: { businessKey: caseId },
    orderBy: { startedAt: 'desc' },
    select: { id: true, variables: true },
  })
  if (!instance) return null
  const vars = (instance.variables ?? {}) as Record<string, unknown>
  const waiting = new Set(
    (
      await deps.db.prisma.messageSubscription.findMany({
        where: { instanceId: instance.id, status: 'open' },
        select: { messageName: true },
      })
    ).map((s) => s.messageName),
  )
  const drafted = typeof vars.proposedOutcome === 'string'
  const awaitsDelivery = waiting.has(MessageName.decisionDelivered)
  const awaitsAppeal = waiting.has(MessageName.appealFiled)
  const awaitsRuling = waiting.has(MessageName.skoRuling)
  if (!drafted && !awaitsDelivery && !awaitsAppeal && !awaitsRuling) return null
  return { drafted, awaitsDelivery, awaitsAppeal, awaitsRuling }
}

/** The newest delivery of a decision and the appeal deadline it started (KPA art. 129: 14 days), for the facts. */
function deliveredText(t: Messages, history: { type: string; data: unknown }[]): string | null {
  return deliveryText(t, [...history].reverse().find((h) => h.type === 'decision-delivered')?.data)
}

/** "02.03.2026; termin na odwołanie do SKO: 16.03.2026" from a decision-delivered event's data. */
function deliveryText(t: Messages, data: unknown): string | null {
  const d = (typeof data === 'object' && data !== null ? data : {}) as { deliveredAt?: unknown; appealDeadline?: unknown }
  if (typeof d.deliveredAt !== 'string') return null
  return format(t.case.deliveredText, {
    delivered: formatDate(d.deliveredAt),
    deadline: typeof d.appealDeadline === 'string' ? formatDate(d.appealDeadline) : t.common.none,
  })
}

/** What a history entry was about: a task's name; for an escalation step, what it did and to which task. */
function historyDetail(t: Messages, type: string, data: unknown): string | null {
  const d = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {}
  if (type === 'decision-delivered') return deliveryText(t, d)
  if (type === 'sla-escalation') {
    const action = typeof d.action === 'string' ? (t.sla.actions[d.action] ?? d.action) : null
    return [action, typeof d.taskName === 'string' ? `„${d.taskName}”` : null].filter(Boolean).join(': ') || null
  }
  if (type === 'started-by-message') return typeof d.messageName === 'string' ? `„${d.messageName}”` : null
  if (type === 'started-by-signal') return typeof d.signalName === 'string' ? `„${d.signalName}”` : null
  if (type === 'start-failed' || type === 'start-retried') {
    const attempt = typeof d.attempt === 'number' ? d.attempt : null
    if (attempt === null) return null
    return format(d.linked === true ? t.case.startLinked : t.case.startAttempt, { attempt })
  }
  return 'name' in d ? String(d.name) : null
}

export function casePages(deps: AppDeps, pages: PageRenderer): Router {
  const documentStash = filterStash(deps.db.prisma, deps.clock)
  const router = Router()

  router.get('/cases/:id', async (req, res) => {
    const { t } = ctx(res)
    let kase
    try {
      kase = await getCase(serviceDeps(deps), actor(res), req.params.id)
    } catch (err) {
      if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      throw err
    }
    const now = deps.clock.now()
    const people = [...(kase.applicant ? [kase.applicant] : []), ...kase.household]
    const nameOf = new Map(people.map((p) => [p.pesel, `${p.firstName} ${p.lastName}`]))
    const noticeText = typeof req.query.notice === 'string' ? (t.notices[req.query.notice] ?? null) : null
    const notice = noticeText === null ? null : format(noticeText, { max: formatFileSize(deps.config.maxDocumentBytes, t.locale) })
    const definition = await deps.db.prisma.processDefinition.findFirst({
      where: { processId: kase.procedure },
      orderBy: { version: 'desc' },
      select: { name: true },
    })
    const registrationForm = kase.registration ? await loadForm({ prisma: deps.db.prisma, clock: deps.clock }, kase.registration.formId, kase.registration.version) : null
    const registration = kase.registration && registrationForm
      ? { rows: registrationRows(t, registrationForm, kase.registration.values), hint: format(t.register.registrationDataHint, { version: kase.registration.version }) }
      : null
    const decision = await decisionActions(deps, kase.id, kase.procedure)
    const related = await relatedCases(serviceDeps(deps), actor(res), { id: kase.id, procedure: kase.procedure, benefit: kase.benefit, applicantPesel: kase.applicant?.pesel ?? null })
    const relatedNames = await procedureNames(deps.db.prisma, related.map((r) => r.procedure))
    const me = actor(res).user
    const notes = (await listCaseNotes(serviceDeps(deps), actor(res), kase.id)).map((n) => {
      const firstAuthor = n.history.at(-1)?.author ?? n.author
      return {
        ...n,
        at: formatDateTime(n.createdAt),
        versionText: format(t.caseNotes.version, { version: n.version }),
        historyText: format(t.caseNotes.history, { count: n.history.length }),
        history: n.history.map((h) => ({ ...h, at: formatDateTime(h.createdAt), versionText: format(t.caseNotes.version, { version: h.version }) })),
        canEdit: firstAuthor === me.login || isPrivileged(me.groups),
      }
    })
    // what was typed into a refused upload comes back in the form (kept in the session, never in the address)
    const typed = ctx(res).auth?.via === 'cookie' ? await documentStash.load(req, res, 'document-upload') : null
    const documents = await caseDocumentsView(deps, res, kase.id, { manage: true, typed: typed?.state === 'found' ? typed.params : undefined })
    const deadline = await caseDeadlineSection(deps, res, kase.id)
    // stopped by an incident: staff are told, without technical details; administrators get the incident list's link
    const incident = (await caseHasIncident(serviceDeps(deps), kase.id)) ? { admin: mayManageIncidents(me) } : null
    pages.render(res, 'case', {
      incident,
      startPending: kase.startPending ? format(t.case.startPending, { attempts: kase.startAttempts }) : null,
      deadline,
      registration,
      applicantLabel: kase.procedure === BENEFIT_APPLICATION ? t.case.applicant : t.register.personConcerned,
      notes,
      documents,
      decision,
      today: toIsoDate(now),
      title: format(t.case.title, { number: kase.number ?? t.case.noNumber }),
      notice,
      kase: {
        ...kase,
        numberText: kase.number ?? t.case.noNumber,
        procedureText: definition?.name ?? kase.procedure,
        statusText: kase.startPending ? t.case.statuses.starting : (t.case.statuses[kase.status] ?? kase.status),
        receivedAtText: formatDate(kase.receivedAt),
        benefitText: kase.benefit ? (t.benefits[kase.benefit] ?? kase.benefit) : t.common.none,
        urgentText: kase.urgent ? t.common.yes : t.common.no,
        outcomeText: kase.outcome ? (t.case.outcomes[kase.outcome] ?? kase.outcome) : t.common.none,
        deliveredText: deliveredText(t, kase.history),
      },
      incomes: kase.incomes.map((i) => ({
        person: nameOf.get(i.pesel) ?? i.pesel,
        amount: i.monthlyNet.toLocaleString(t.locale === 'pl' ? 'pl-PL' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      })),
      history: kase.history.map((h) => ({
        at: formatDateTime(h.at),
        iso: h.at,
        what: t.case.events[h.type] ?? h.type,
        detail: historyDetail(t, h.type, h.data),
        actor: h.actor ?? t.case.system,
      })),
      related: related.map((r) => ({
        id: r.id,
        numberText: r.number ?? t.case.noNumber,
        procedureText: [relatedNames.get(r.procedure) ?? r.procedure, r.benefit ? (t.benefits[r.benefit] ?? r.benefit) : null].filter(Boolean).join(': '),
        statusText: t.case.statuses[r.status] ?? r.status,
        receivedAtText: formatDate(r.receivedAt),
        roleText: r.role === 'applicant' ? t.case.relatedAsApplicant : t.case.relatedAsHousehold,
        possibleDuplicate: r.possibleDuplicate,
      })),
      tasks: kase.openTasks.map((task) => ({
        id: task.id,
        name: task.name,
        due: task.dueAt ? formatDate(task.dueAt) : t.inbox.noDue,
        overdue: task.dueAt !== null && new Date(task.dueAt) < now,
        assignee: task.assignee ?? t.inbox.unassigned,
        priority: t.priority[priorityBand(task.priority)],
      })),
    })
  })

  // The notes form posts: a new note, or a new version of one; back to the case page with a notice.
  async function saveNote(req: Request, res: Response, save: () => Promise<unknown>) {
    const back = (notice: string) => res.redirect(303, `/cases/${encodeURIComponent(String(req.params.id))}?notice=${notice}#case-notes`)
    try {
      await save()
      return back('noteSaved')
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err
      if (err.code === 'VALIDATION_FAILED') return back('noteInvalid')
      if (err.code === 'FORBIDDEN' && req.params.noteId !== undefined && (await mayReadCase(req, res))) return back('noteForbidden')
      return pages.error(res, STATUS_BY_CODE[err.code], err.code)
    }
  }

  async function mayReadCase(req: Request, res: Response): Promise<boolean> {
    const kase = await deps.db.prisma.case.findUnique({ where: { id: String(req.params.id) }, select: { procedure: true, ownerGroup: true } })
    return kase !== null && (await mayAccessCase(deps.db.prisma, actor(res).user, String(req.params.id), kase))
  }

  router.post('/cases/:id/notes', (req, res) =>
    saveNote(req, res, () => addCaseNote(serviceDeps(deps), actor(res), req.params.id, { body: req.body?.body })))

  router.post('/cases/:id/notes/:noteId', (req, res) =>
    saveNote(req, res, () => reviseCaseNote(serviceDeps(deps), actor(res), req.params.id, req.params.noteId, { body: req.body?.body })))

  return router
}
