// What happens to an issued decision outside the centre, told to the procedure as messages (correlation key:
// the case id): its delivery (decision-delivered), an appeal filed with the centre (appeal-filed) and the
// appeal board's ruling (sko-ruling). Caseworkers and managers of the case may record them; every record and
// refusal is audited. A message the procedure is not waiting for is refused (NOT_WAITING), never buffered.
import type { Actor } from '../users/actor.ts'
import { ADMINS, CASEWORKERS, MANAGERS } from '../users/groups.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError, type FieldIssues } from '../cases/service-error.ts'
import { compareDates, parseIsoDate, toIsoDate, type IsoDate } from '../../domain/local-date.ts'
import { appealDeadline } from '../../domain/appeal-deadline.ts'
import { MessageName } from '../../workers/message-names.ts'
import { RECORDED_BY } from '../../workers/recorded-by.ts'
import { loadBenefitCase } from './case-process.ts'

export const DECISION_DELIVERED = MessageName.decisionDelivered
export const APPEAL_FILED = MessageName.appealFiled
export const SKO_RULING = MessageName.skoRuling
export const SKO_RULINGS = ['upheld', 'overturned'] as const

export type DecisionEventResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; reason: 'NOT_WAITING' }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function mayRecord(actor: Actor): boolean {
  return [CASEWORKERS, MANAGERS, ADMINS].some((g) => actor.user.groups.includes(g))
}

/** A date another date may not precede or pass: its value and the name messages use for it (i18n `dateNames`). */
interface DateLimit {
  date: IsoDate | null
  what: string
}

/** A date field: required, a real date, not after today (Warsaw), not before `notBefore` nor after `notAfter`,
 *  a refusal naming that other date ("… niż data wydania decyzji (10.03.2026)"). */
function dateField(body: Record<string, unknown>, key: string, today: IsoDate, fields: FieldIssues, notBefore?: DateLimit, notAfter?: DateLimit): IsoDate | null {
  const raw = body[key]
  if (raw === undefined || raw === null || raw === '') {
    fields[key] = { code: 'required' }
    return null
  }
  const date = parseIsoDate(raw)
  if (!date) fields[key] = { code: 'invalidDate' }
  else if (compareDates(date, today) > 0) fields[key] = { code: 'futureDate' }
  else if (notBefore?.date && compareDates(date, notBefore.date) < 0) fields[key] = { code: 'minDateOf', params: { min: notBefore.date, what: notBefore.what } }
  else if (notAfter?.date && compareDates(date, notAfter.date) > 0) fields[key] = { code: 'maxDateOf', params: { max: notAfter.date, what: notAfter.what } }
  else return date
  return null
}

/** The process variable `name` as a date limit. */
const limit = (variables: Record<string, unknown>, name: string): DateLimit => ({ date: parseIsoDate(variables[name]), what: name })

async function publish(
  deps: ServiceDeps,
  actor: Actor,
  caseId: string,
  action: string,
  message: string,
  variables: Record<string, unknown>,
  answer: Record<string, unknown>,
): Promise<DecisionEventResult> {
  const waiting = await deps.prisma.messageSubscription.count({ where: { messageName: message, correlationKey: caseId, status: 'open' } })
  // recordedBy: the history entry the procedure writes for this event names this person (workers/recorded-by.ts)
  const sent = { ...variables, [RECORDED_BY]: actor.user.id }
  const { correlated } = waiting > 0 ? await deps.engine.publishMessage({ name: message, correlationKey: caseId, variables: sent, timeToLiveMs: 0 }) : { correlated: 0 }
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: correlated > 0 ? action : `${action}-not-waiting`,
    caseId,
    details: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : null])),
  })
  if (correlated === 0) return { ok: false, reason: 'NOT_WAITING' }
  deps.logger.info('decision event recorded', { caseId, message })
  return { ok: true, value: { caseId, ...answer } }
}

async function prepare(deps: ServiceDeps, actor: Actor, caseId: string, action: string, body: unknown) {
  const loaded = await loadBenefitCase(deps, actor, caseId, action)
  if (!mayRecord(actor)) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: `${action}-denied`, caseId })
    throw new ServiceError('FORBIDDEN', 'Only caseworkers and managers record decision events.')
  }
  if (!isObject(body)) throw new ServiceError('VALIDATION_FAILED', 'The body must be an object.', { fields: { body: { code: 'invalidType' } } })
  return { ...loaded, body, today: toIsoDate(deps.clock.now()) }
}

function rejectFields(fields: FieldIssues): void {
  if (Object.keys(fields).length) throw new ServiceError('VALIDATION_FAILED', 'The request has errors.', { fields })
}

/** POST /api/cases/:id/delivery {deliveredAt}: the decision was delivered; the appeal period starts. */
export async function recordDelivery(deps: ServiceDeps, actor: Actor, caseId: string, body: unknown): Promise<DecisionEventResult> {
  const p = await prepare(deps, actor, caseId, 'case.decision-delivered', body)
  const fields: FieldIssues = {}
  const deliveredAt = dateField(p.body, 'deliveredAt', p.today, fields, limit(p.variables, 'decisionIssuedDate'))
  rejectFields(fields)
  const deadline = appealDeadline(deliveredAt!)
  return publish(deps, actor, caseId, 'case.decision-delivered', DECISION_DELIVERED, { deliveredAt }, { deliveredAt, appealDeadline: deadline.date })
}

/** POST /api/cases/:id/appeal {filedAt}: an appeal was filed within the period (art. 129, 57 § 5). */
export async function recordAppeal(deps: ServiceDeps, actor: Actor, caseId: string, body: unknown): Promise<DecisionEventResult> {
  const p = await prepare(deps, actor, caseId, 'case.appeal-filed', body)
  const fields: FieldIssues = {}
  const filedAt = dateField(p.body, 'filedAt', p.today, fields, limit(p.variables, 'deliveredAt'), limit(p.variables, 'appealDeadlineDate'))
  rejectFields(fields)
  return publish(deps, actor, caseId, 'case.appeal-filed', APPEAL_FILED, { appealFiledAt: filedAt }, { filedAt })
}

/** POST /api/cases/:id/sko-ruling {ruling, ruledAt}: the appeal board upheld or overturned the decision. */
export async function recordSkoRuling(deps: ServiceDeps, actor: Actor, caseId: string, body: unknown): Promise<DecisionEventResult> {
  const p = await prepare(deps, actor, caseId, 'case.sko-ruling', body)
  const fields: FieldIssues = {}
  const ruling = p.body.ruling
  if (ruling === undefined || ruling === null || ruling === '') fields.ruling = { code: 'required' }
  else if (typeof ruling !== 'string' || !(SKO_RULINGS as readonly string[]).includes(ruling)) fields.ruling = { code: 'notAllowed' }
  const ruledAt = dateField(p.body, 'ruledAt', p.today, fields, limit(p.variables, 'appealFiledAt'))
  rejectFields(fields)
  return publish(deps, actor, caseId, 'case.sko-ruling', SKO_RULING, { skoRuling: ruling, skoRuledAt: ruledAt }, { ruling, ruledAt })
}
