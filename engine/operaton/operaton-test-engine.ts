// The Operaton adapter for tests (test/helpers/engine-under-test.ts with TEST_ENGINE=operaton): the engine runs on
// the shared test nodes (started with OPERATON_TEST_CLOCK=true), its clock follows the test's FakeClock, the
// handlers run in this process, and two hooks make tests deterministic:
// - idle(): resolves when nothing is runnable now for the instances of this test database (no unlocked or locked
//   external task of a handled topic, no executable job: async continuations, due timers) and the mirror shows
//   Operaton's state;
// - runDueWork(): moves the engine clock of every node to clock.now() (frozen), executes the timer jobs of our
//   instances that are due, then idle().
// Several test files share the nodes: instances are told apart by our database (only instances mirrored there
// are looked at), process ids are the test authors' to keep unique, and stop() deletes the instances this engine
// started that are still running, so they do not keep locking work or firing timers.
import { SIGNAL_JOB_TYPE } from '../embedded/internal-jobs.ts'
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../clock.ts'
import type { JobHandler } from '../job.ts'
import type { DeploymentGuard } from '../port.ts'
import { WELFARE } from './engine-follower.ts'
import { OperatonClient } from './operaton-client.ts'
import { OperatonEngine } from './operaton-engine.ts'

export interface OperatonTestEngineOptions {
  prisma: PrismaClient
  clock: Clock
  handlers: JobHandler[]
  urls: string[]
  deploymentGuard?: DeploymentGuard
  /** How long idle() waits for the engine before it fails (default 60 s). */
  idleTimeoutMs?: number
  /** The follower's interval (0, the default: off, idle() syncs); see OperatonEngineOptions.followIntervalMs. */
  followIntervalMs?: number
}

export type OperatonTestEngine = OperatonEngine & {
  idle(): Promise<void>
  runDueWork(): Promise<number>
  /** Deletes the instances this engine started that are still running. */
  discardInstances(): Promise<void>
}

interface RemoteJob {
  id: string
  processInstanceId: string
  dueDate: string | null
  retries: number
  jobDefinitionId: string
}

interface RemoteExternalTask {
  id: string
  processInstanceId: string
  topicName: string
  retries: number | null
  suspended: boolean
  lockExpirationTime: string | null
}

/**
 * The tenant this test process deploys and runs under: test files of other processes (other helpers, parallel
 * runs) deploy the same process ids with the same job types on the same nodes; a tenant of its own keeps their
 * external tasks, definitions and messages apart.
 */
