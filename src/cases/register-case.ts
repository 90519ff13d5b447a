// Registers an application: validates it, stores Case, Persons, Incomes, its number (sygnatura), the 'registered'
// and 'number-assigned' history entries, the audit entry and the client's Idempotency-Key in ONE transaction, the
// case marked start-pending; then starts the procedure with the case id as business key and records the instance
// (start-case-process.ts). A crash after the commit leaves the case start-pending: the pending-start round
// (retry-pending-starts.ts) starts it, or links the instance the engine already has, once the grace period is over.
// Process variables carry ids and amounts only: PESEL numbers and names stay in our tables. A procedure whose start
// event links a form registers with that form (start-form.ts): its values are stored on the case (Case.startForm),
// the person it marks becomes the case's person, and only the fields it marks as process variables (no free text,
// no PESEL, no names: start-form-fields.ts) are passed to the procedure.
//
// Idempotency-Key: the same key from the same user with the same body answers the first case (201, same id and
// number; a case still start-pending is tried again if due, else 503 as the first answer was); another body under
// the key is refused (422 IDEMPOTENCY_KEY_REUSED); of concurrent requests with one key one stores the case (the key's
// primary key), the others answer it. Input nested too deeply is refused (422) before anything is read or stored.
//
// Who may register which procedure: registration-access.ts (403, audited as case.register-denied, nothing stored).
import { randomUUID } from 'node:crypto'
import { parseIdempotencyKey } from '../../domain/idempotency-key.ts'
import { toIsoDate } from '../../domain/local-date.ts'
import type { Actor } from '../users/actor.ts'
import { orderedId } from './ordered-id.ts'
import { auditData, recordAudit } from './audit.ts'
import type { ServiceDeps } from './deps.ts'
import { BENEFIT_APPLICATION, nestingIssues, validateRegistration, type Registration } from './registration-input.ts'
import { ServiceError, type FieldIssues } from './service-error.ts'
import { assignCaseNumber } from './assign-case-number.ts'
import { ownerGroupFor } from './owner-groups.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { mayRegister, mayRegisterAny } from './registration-access.ts'
import { requestHash } from './request-hash.ts'
import { findRegistrationKey, isUniqueViolation, storeRegistrationKey, type RegistrationKeyRequest } from './registration-keys.ts'
import { loadStartForm, type StartForm } from './start-form.ts'
import { retryCaseStart, startClaimedCase, startGraceMs, startPendingError } from './start-case-process.ts'

export interface RegistrationOptions {
  /** The client's Idempotency-Key header, or the registration page's one-time key; undefined or null: none. */
  idempotencyKey?: unknown
}

export interface RegisteredCase {
  id: string
  number: string | null
  /** True when the answer is the earlier registration under the same Idempotency-Key. */
  replayed: boolean
}

interface StoredIds {
  caseId: string
  personIds: Map<string, string>
}

/** The variables the procedure starts with. */
export function processVariables(caseId: string, reg: Registration, personIds: Map<string, string>): Record<string, unknown> {
  const common = {
    caseId,
    receivedAt: reg.receivedAt,
    urgent: reg.urgent,
    householdSize: 1 + reg.household.length,
    incomes: reg.incomes.map((i) => ({ personId: personIds.get(i.pesel) ?? null, monthlyNet: i.monthlyNet })),
  }
  if (reg.procedure === BENEFIT_APPLICATION) return { ...common, benefit: reg.benefit }
  return { ...reg.variables, ...common, ...(reg.benefit ? { benefit: reg.benefit } : {}) }
}

async function store(deps: ServiceDeps, actor: Actor, reg: Registration, key: RegistrationKeyRequest | null, startForm: StartForm | null): Promise<StoredIds & { variables: Record<string, unknown>; number: string | null }> {
  const caseId = randomUUID()
  const now = deps.clock.now()
  const people = [
    ...(reg.applicant ? [{ role: 'applicant', ...reg.applicant }] : []),
    ...reg.household.map((p) => ({ role: 'household', ...p })),
  ].map((p) => ({ id: orderedId(), ...p }))
  const personIds = new Map(people.map((p) => [p.pesel, p.id]))
  const variables = processVariables(caseId, reg, personIds)
  // read before the transaction: PGlite has one connection, and a read outside a transaction waits for it to end
  const ownerGroup = ownerGroupFor(reg.procedure, await loadRestrictions(deps.prisma))

  const number = await deps.prisma.$transaction(async (tx) => {
    // first, so that a concurrent request with the same key waits here and then fails on the primary key
    if (key) await storeRegistrationKey(tx, actor.user.id, key, caseId, now)
    await tx.case.create({
      data: {
        id: caseId,
        procedure: reg.procedure,
        status: 'open',
        receivedAt: new Date(`${reg.receivedAt}T00:00:00Z`),
        urgent: reg.urgent,
        benefit: reg.benefit,
        ownerGroup,
        variables: variables as object,
        startForm: startForm && reg.startFormValues ? { formId: startForm.formId, version: startForm.version, values: reg.startFormValues } as object : undefined,
        startPendingSince: now,
        startRetryAt: new Date(now.getTime() + startGraceMs(deps)),
        startAttempts: 1,
        createdById: actor.user.id,
        createdAt: now,
        persons: { create: people },
        incomes: { create: reg.incomes.map((i) => ({ id: orderedId(), pesel: i.pesel, monthlyNet: i.monthlyNet.toFixed(2) })) },
        events: {
          create: {
            at: now,
            actorId: actor.user.id,
            type: 'registered',
            data: { procedure: reg.procedure, householdSize: people.length, incomes: reg.incomes.length },
          },
        },
      },
    })
    await tx.auditEvent.create({
      data: auditData(actor, now, { action: 'case.register', caseId, details: { procedure: reg.procedure } }),
    })
    return assignCaseNumber(tx, caseId, deps.caseNumberPrefix, now, actor.user.id)
  })
  return { caseId, personIds, variables, number }
}

