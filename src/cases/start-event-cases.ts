// A case for every instance a message, timer or signal start event starts, the same on both engines (the engines hand such
// starts to this hook: engine/start-event-cases.ts). The case is stored first, start-pending, in one transaction with
// its number, its history entry and its audit entry; then the instance is started through the engine's own start with
// the case id as business key and linked to the case (start-case-process.ts). A start that fails or is cut short
// leaves the case start-pending: the pending-start round starts it, or links the instance the engine already has.
//
// The case: procedure = the process id, received on the start's Warsaw day (the due time of a timer, the delivery of
// a message), no person, the procedure's owner group, a case number like any other. Case.startKey makes a start
// delivered twice one case: "timer:<processId>@<due time>" per occurrence; for a message
// "message:<processId>:<correlation key>#<n>", n being how many cases of the procedure had that key before, so that
// while one is open a message with its key makes none (Zeebe's one active instance per correlation key) and two
// concurrent deliveries compute the same key (one wins); for a signal "signal:<processId>:<throw id>" (one case per
// process and throw). Logs and audit carry ids and the message name only: the
// correlation key and the message's variables may be personal data.
import { randomUUID } from 'node:crypto'
import { toIsoDate } from '../../domain/local-date.ts'
import type { StartEventCases, StartEventRequest, StartInstance } from '../../engine/start-event-cases.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { assignCaseNumber } from './assign-case-number.ts'
import type { ServiceDeps } from './deps.ts'
import { ownerGroupFor } from './owner-groups.ts'
import { isUniqueViolation } from './registration-keys.ts'
import { startClaimedCase, startGraceMs } from './start-case-process.ts'

const CLOSED_INSTANCE = ['completed', 'canceled']

/** The app's hook: see the module header. */
export function startEventCases(deps: ServiceDeps): StartEventCases {
  return (request, start) => startEventCase(deps, request, start)
}

async function startEventCase(deps: ServiceDeps, request: StartEventRequest, start: StartInstance): Promise<boolean> {
  const startKey = await startKeyOf(deps, request)
  if (startKey === null) return false
  if (await deps.prisma.case.findUnique({ where: { startKey }, select: { id: true } })) return false
  let caseId: string
  try {
    caseId = await store(deps, request, startKey)
  } catch (err) {
    if (isUniqueViolation(err)) return false // another delivery stored it first
    throw err
  }
  const variables = { ...request.variables, caseId }
  const started = await startClaimedCase(deps, { id: caseId, procedure: request.processId, variables, startAttempts: 1 }, { actor: null, retry: false }, start)
  return started.ok
}

/** The case's start key; null for a message whose correlation key has an open case of the procedure. */
async function startKeyOf(deps: ServiceDeps, { processId, trigger }: StartEventRequest): Promise<string | null> {
  if (trigger.kind === 'timer') return `timer:${processId}@${trigger.dueAt.toISOString()}`
  if (trigger.kind === 'signal') return `signal:${processId}:${trigger.throwId}`
  const earlier = await deps.prisma.case.findMany({
    where: { procedure: processId, correlationKey: trigger.correlationKey },
    select: { processInstanceId: true },
  })
  const instanceIds = earlier.map((c) => c.processInstanceId).filter((id): id is string => id !== null)
  if (earlier.length > instanceIds.length) return null // one is still start-pending
  // open: a case's instance, or one started with the key as business key before cases were made for message starts
  const open = await deps.prisma.processInstance.count({
    where: {
      processId,
      status: { notIn: CLOSED_INSTANCE },
      OR: [{ id: { in: instanceIds } }, { businessKey: trigger.correlationKey }],
    },
  })
  if (open > 0) return null
  return `message:${processId}:${trigger.correlationKey}#${earlier.length}`
}

/** Stores the case start-pending with its number, history and audit entries; returns its id. */
async function store(deps: ServiceDeps, { processId, trigger, variables }: StartEventRequest, startKey: string): Promise<string> {
  const caseId = randomUUID()
  const now = deps.clock.now()
  const startedAt = trigger.kind === 'timer' ? trigger.dueAt : now
  // read before the transaction: PGlite has one connection
  const ownerGroup = ownerGroupFor(processId, await loadRestrictions(deps.prisma))
  const event = trigger.kind === 'timer'
    ? { type: 'started-by-timer', data: { elementId: trigger.elementId, dueAt: trigger.dueAt.toISOString() } }
    : trigger.kind === 'signal'
      ? { type: 'started-by-signal', data: { signalName: trigger.signalName } }
      : { type: 'started-by-message', data: { messageName: trigger.messageName } }
  await deps.prisma.$transaction(async (tx) => {
    await tx.case.create({
      data: {
        id: caseId,
        procedure: processId,
        status: 'open',
        receivedAt: new Date(`${toIsoDate(startedAt)}T00:00:00Z`),
        ownerGroup,
        variables: { ...variables, caseId } as object,
        startKey,
        correlationKey: trigger.kind === 'message' ? trigger.correlationKey : null,
        startPendingSince: now,
        startRetryAt: new Date(now.getTime() + startGraceMs(deps)),
        startAttempts: 1,
        createdAt: now,
        events: { create: { at: now, actorId: null, ...event } },
      },
    })
    await tx.auditEvent.create({
      data: {
        at: now,
        userId: null,
        action: `case.create-by-${trigger.kind}`,
        caseId,
        ip: null,
        details: { procedure: processId, ...event.data },
      },
    })
    await assignCaseNumber(tx, caseId, deps.caseNumberPrefix, now)
  })
  deps.logger.info('case created by a start event', { caseId, procedure: processId, trigger: trigger.kind })
  return caseId
}
