// Registers an application: validates it, stores Case, Persons, Incomes, the 'registered' history entry and
// the audit entry in ONE transaction, then starts the procedure with the case id as business key.
// Process variables carry ids and amounts only: PESEL numbers and names stay in our tables.
//
// The case number (sygnatura) is assigned right after the case is stored, so the answer carries it; the
// procedure's register-case step finds it there (it numbers cases started by other means).
//
// Who may register which procedure: registration-access.ts (403, audited as case.register-denied, nothing stored).
import { randomUUID } from 'node:crypto'
import { toIsoDate } from '../domain/local-date.ts'
import type { Actor } from '../users/actor.ts'
import { orderedId } from './ordered-id.ts'
import { auditData, recordAudit } from './audit.ts'
import type { ServiceDeps } from './deps.ts'
import { BENEFIT_APPLICATION, validateRegistration, type Registration } from './registration-input.ts'
import { ServiceError } from './service-error.ts'
import { assignCaseNumber } from './assign-case-number.ts'
import { ownerGroupFor } from './owner-groups.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { mayRegister, mayRegisterAny } from './registration-access.ts'

export interface RegisteredCase {
  id: string
  number: string | null
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

async function store(deps: ServiceDeps, actor: Actor, reg: Registration): Promise<StoredIds & { variables: Record<string, unknown> }> {
  const caseId = randomUUID()
  const now = deps.clock.now()
  const people = [
    { role: 'applicant', ...reg.applicant },
    ...reg.household.map((p) => ({ role: 'household', ...p })),
  ].map((p) => ({ id: orderedId(), ...p }))
  const personIds = new Map(people.map((p) => [p.pesel, p.id]))
  const variables = processVariables(caseId, reg, personIds)

  await deps.prisma.$transaction([
    deps.prisma.case.create({
      data: {
        id: caseId,
        procedure: reg.procedure,
        status: 'open',
        receivedAt: new Date(`${reg.receivedAt}T00:00:00Z`),
        urgent: reg.urgent,
        benefit: reg.benefit,
        ownerGroup: ownerGroupFor(reg.procedure, await loadRestrictions(deps.prisma)),
        variables: variables as object,
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
    }),
    deps.prisma.auditEvent.create({
      data: auditData(actor, now, { action: 'case.register', caseId, details: { procedure: reg.procedure } }),
    }),
  ])
  return { caseId, personIds, variables }
}

async function markStartFailed(deps: ServiceDeps, actor: Actor, caseId: string, err: unknown): Promise<never> {
  const now = deps.clock.now()
  deps.logger.error('starting the procedure failed; case kept as start-failed', { caseId }, err)
  await deps.prisma.$transaction([
    deps.prisma.case.update({ where: { id: caseId }, data: { status: 'start-failed' } }),
    deps.prisma.caseEvent.create({ data: { caseId, at: now, actorId: actor.user.id, type: 'start-failed', data: {} } }),
  ])
  throw new ServiceError(
    'ENGINE_UNAVAILABLE',
    'The application was saved, but the procedure could not be started. It is kept with status start-failed.',
    { details: { caseId } },
  )
}

/** 403 (audited, nothing stored) when the person may not register a case of the procedure asked for (registration-access.ts). */
async function assertMayRegister(deps: ServiceDeps, actor: Actor, body: unknown): Promise<void> {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).procedure : undefined
  const procedure = typeof raw === 'string' && raw !== '' && raw.length <= 100 ? raw : null
  if (mayRegisterAny(actor.user) && (procedure === null || mayRegister(actor.user, procedure))) return
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'case.register-denied', details: { procedure } })
  throw new ServiceError('FORBIDDEN', 'You may not register a case of this procedure.')
}

export async function registerCase(deps: ServiceDeps, actor: Actor, body: unknown): Promise<RegisteredCase> {
  await assertMayRegister(deps, actor, body)
  let procedures: string[]
  try {
    procedures = (await deps.engine.listProcesses()).map((p) => p.id)
  } catch (err) {
    deps.logger.error('listing the procedures failed; nothing stored', {}, err)
    throw new ServiceError('ENGINE_UNAVAILABLE', 'The process engine is not available; nothing was stored.')
  }
  const result = validateRegistration(body, { today: toIsoDate(deps.clock.now()), procedures })
  if (!result.ok) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), {
      action: 'case.register-rejected',
      details: { fields: Object.keys(result.fields).length },
    })
    throw new ServiceError('VALIDATION_FAILED', 'The application has errors.', { fields: result.fields })
  }
  const reg = result.value
  const { caseId, variables } = await store(deps, actor, reg)
  const number = await deps.prisma.$transaction((tx) =>
    assignCaseNumber(tx, caseId, deps.caseNumberPrefix, deps.clock.now(), actor.user.id),
  )

  let instanceId: string
  try {
    ;({ instanceId } = await deps.engine.startInstance({ processId: reg.procedure, businessKey: caseId, variables }))
  } catch (err) {
    return markStartFailed(deps, actor, caseId, err)
  }
  const stored = await deps.prisma.case.update({
    where: { id: caseId },
    data: { processInstanceId: instanceId },
    select: { number: true },
  })
  deps.logger.info('case registered', { caseId, procedure: reg.procedure, instanceId })
  return { id: caseId, number: stored.number ?? number }
}
