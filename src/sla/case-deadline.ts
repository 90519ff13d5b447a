// The case-level statutory deadline as people see and move it: the deadline view (for the case page and
// GET /api/cases/:id/deadline), pauses (KPA art. 35 §5: waiting for the party, suspension) and the complex-case
// flag (art. 35 §3). Each change is a case event and an audit event, and sends the case back to the SLA monitor,
// which measures it again on its next round.
import type { Case } from '../generated/prisma/client.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import { mayAccessCase } from '../cases/case-access.ts'
import { ServiceError } from '../cases/service-error.ts'
import { compareDates, parseIsoDate, toIsoDate } from '../../domain/local-date.ts'
import { slaState } from '../../domain/sla-deadline.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

export const PAUSE_REASONS = ['awaiting-party', 'suspension', 'expert-opinion', 'other'] as const

export interface PauseView {
  id: string
  reason: string
  from: string
  to: string | null
}

export interface CaseDeadlineView {
  caseId: string
  measured: boolean
  dueDate: string | null
  atRiskFrom: string | null
  state: 'on-time' | 'at-risk' | 'overdue' | 'done' | 'none'
  complex: boolean
  extendedTo: string | null
  doneAt: string | null
  pauses: PauseView[]
}

async function visibleCase(deps: Deps, actor: Actor, caseId: string, action: string): Promise<Case> {
  const kase = await deps.prisma.case.findUnique({ where: { id: caseId } })
  if (!kase) throw new ServiceError('NOT_FOUND', 'No such case.')
  if (!(await mayAccessCase(deps.prisma, actor.user, caseId, kase))) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: `${action}-denied`, caseId })
    throw new ServiceError('FORBIDDEN', 'You may not see this case.')
  }
  return kase
}

function open(kase: Case): void {
  if (kase.status !== 'open') throw new ServiceError('CONFLICT', 'The case is closed.')
}

export async function caseDeadlineView(deps: Deps, actor: Actor, caseId: string, audited = true): Promise<CaseDeadlineView> {
  const kase = await visibleCase(deps, actor, caseId, 'case.deadline-read')
  const pauses = await deps.prisma.casePause.findMany({ where: { caseId }, orderBy: { from: 'asc' } })
  if (audited) await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'case.deadline-read', caseId })
  const now = deps.clock.now()
  const state = kase.slaDoneAt ? 'done'
    : kase.slaDueAt && kase.slaAtRiskAt ? slaState({ dueAt: kase.slaDueAt, atRiskAt: kase.slaAtRiskAt }, now)
      : 'none'
  return {
    caseId,
    measured: kase.slaAppliedAt !== null,
    dueDate: kase.slaDueAt ? toIsoDate(kase.slaDueAt) : null,
    atRiskFrom: kase.slaAtRiskAt ? toIsoDate(kase.slaAtRiskAt) : null,
    state,
    complex: kase.complex,
    extendedTo: kase.extendedTo ? kase.extendedTo.toISOString().slice(0, 10) : null,
    doneAt: kase.slaDoneAt?.toISOString() ?? null,
    pauses: pauses.map((p) => ({ id: p.id, reason: p.reason, from: p.from.toISOString().slice(0, 10), to: p.to ? p.to.toISOString().slice(0, 10) : null })),
  }
}

function dateField(value: unknown, field: string, required: boolean): string | null {
  if ((value === undefined || value === null || value === '') && !required) return null
  const d = parseIsoDate(value)
  if (!d) throw new ServiceError('VALIDATION_FAILED', `${field} must be a date (YYYY-MM-DD).`, { fields: { [field]: { code: value ? 'invalidDate' : 'required' } } })
  return d
}

