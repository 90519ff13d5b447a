// Absences (cover): a person records the Warsaw days they are away (from–to, inclusive) and who stands in for
// them; a manager may record one for anyone. While the absence runs, a task assigned to the person goes to the
// substitute instead (assign-task.ts), marked with Task.substituteFor — only a task the substitute may do: never a
// restricted procedure's task to a substitute outside its allowed groups (assign-task.ts, src/sla/route-to-substitute.ts
// check it when they route). Managers see every current and future absence; others see their own and those they cover.
import type { Absence } from '../generated/prisma/client.ts'
import { compareDates, parseIsoDate, toIsoDate, type IsoDate } from '../../domain/local-date.ts'
import type { Actor } from '../users/actor.ts'
import { toAuthUser, withGroups, type AuthUser } from '../users/auth-user.ts'
import { isPrivileged } from '../users/groups.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError, type FieldIssues } from '../cases/service-error.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

export interface AbsenceView {
  id: string
  login: string
  from: IsoDate
  to: IsoDate
  substitute: string
  /** the absence runs today (Warsaw) */
  current: boolean
  createdAt: string
}

const dateValue = (d: IsoDate): Date => new Date(`${d}T00:00:00Z`)
const isoOf = (d: Date): IsoDate => d.toISOString().slice(0, 10)

function view(a: Absence, today: IsoDate): AbsenceView {
  const from = isoOf(a.from)
  const to = isoOf(a.to)
  return {
    id: a.id,
    login: a.login,
    from,
    to,
    substitute: a.substitute,
    current: compareDates(from, today) <= 0 && compareDates(today, to) <= 0,
    createdAt: a.createdAt.toISOString(),
  }
}

async function activeUser(deps: Deps, login: string): Promise<AuthUser | null> {
  const user = await deps.prisma.user.findUnique({ where: { login }, include: withGroups })
  return user && user.active ? toAuthUser(user) : null
}

export async function listAbsences(deps: Deps, actor: Actor): Promise<AbsenceView[]> {
  const today = toIsoDate(deps.clock.now())
  const mineOnly = isPrivileged(actor.user.groups)
    ? {}
    : { OR: [{ login: actor.user.login }, { substitute: actor.user.login }] }
  const rows = await deps.prisma.absence.findMany({
    where: { canceledAt: null, to: { gte: dateValue(today) }, ...mineOnly },
    orderBy: [{ from: 'asc' }, { login: 'asc' }],
    take: 500,
  })
  return rows.map((a) => view(a, today))
}

export async function recordAbsence(deps: Deps, actor: Actor, body: unknown): Promise<AbsenceView> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const now = deps.clock.now()
  const today = toIsoDate(now)
  const login = typeof b.login === 'string' && b.login.trim() !== '' ? b.login.trim() : actor.user.login
  if (login !== actor.user.login && !isPrivileged(actor.user.groups)) {
    await recordAudit(deps.prisma, actor, now, { action: 'absence.create-denied' })
    throw new ServiceError('FORBIDDEN', 'Only managers may record another person’s absence.')
  }
  const fields: FieldIssues = {}
  const person = await activeUser(deps, login)
  if (!person) fields.login = { code: 'notAllowed' }
  const from = parseIsoDate(b.from)
  const to = parseIsoDate(b.to)
  if (!from) fields.from = { code: b.from === undefined || b.from === '' ? 'required' : 'invalidDate' }
  if (!to) fields.to = { code: b.to === undefined || b.to === '' ? 'required' : 'invalidDate' }
  if (from && to && compareDates(to, from) < 0) fields.to = { code: 'endBeforeStart' }
  else if (to && compareDates(to, today) < 0) fields.to = { code: 'inPast' }
  const substituteLogin = typeof b.substitute === 'string' ? b.substitute.trim() : ''
  const substitute = substituteLogin ? await activeUser(deps, substituteLogin) : null
  if (!substituteLogin) fields.substitute = { code: 'required' }
  else if (!substitute || substitute.login === login || (person && !substitute.groups.some((g) => person.groups.includes(g)))) {
    fields.substitute = { code: 'substituteNotEligible' }
  }
  if (Object.keys(fields).length === 0 && from && to) {
    const overlapping = await deps.prisma.absence.count({
      where: { login, canceledAt: null, from: { lte: dateValue(to) }, to: { gte: dateValue(from) } },
    })
    if (overlapping > 0) fields.from = { code: 'absenceOverlap' }
    // two people covering each other at the same time would leave both their tasks with nobody
    const circular = await deps.prisma.absence.count({
      where: { login: substitute!.login, substitute: login, canceledAt: null, from: { lte: dateValue(to) }, to: { gte: dateValue(from) } },
    })
    if (circular > 0) fields.substitute = { code: 'substituteCircular' }
  }
  if (Object.keys(fields).length > 0 || !from || !to || !substitute) {
    throw new ServiceError('VALIDATION_FAILED', 'The absence has errors.', { fields })
  }
  const row = await deps.prisma.absence.create({
    data: { login, from: dateValue(from), to: dateValue(to), substitute: substitute.login, createdById: actor.user.id, createdAt: now },
  })
  await recordAudit(deps.prisma, actor, now, { action: 'absence.create', details: { absenceId: row.id, forSelf: login === actor.user.login } })
  return view(row, today)
}

export async function cancelAbsence(deps: Deps, actor: Actor, id: string): Promise<void> {
  const row = await deps.prisma.absence.findUnique({ where: { id } })
  const now = deps.clock.now()
  const privileged = isPrivileged(actor.user.groups)
  if (!row || row.canceledAt !== null || (!privileged && row.login !== actor.user.login && row.substitute !== actor.user.login)) {
    throw new ServiceError('NOT_FOUND', 'No such absence.')
  }
  if (!privileged && row.login !== actor.user.login) {
    await recordAudit(deps.prisma, actor, now, { action: 'absence.cancel-denied', details: { absenceId: id } })
    throw new ServiceError('FORBIDDEN', 'Only the absent person or a manager may cancel an absence.')
  }
  await deps.prisma.absence.update({ where: { id }, data: { canceledAt: now } })
  await recordAudit(deps.prisma, actor, now, { action: 'absence.cancel', details: { absenceId: id } })
}

/**
 * Who takes a task meant for `login` at `now`: null when the person is not absent; else their substitute,
 * following substitutes who are away themselves (at most 5 steps; a loop back gives null for `to`).
 */
export async function substituteOf(deps: Deps, login: string, now: Date): Promise<{ to: string | null } | null> {
  const today = dateValue(toIsoDate(now))
  const seen = new Set([login])
  let current = login
  for (let step = 0; step < 5; step++) {
    const absence = await deps.prisma.absence.findFirst({
      where: { login: current, canceledAt: null, from: { lte: today }, to: { gte: today } },
      orderBy: { createdAt: 'desc' },
    })
    if (!absence) return step === 0 ? null : { to: current }
    if (seen.has(absence.substitute)) return { to: null }
    seen.add(absence.substitute)
    current = absence.substitute
  }
  return { to: null }
}