/** 403 (audited, nothing stored) when the person may not register a case of the procedure asked for (registration-access.ts). */
async function assertMayRegister(deps: ServiceDeps, actor: Actor, body: unknown): Promise<void> {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).procedure : undefined
  const procedure = typeof raw === 'string' && raw !== '' && raw.length <= 100 ? raw : null
  if (mayRegisterAny(actor.user) && (procedure === null || mayRegister(actor.user, procedure))) return
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'case.register-denied', details: { procedure } })
  throw new ServiceError('FORBIDDEN', 'You may not register a case of this procedure.')
}

async function refuse(deps: ServiceDeps, actor: Actor, fields: FieldIssues, message: string): Promise<never> {
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: 'case.register-rejected',
    details: { fields: Object.keys(fields).length },
  })
  throw new ServiceError('VALIDATION_FAILED', message, { fields })
}

/** The earlier registration under the key, answered again; null when the key is unused. */
async function replay(deps: ServiceDeps, actor: Actor, key: RegistrationKeyRequest): Promise<RegisteredCase | null> {
  const hit = await findRegistrationKey(deps.prisma, actor.user.id, key, deps.clock.now())
  if (!hit) return null
  if (!hit.sameRequest) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), {
      action: 'case.register-rejected',
      caseId: hit.caseId,
      details: { reason: 'idempotency-key-reused' },
    })
    throw new ServiceError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different application.')
  }
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'case.register-replayed', caseId: hit.caseId })
  const kase = await deps.prisma.case.findUniqueOrThrow({ where: { id: hit.caseId }, select: { number: true, startPendingSince: true } })
  if (kase.startPendingSince) {
    // the first request may have died before starting it: try now if the attempt is due, else answer as it did
    const result = await retryCaseStart(deps, hit.caseId, actor)
    if (!result?.ok) throw startPendingError(hit.caseId)
  }
  return { id: hit.caseId, number: kase.number, replayed: true }
}

export async function registerCase(deps: ServiceDeps, actor: Actor, body: unknown, options: RegistrationOptions = {}): Promise<RegisteredCase> {
  await assertMayRegister(deps, actor, body)
  const parsedKey = parseIdempotencyKey(options.idempotencyKey)
  if (!parsedKey.valid) {
    await refuse(deps, actor, { 'Idempotency-Key': { code: 'pattern' } }, 'The Idempotency-Key must be 1 to 128 characters: letters, digits and . _ : ~ -')
  }
  const tooDeep = nestingIssues(body)
  if (Object.keys(tooDeep).length > 0) await refuse(deps, actor, tooDeep, 'The application is nested too deeply.')
  const key = parsedKey.valid && parsedKey.key !== null ? { key: parsedKey.key, hash: requestHash(body) } : null
  if (key) {
    const earlier = await replay(deps, actor, key)
    if (earlier) return earlier
  }

  let procedures: string[]
  try {
    procedures = (await deps.engine.listProcesses()).map((p) => p.id)
  } catch (err) {
    deps.logger.error('listing the procedures failed; nothing stored', {}, err)
    throw new ServiceError('ENGINE_UNAVAILABLE', 'The process engine is not available; nothing was stored.')
  }
  const chosen = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).procedure : undefined
  const startForm = typeof chosen === 'string' && procedures.includes(chosen) ? await loadStartForm(deps.prisma, chosen) : null
  const result = validateRegistration(body, { today: toIsoDate(deps.clock.now()), procedures, startForm: startForm?.schema ?? null })
  if (!result.ok) return refuse(deps, actor, result.fields, 'The application has errors.')
  const reg = result.value

  let stored: Awaited<ReturnType<typeof store>>
  try {
    stored = await store(deps, actor, reg, key, reg.startFormValues ? startForm : null)
  } catch (err) {
    // a concurrent request with the same key committed its case first: answer that one
    const earlier = key && isUniqueViolation(err) ? await replay(deps, actor, key) : null
    if (earlier) return earlier
    throw err
  }
  const started = await startClaimedCase(
    deps,
    { id: stored.caseId, procedure: reg.procedure, variables: stored.variables, startAttempts: 1 },
    { actor, retry: false },
  )
  if (!started.ok) throw startPendingError(stored.caseId)
  return { id: stored.caseId, number: stored.number, replayed: false }
}