const TENANT = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`

/**
 * Engines made here and not stopped, by database client. A test that drops an engine without stopping it (a
 * killed process, then a new engine) would leave its worker polling: on Operaton it would take the next tests'
 * jobs with its old clock. A new engine on the same database therefore abandons the older ones, as a crash would.
 */
const live = new Map<PrismaClient, Set<OperatonEngine>>()

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function createOperatonTestEngine(options: OperatonTestEngineOptions): Promise<OperatonTestEngine> {
  const client = new OperatonClient({ urls: options.urls, apiToken: process.env.OPERATON_API_TOKEN ?? null })
  const { prisma, clock } = options
  let clockSetTo = NaN
  const setClock = async (force = false) => {
    const now = clock.now().getTime()
    if (!force && now === clockSetTo) return
    const time = new Date(now).toISOString()
    await Promise.all(options.urls.map((_, node) => client.request('POST', `${WELFARE}/test/clock`, { body: { time, freeze: true }, node, idempotent: true })))
    clockSetTo = now
  }
  const engine = new OperatonEngine({
    prisma,
    clock,
    urls: options.urls,
    client,
    deploymentGuard: options.deploymentGuard,
    workers: 'in-app',
    tenantId: TENANT,
    workerPollTimeoutMs: 0,
    workerIdleDelayMs: 20,
    followIntervalMs: options.followIntervalMs ?? 0,
    reconcileIntervalMs: 0,
    // other test files on the same nodes may have moved the clock: set it before every change
    beforeChange: () => setClock(true),
  }) as OperatonTestEngine
  for (const handler of options.handlers) engine.registerHandler(handler)
  // the adapter's own topic too (signal throws, signal-broadcast.ts)
  const topics = new Set([...options.handlers.map((h) => h.taskType), SIGNAL_JOB_TYPE])
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000

  const openInstances = async () =>
    (await prisma.processInstance.findMany({ where: { engine: 'operaton', status: { in: ['running', 'waiting', 'incident'] } }, select: { id: true } })).map((r) => r.id)

  /**
   * What Operaton has for our instances that will run without anyone else acting: executable jobs (async
   * continuations, due timers) and external tasks of our topics that are not locked. A locked task is either being
   * handled (the worker counts it as busy) or waits for its retry backoff (locked until then): not work now. The
   * answer is a signature, so idle() can see that nothing changed between two looks.
   */
  const pending = async (instanceIds: string[]): Promise<{ busy: boolean; signature: string }> => {
    if (!instanceIds.length) return { busy: engine.workerBusy > 0, signature: '' }
    const wanted = new Set(instanceIds)
    const now = clock.now().getTime()
    const jobs = (await client.request<RemoteJob[]>('POST', '/job', { body: { processInstanceIds: instanceIds, executable: true }, idempotent: true })).filter((j) =>
      wanted.has(j.processInstanceId),
    )
    const tasks = (await client.request<RemoteExternalTask[]>('POST', '/external-task', { body: { processInstanceIdIn: instanceIds }, idempotent: true })).filter(
      (t) => wanted.has(t.processInstanceId) && topics.has(t.topicName) && !t.suspended && (t.retries === null || t.retries > 0),
    )
    const runnable = tasks.filter((t) => !t.lockExpirationTime || new Date(t.lockExpirationTime).getTime() <= now)
    const signature = JSON.stringify([jobs.map((j) => j.id).sort(), tasks.map((t) => `${t.id}/${t.lockExpirationTime}/${t.retries}`).sort()])
    return { busy: engine.workerBusy > 0 || jobs.length > 0 || runnable.length > 0, signature }
  }

  engine.idle = async () => {
    const deadline = Date.now() + idleTimeoutMs
    let quiet = 0
    let last = ''
    for (;;) {
      await engine.settleBackground()
      const ids = await openInstances()
      const state = await pending(ids)
      if (state.busy) {
        quiet = 0
        if (Date.now() > deadline) throw new Error(`Operaton test engine: still busy after ${idleTimeoutMs} ms (${state.signature}, worker ${engine.workerBusy})`)
        if (process.env.OPERATON_TEST_DEBUG && Date.now() > deadline - idleTimeoutMs + 5000) console.error('operaton test engine busy:', state.signature, 'handlers running:', engine.workerBusy)
        await sleep(25)
        continue
      }
      for (const id of ids) await engine.sync(id)
      await engine.settleBackground()
      // quiet twice in a row with nothing changed in between (a task locked a moment before its worker counted it
      // as running, a buffered message taken by the sync): then nothing is left to happen
      quiet = quiet > 0 && state.signature === last ? quiet + 1 : 1
      last = state.signature
      if (quiet >= 2) return
      await sleep(30)
    }
  }

  engine.runDueWork = async () => {
    await setClock(true)
    const ids = await openInstances()
    let count = 0
    if (ids.length) {
      const due = await client.request<RemoteJob[]>('POST', '/job', { body: { processInstanceIds: ids, timers: true, executable: true }, idempotent: true })
      for (const job of due) {
        try {
          await client.request('POST', `/job/${encodeURIComponent(job.id)}/execute`)
        } catch {
          // executed by a node's job executor meanwhile, or it failed (its retries count down, as on acquisition)
        }
        count++
      }
    }
    await engine.sweepBufferedMessages()
    count += await engine.fireTimerStarts()
    await engine.idle()
    return count
  }

  engine.discardInstances = async () => {
    const ids = await openInstances()
    for (const id of ids) {
      await client.request('DELETE', `/process-instance/${encodeURIComponent(id)}`, { query: { skipCustomListeners: true, skipIoMappings: true } }).catch(() => undefined)
    }
  }

  const others = live.get(prisma) ?? new Set<OperatonEngine>()
  live.set(prisma, others)
  for (const old of others) await old.abandon()
  others.clear()
  others.add(engine)

  const stop = engine.stop.bind(engine)
  engine.stop = async () => {
    others.delete(engine)
    await stop()
    await engine.discardInstances().catch(() => undefined)
  }

  await setClock(true)
  await engine.start()
  return engine
}
