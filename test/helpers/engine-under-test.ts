// The engine the engine suites run against. TEST_ENGINE=embedded (the default) builds the EmbeddedEngine as the
// tests always have (scheduler loop off: tests drive time with a FakeClock and runDueWork); TEST_ENGINE=operaton
// builds the Operaton adapter's test engine on the nodes in OPERATON_URL. Only test helpers read TEST_ENGINE.
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import type { JobHandler } from '../../engine/job.ts'
import type { DeploymentGuard, WorkflowEngine } from '../../engine/port.ts'
import { createOperatonTestEngine } from '../../engine/operaton/operaton-test-engine.ts'
import { operatonUrls } from './operaton.ts'

export type TestEngineKind = 'embedded' | 'operaton'

/** An engine of either kind with the two test hooks both offer. */
export type TestEngine = WorkflowEngine & {
  /** Resolves when no work is runnable now and the tables the app reads (Task, ProcessInstance, Job, Timer,
   * MessageSubscription) show the engine's state. */
  idle(): Promise<void>
  /** Fires the timers and hands out the jobs that are due at the clock's time. */
  runDueWork(): Promise<unknown>
}

export interface TestEngineOptions {
  prisma: PrismaClient
  /** The engine's clock: a FakeClock in tests. */
  clock: Clock
  /** Registered before the engine starts. */
  handlers?: readonly JobHandler[]
  deploymentGuard?: DeploymentGuard
  /** Embedded only: the scheduler loop's interval; 0 (the default) leaves it off. */
  schedulerIntervalMs?: number
  /**
   * Operaton only: the follower's interval (the outbox and quick reconcile rounds that bring Operaton's changes to
   * the mirror on their own, as in production); 0 (the default) leaves it off and idle() syncs.
   */
  followIntervalMs?: number
}

/** TEST_ENGINE, checked: 'embedded' when unset. */
export function engineKind(): TestEngineKind {
  const raw = process.env.TEST_ENGINE?.trim() || 'embedded'
  if (raw === 'embedded' || raw === 'operaton') return raw
  throw new Error(`TEST_ENGINE must be "embedded" or "operaton", not "${raw}"`)
}

/** A started engine of the kind TEST_ENGINE names, with `handlers` registered. Stop it with stopTestEngine. */
export async function createTestEngine(options: TestEngineOptions): Promise<TestEngine> {
  const handlers = [...(options.handlers ?? [])]
  if (engineKind() === 'operaton') return createOperatonEngine(options, handlers)
  const engine = new EmbeddedEngine({
    prisma: options.prisma,
    clock: options.clock,
    schedulerIntervalMs: options.schedulerIntervalMs ?? 0,
    deploymentGuard: options.deploymentGuard,
  })
  for (const handler of handlers) engine.registerHandler(handler)
  await engine.start()
  return engine
}

/** Stops an engine made by createTestEngine (nothing when it was never made, e.g. a failed beforeEach). */
export async function stopTestEngine(engine: TestEngine | null | undefined): Promise<void> {
  if (engine) await engine.stop()
}

// imported statically: a dynamic import() of a .ts module under mocha + tsx loads a second copy of every module
// it reaches (ESM beside the specs' CJS), so `err instanceof EngineError` in a spec would fail for the adapter's errors
async function createOperatonEngine(options: TestEngineOptions, handlers: JobHandler[]): Promise<TestEngine> {
  const urls = operatonUrls()
  if (!urls) throw new Error('TEST_ENGINE=operaton needs OPERATON_URL (the engine nodes; see scripts/ci-operaton.sh)')
  return createOperatonTestEngine({
    prisma: options.prisma,
    clock: options.clock,
    handlers,
    urls,
    deploymentGuard: options.deploymentGuard,
    followIntervalMs: options.followIntervalMs,
  })
}