export async function recordPause(deps: Deps, actor: Actor, caseId: string, body: Record<string, unknown>): Promise<PauseView> {
  const kase = await visibleCase(deps, actor, caseId, 'case.pause')
  open(kase)
  const reason = typeof body.reason === 'string' && (PAUSE_REASONS as readonly string[]).includes(body.reason) ? body.reason : null
  if (!reason) throw new ServiceError('VALIDATION_FAILED', `reason must be one of ${PAUSE_REASONS.join(', ')}.`, { fields: { reason: { code: 'notAllowed' } } })
  const from = dateField(body.from, 'from', true)!
  const to = dateField(body.to, 'to', false)
  const today = toIsoDate(deps.clock.now())
  if (compareDates(from, today) > 0) throw new ServiceError('VALIDATION_FAILED', 'A pause cannot start in the future.', { fields: { from: { code: 'futureDate' } } })
  if (to && compareDates(to, from) < 0) throw new ServiceError('VALIDATION_FAILED', 'A pause cannot end before it starts.', { fields: { to: { code: 'endBeforeStart' } } })
  if (compareDates(from, kase.receivedAt.toISOString().slice(0, 10)) < 0) {
    throw new ServiceError('VALIDATION_FAILED', 'A pause cannot start before the application was received.', { fields: { from: { code: 'min' , params: { min: kase.receivedAt.toISOString().slice(0, 10) } } } })
  }
  const now = deps.clock.now()
  const pause = await deps.prisma.$transaction(async (tx) => {
    // a period is excluded once: a pause overlapping one already recorded (running or not) is refused
    const fromDate = new Date(`${from}T00:00:00Z`)
    const overlapping = await tx.casePause.count({
      where: { caseId, OR: [{ to: null }, { to: { gte: fromDate } }], ...(to ? { from: { lte: new Date(`${to}T00:00:00Z`) } } : {}) },
    })
    if (overlapping > 0) throw new ServiceError('VALIDATION_FAILED', 'The deadline is already paused in that period.', { fields: { from: { code: 'pauseOverlap' } } })
    const p = await tx.casePause.create({ data: { caseId, reason, from: new Date(`${from}T00:00:00Z`), to: to ? new Date(`${to}T00:00:00Z`) : null, createdById: actor.user.id, createdAt: now } })
    await tx.case.update({ where: { id: caseId }, data: { slaAppliedAt: null } })
    await tx.caseEvent.create({ data: { caseId, at: now, actorId: actor.user.id, type: 'deadline-paused', data: { pauseId: p.id, reason, from, to } } })
    await recordAudit(tx as never, actor, now, { action: 'case.pause', caseId, details: { pauseId: p.id, reason } })
    return p
  })
  return { id: pause.id, reason, from, to }
}

export async function endPause(deps: Deps, actor: Actor, caseId: string, pauseId: string, body: Record<string, unknown>): Promise<PauseView> {
  const kase = await visibleCase(deps, actor, caseId, 'case.pause-end')
  open(kase)
  const pause = await deps.prisma.casePause.findFirst({ where: { id: pauseId, caseId } })
  if (!pause) throw new ServiceError('NOT_FOUND', 'No such pause.')
  if (pause.to) throw new ServiceError('CONFLICT', 'The pause has ended already.')
  const to = dateField(body.to, 'to', true)!
  const from = pause.from.toISOString().slice(0, 10)
  if (compareDates(to, from) < 0) throw new ServiceError('VALIDATION_FAILED', 'A pause cannot end before it starts.', { fields: { to: { code: 'endBeforeStart' } } })
  if (compareDates(to, toIsoDate(deps.clock.now())) > 0) throw new ServiceError('VALIDATION_FAILED', 'A pause cannot end in the future.', { fields: { to: { code: 'futureDate' } } })
  const now = deps.clock.now()
  await deps.prisma.$transaction(async (tx) => {
    const ended = await tx.casePause.updateMany({ where: { id: pauseId, to: null }, data: { to: new Date(`${to}T00:00:00Z`) } })
    if (ended.count === 0) throw new ServiceError('CONFLICT', 'The pause has ended already.')
    await tx.case.update({ where: { id: caseId }, data: { slaAppliedAt: null } })
    await tx.caseEvent.create({ data: { caseId, at: now, actorId: actor.user.id, type: 'deadline-resumed', data: { pauseId, to } } })
    await recordAudit(tx as never, actor, now, { action: 'case.pause-end', caseId, details: { pauseId } })
  })
  return { id: pauseId, reason: pause.reason, from, to }
}

export async function setComplex(deps: Deps, actor: Actor, caseId: string, complex: unknown): Promise<CaseDeadlineView> {
  if (typeof complex !== 'boolean') throw new ServiceError('VALIDATION_FAILED', 'complex must be true or false.', { fields: { complex: { code: 'invalidType' } } })
  const kase = await visibleCase(deps, actor, caseId, 'case.complex')
  open(kase)
  const now = deps.clock.now()
  if (kase.complex !== complex) {
    await deps.prisma.$transaction(async (tx) => {
      await tx.case.update({ where: { id: caseId }, data: { complex, slaAppliedAt: null } })
      await tx.caseEvent.create({ data: { caseId, at: now, actorId: actor.user.id, type: complex ? 'marked-complex' : 'unmarked-complex', data: {} } })
      await recordAudit(tx as never, actor, now, { action: 'case.complex', caseId, details: { complex } })
    })
  }
  return caseDeadlineView(deps, actor, caseId, false)
}
