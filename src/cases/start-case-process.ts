// Starting a case's procedure so that a crash at any moment leaves the case either with its process or visibly
// start-pending, with any engine behind the port. The case is stored start-pending (startPendingSince) in its own
// transaction; whoever holds the claim (startRetryAt in the future: the registration for the grace period, then a
// retry that won the conditional claim) starts the instance with the case id as business key and then records it.
// A retry first asks the engine for an instance with that business key (the previous attempt may have crashed after
// the engine committed) and links it instead of starting a second. Should two attempts both start one (an attempt
// slower than the grace period), the one that records second cancels its own instance.
// Logs ids only; variables carry ids and amounts only (see register-case.ts).
import { startRetryDelayMs } from '../../domain/start-retry.ts'
import type { StartInstance } from '../../engine/start-event-cases.ts'
import type { Actor } from '../users/actor.ts'
import type { ServiceDeps } from './deps.ts'
import { ServiceError } from './service-error.ts'

/** How long an attempt in progress has before another may try (CASE_START_GRACE_MS). */
export const DEFAULT_START_GRACE_MS = 30_000

export const startGraceMs = (deps: Pick<ServiceDeps, 'caseStartGraceMs'>): number => deps.caseStartGraceMs ?? DEFAULT_START_GRACE_MS

export interface PendingCase {
  id: string
  procedure: string
  variables: unknown
  /** Including the attempt being made. */
  startAttempts: number
}

export type StartResult = { ok: true; instanceId: string; linked: boolean } | { ok: false; retryAt: Date }

export interface Attempt {
  /** Who asked: the registrant, a client repeating its request, or null for the pending-start round (system). */
  actor: Actor | null
  /** A retry looks for an instance the engine already has; the registration's first attempt cannot have one. */
  retry: boolean
}

/** The answer to a registration whose procedure is not started yet: 503, the case id, nothing else. */
export function startPendingError(caseId: string): ServiceError {
  return new ServiceError(
    'ENGINE_UNAVAILABLE',
    'The application was saved, but its procedure has not been started yet; it is retried automatically.',
    { details: { caseId } },
  )
}

/**
 * Starts (or links) the procedure of a start-pending case whose claim the caller holds. `start` is the engine's start
 * (an engine starting an instance for a start event passes its own: start-event-cases.ts).
 */
export async function startClaimedCase(
  deps: ServiceDeps,
  kase: PendingCase,
  attempt: Attempt,
  start: StartInstance = (request) => deps.engine.startInstance(request),
): Promise<StartResult> {
  let instanceId: string
  let linked = false
  try {
    const existing = attempt.retry ? await deps.engine.findInstanceByBusinessKey(kase.procedure, kase.id) : null
    if (existing) {
      instanceId = existing.instanceId
      linked = true
    } else {
      const variables = kase.variables as Record<string, unknown>
      ;({ instanceId } = await start({ processId: kase.procedure, businessKey: kase.id, variables }))
    }
  } catch (err) {
    return { ok: false, retryAt: await recordFailure(deps, kase, attempt, err) }
  }
  const recorded = await recordStarted(deps, kase, instanceId, linked, attempt)
  if (recorded !== instanceId) {
    // another attempt recorded its instance first: ours is a duplicate
    deps.logger.warn('procedure started twice; the later instance is canceled', { caseId: kase.id, instanceId, kept: recorded })
    await deps.engine.cancelInstance(instanceId).catch((err) => deps.logger.error('canceling the duplicate instance failed', { caseId: kase.id, instanceId }, err))
    return { ok: true, instanceId: recorded, linked: true }
  }
  deps.logger.info(attempt.retry ? 'case start retried' : 'case registered', { caseId: kase.id, procedure: kase.procedure, instanceId, attempt: kase.startAttempts, linked })
  return { ok: true, instanceId, linked }
}

/**
 * Claims a start-pending case whose next attempt is due (a conditional update: of several processes or requests only
 * one wins) and makes the attempt. Null when the case is not pending, not due, or another claimed it.
 */
export async function retryCaseStart(deps: ServiceDeps, caseId: string, actor: Actor | null): Promise<StartResult | null> {
  const now = deps.clock.now()
  const claimed = await deps.prisma.case.updateMany({
    where: { id: caseId, startPendingSince: { not: null }, processInstanceId: null, startRetryAt: { lte: now } },
    data: { startRetryAt: new Date(now.getTime() + startGraceMs(deps)), startAttempts: { increment: 1 } },
  })
  if (claimed.count !== 1) return null
  const kase = await deps.prisma.case.findUniqueOrThrow({
    where: { id: caseId },
    select: { id: true, procedure: true, variables: true, startAttempts: true },
  })
  return startClaimedCase(deps, kase, { actor, retry: true })
}

/** The instance that is now the case's: ours, or the one another attempt recorded first. */
async function recordStarted(deps: ServiceDeps, kase: PendingCase, instanceId: string, linked: boolean, attempt: Attempt): Promise<string> {
  const now = deps.clock.now()
  return deps.prisma.$transaction(async (tx) => {
    const updated = await tx.case.updateMany({
      where: { id: kase.id, processInstanceId: null },
      data: { processInstanceId: instanceId, startPendingSince: null, startRetryAt: null },
    })
    if (updated.count === 0) {
      const current = await tx.case.findUniqueOrThrow({ where: { id: kase.id }, select: { processInstanceId: true } })
      return current.processInstanceId ?? instanceId
    }
    if (attempt.retry) {
      const actorId = attempt.actor?.user.id ?? null
      await tx.caseEvent.create({ data: { caseId: kase.id, at: now, actorId, type: 'start-retried', data: { attempt: kase.startAttempts, linked } } })
      await tx.auditEvent.create({
        data: { at: now, userId: actorId, action: 'case.start-retried', caseId: kase.id, ip: attempt.actor?.ip ?? null, details: { attempt: kase.startAttempts, linked } },
      })
    }
    return instanceId
  })
}

/** The case stays start-pending; the next attempt is due after the backoff. Returns when. */
async function recordFailure(deps: ServiceDeps, kase: PendingCase, attempt: Attempt, err: unknown): Promise<Date> {
  const now = deps.clock.now()
  const retryAt = new Date(now.getTime() + startRetryDelayMs(kase.startAttempts, startGraceMs(deps)))
  deps.logger.error('starting the procedure failed; the case stays start-pending', { caseId: kase.id, attempt: kase.startAttempts, retryAt: retryAt.toISOString() }, err)
  const actorId = attempt.actor?.user.id ?? null
  await deps.prisma.$transaction([
    deps.prisma.case.updateMany({ where: { id: kase.id, processInstanceId: null }, data: { startRetryAt: retryAt } }),
    deps.prisma.caseEvent.create({ data: { caseId: kase.id, at: now, actorId, type: 'start-failed', data: { attempt: kase.startAttempts } } }),
    // the registration's own failure is part of its case.register entry; a retry's is a change of its own
    ...(attempt.retry
      ? [deps.prisma.auditEvent.create({
          data: { at: now, userId: actorId, action: 'case.start-failed', caseId: kase.id, ip: attempt.actor?.ip ?? null, details: { attempt: kase.startAttempts } },
        })]
      : []),
  ])
  return retryAt
}
