// Shared set-up of the engine contract suites (test/engine-contract): a database emptied and an engine made (of the
// kind TEST_ENGINE names) before every test, and readers of the tables the app reads, always by instance so that
// rows of other instances (an Operaton engine keeps those of earlier runs) never count.
// Keys that reach the engine (business keys, correlation keys) come from unique(): an Operaton engine outlives a
// test run, so a key used by an earlier run must never match again.
import { randomUUID } from 'node:crypto'
import { FakeClock } from '../../engine/clock.ts'
import type { Job, JobHandler, JobOutcome } from '../../engine/job.ts'
import type { DeploymentGuard } from '../../engine/port.ts'
import { createTestEngine, engineKind, stopTestEngine, type TestEngine } from './engine-under-test.ts'
import { createTestDatabase, type TestDatabase } from './test-database.ts'

export const HOUR = 3600_000
export const DAY = 24 * HOUR

export interface ContractContext {
  db: TestDatabase
  clock: FakeClock
  engine: TestEngine
  /** Every job handed to a handler of this context, in order. */
  calls: Job[]
  /** A key no other test and no other run uses: `${prefix}-<run>-<n>`. */
  unique(prefix: string): string
}

export interface ContractOptions {
  /** The FakeClock's start in every test. */
  start: string
  /** Handlers by job type; each call is recorded in `calls`. */
  handlers?: Record<string, (job: Job) => Promise<JobOutcome>>
  deploymentGuard?: DeploymentGuard
}

/** The title of a contract suite, naming the engine under test. */
export function contractTitle(what: string): string {
  return `engine contract (${engineKind()}): ${what}`
}

/**
 * Registers before/beforeEach/afterEach/after hooks in the calling describe and returns the context they fill.
 * Read its fields inside tests only.
 */
export function useContractEngine(options: ContractOptions): ContractContext {
  const run = randomUUID().slice(0, 8)
  let counter = 0
  const ctx = {
    calls: [] as Job[],
    unique: (prefix: string) => `${prefix}-${run}-${++counter}`,
  } as ContractContext

  before(async function () {
    this.timeout(120_000) // the first database of a test process is migrated from scratch (slow on a busy machine)
    ctx.db = await createTestDatabase()
  })
  after(async () => ctx.db?.close())
  beforeEach(async () => {
    await ctx.db.reset()
    ctx.clock = new FakeClock(options.start)
    ctx.calls = []
    const handlers: JobHandler[] = Object.entries(options.handlers ?? {}).map(([taskType, handle]) => ({
      taskType,
      handle: async (job: Job) => {
        ctx.calls.push(job)
        return handle(job)
      },
    }))
    ctx.engine = await createTestEngine({ prisma: ctx.db.prisma, clock: ctx.clock, handlers, deploymentGuard: options.deploymentGuard })
  })
  afterEach(async () => {
    const engine = ctx.engine
    ctx.engine = undefined as unknown as TestEngine
    await stopTestEngine(engine)
  })
  return ctx
}

/** The process instance row (fails when there is none). */
export async function instanceRow(ctx: ContractContext, instanceId: string) {
  return ctx.db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
}

export async function instanceVariables(ctx: ContractContext, instanceId: string): Promise<Record<string, unknown>> {
  return (await instanceRow(ctx, instanceId)).variables as Record<string, unknown>
}

/** The instance's open inbox tasks, oldest first. */
export async function openTasks(ctx: ContractContext, instanceId: string) {
  return ctx.db.prisma.task.findMany({ where: { instanceId, status: 'open' }, orderBy: [{ createdAt: 'asc' }, { elementId: 'asc' }] })
}

/** Element ids of the instance's open inbox tasks, sorted. */
export async function openTaskElements(ctx: ContractContext, instanceId: string): Promise<string[]> {
  return (await openTasks(ctx, instanceId)).map((t) => t.elementId).sort()
}

/** Moves the clock on by `ms` and runs what is due (twice: a fired timer may make more work due), then idles. */
export async function advance(ctx: ContractContext, ms: number): Promise<void> {
  ctx.clock.advance(ms)
  await ctx.engine.runDueWork()
  await ctx.engine.idle()
  await ctx.engine.runDueWork()
  await ctx.engine.idle()
}

/** The jobs of `instanceId` handed to a handler (at `elementId` when given), in order. */
export function callsOf(ctx: ContractContext, instanceId: string, elementId?: string): Job[] {
  return ctx.calls.filter((c) => c.processInstanceId === instanceId && (elementId === undefined || c.elementId === elementId))
}
