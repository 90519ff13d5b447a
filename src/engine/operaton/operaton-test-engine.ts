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
import type { PrismaClient } from '../../generated/prisma/client.ts'
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
}

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
    workerPollTimeoutMs: 0,
    workerIdleDelayMs: 20,
    followIntervalMs: 0,
    reconcileIntervalMs: 0,
    // other test files on the same nodes may have moved the clock: set it before every change
    beforeChange: () => setClock(true),
  }) as OperatonTestEngine
  for (const handler of options.handlers) engine.registerHandler(handler)
  const topics = new Set(options.handlers.map((h) => h.taskType))
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000

  const openInstances = async () =>
    (await prisma.processInstance.findMany({ where: { engine: 'operaton', status: { in: ['running', 'waiting', 'incident'] } }, select: { id: true } })).map((r) => r.id)

  /** Whether Operaton has work for our instances that will run without anyone else acting. */
  const busy = async (instanceIds: string[]): Promise<boolean> => {
    if (!instanceIds.length) return false
    if (engine.workerBusy > 0) return true
    const wanted = new Set(instanceIds)
    const jobs = await client.request<RemoteJob[]>('POST', '/job', { body: { processInstanceIds: instanceIds, executable: true }, idempotent: true })
    if (jobs.some((j) => wanted.has(j.processInstanceId))) return true
    const tasks = await client.request<RemoteExternalTask[]>('POST', '/external-task', { body: { processInstanceIdIn: instanceIds }, idempotent: true })
    return tasks.some((t) => wanted.has(t.processInstanceId) && topics.has(t.topicName) && !t.suspended && (t.retries === null || t.retries > 0))
  }

  engine.idle = async () => {
    const deadline = Date.now() + idleTimeoutMs
    let quiet = 0
    for (;;) {
      await engine.settleBackground()
      const ids = await openInstances()
      if (await busy(ids)) {
        quiet = 0
        if (Date.now() > deadline) throw new Error(`Operaton test engine: still busy after ${idleTimeoutMs} ms`)
        await sleep(25)
        continue
      }
      for (const id of ids) await engine.sync(id)
      await engine.settleBackground()
      // twice quiet in a row: a sync that woke something (a buffered message) is seen in the second round
      if (++quiet >= 2) return
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
    await engine.idle()
    return count
  }

  engine.discardInstances = async () => {
    const ids = await openInstances()
    for (const id of ids) {
      await client.request('DELETE', `/process-instance/${encodeURIComponent(id)}`, { query: { skipCustomListeners: true, skipIoMappings: true } }).catch(() => undefined)
    }
  }

  const stop = engine.stop.bind(engine)
  engine.stop = async () => {
    await stop()
    await engine.discardInstances().catch(() => undefined)
  }

  await setClock(true)
  await engine.start()
  return engine
}
