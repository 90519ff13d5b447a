// Keeps our mirror rows following Operaton. Two sources:
// - the engine app's user-task outbox (GET /welfare/task-events, POST /welfare/task-events/ack): every task event
//   re-syncs its instance, then the event is acknowledged. Events of instances that are not ours (another
//   application on the same engine, e.g. tests sharing the nodes) are left for their owner, and acknowledged
//   only when they are older than `foreignEventTtlMs`, so the outbox cannot grow without end;
// - reconcile rounds, for what the outbox does not carry (service tasks, timers, incidents, an event lost between
//   read and ack, a change made in the engine by hand). Every `reconcileIntervalMs` a quick round syncs only the
//   instances that can move without us: those running, with a service-task job waiting or running, or with a timer
//   due by now. An instance that waits for a person or a message is moved by our own calls (which sync it) or by
//   another app process (whose task events come through the outbox), so the quick round leaves it alone. Every
//   `fullReconcileIntervalMs` a full round syncs every open instance, the safety net. A centre with thousands of
//   cases waiting at interviews and decisions thus costs a few REST reads every few seconds, not thousands.
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../clock.ts'
import type { EngineLogger } from '../embedded/embedded-engine.ts'
import type { OperatonClient } from './operaton-client.ts'
import { errorFacts } from './error-facts.ts'

export interface TaskEvent {
  id: number
  taskId: string
  type: string
  processInstanceId: string | null
  processDefinitionKey: string | null
  taskDefinitionKey: string | null
  createdAt: string
  data: Record<string, unknown>
}

export interface EngineFollowerOptions {
  prisma: PrismaClient
  clock: Clock
  client: OperatonClient
  /** Re-syncs one instance (the mirror). */
  sync(instanceId: string): Promise<unknown>
  logger?: EngineLogger
  /** How often the outbox is read, in ms (0: never on a timer; call followOnce). */
  followIntervalMs?: number
  /** How often the instances that can move without us are synced again, in ms (0: never on a timer; call reconcileOnce). */
  reconcileIntervalMs?: number
  /** How often every open instance is synced again instead, in ms (default 5 minutes). */
  fullReconcileIntervalMs?: number
  /** Run after each reconcile round (the adapter drops expired buffered messages and retries live ones). */
  afterReconcile?: () => Promise<void>
  /** Events of instances that are not ours are acknowledged once this old (default 10 minutes). */
  foreignEventTtlMs?: number
}

export class EngineFollower {
  private readonly options: EngineFollowerOptions
  private readonly logger: EngineLogger
  private timers: NodeJS.Timeout[] = []
  private running = false
  private following: Promise<number> | null = null
  private reconciling: Promise<number> | null = null
  private lastFullRound = -Infinity

  constructor(options: EngineFollowerOptions) {
    this.options = options
    this.logger = options.logger ?? { info() {}, warn() {}, error() {} }
  }

  start(): void {
    if (this.running) return
    this.running = true
    const loop = (every: number | undefined, round: () => Promise<number>, what: string) => {
      if (!every) return
      const tick = async () => {
        if (!this.running) return
        try {
          await round()
        } catch (err) {
          this.logger.warn(`${what} failed`, errorFacts(err))
        }
        if (this.running) this.timers.push(setTimeout(tick, every))
      }
      this.timers.push(setTimeout(tick, every))
    }
    loop(this.options.followIntervalMs ?? 1000, () => this.followOnce(), 'reading the task-event outbox')
    loop(this.options.reconcileIntervalMs ?? 5000, () => {
      const full = Date.now() - this.lastFullRound >= (this.options.fullReconcileIntervalMs ?? 5 * 60_000)
      if (full) this.lastFullRound = Date.now()
      return this.reconcileOnce(full ? 'full' : 'quick')
    }, 'reconciling with Operaton')
  }

  async stop(): Promise<void> {
    this.running = false
    for (const t of this.timers) clearTimeout(t)
    this.timers = []
    await Promise.allSettled([this.following, this.reconciling].filter(Boolean))
  }

  /** Reads the outbox once, re-syncs the instances its events name and acknowledges them. Returns how many. */
  followOnce(): Promise<number> {
    if (!this.following) this.following = this.follow().finally(() => (this.following = null))
    return this.following
  }

  private async follow(): Promise<number> {
    const { client } = this.options
    for (let node = 0; ; node++) {
      // all nodes share one database and one outbox: one node that answers is enough (a round cut short on one
      // node is done again on the next: syncs and acknowledgements may repeat)
      try {
        return await this.followOn(node)
      } catch (err) {
        if (node >= client.nodeCount - 1) throw err
      }
    }
  }

  /**
   * One round on one node: pages of the oldest events, each page's instances synced and their events acknowledged.
   * Events left for their owner stay in the outbox; the next page starts past them (`after`), so they never hide
   * ours. At most FOLLOW_PAGES pages a round; the next round starts again from the oldest event.
   */
  private async followOn(node: number): Promise<number> {
    const { client, prisma } = this.options
    let handled = 0
    let after: number | null = null
    for (let page = 0; page < FOLLOW_PAGES; page++) {
      const query: Record<string, number> = after === null ? { limit: FOLLOW_PAGE_SIZE } : { limit: FOLLOW_PAGE_SIZE, after }
      const events = await client.request<TaskEvent[]>('GET', `${WELFARE}/task-events`, { query, node })
      if (!events.length) break
      const instanceIds = [...new Set(events.map((e) => e.processInstanceId).filter((x): x is string => !!x))]
      const ours = new Set(
        (await prisma.processInstance.findMany({ where: { id: { in: instanceIds }, engine: 'operaton' }, select: { id: true } })).map((r) => r.id),
      )
      const done: number[] = []
      const cutoff = Date.now() - (this.options.foreignEventTtlMs ?? 10 * 60_000)
      for (const id of instanceIds) {
        if (!ours.has(id)) continue
        try {
          await this.options.sync(id)
        } catch (err) {
          this.logger.warn('mirror sync failed', { instanceId: id, ...errorFacts(err) })
          continue
        }
        done.push(...events.filter((e) => e.processInstanceId === id).map((e) => e.id))
      }
      for (const e of events) {
        if ((!e.processInstanceId || !ours.has(e.processInstanceId)) && new Date(e.createdAt).getTime() < cutoff) done.push(e.id)
      }
      if (done.length) await client.request('POST', `${WELFARE}/task-events/ack`, { body: { ids: done }, idempotent: true, node })
      handled += done.length
      if (events.length < FOLLOW_PAGE_SIZE) break
      after = Math.max(...events.map((e) => e.id))
    }
    return handled
  }

  /**
   * Syncs the open instances again: all of them ('full'), or only those that can move without us ('quick': running,
   * a service-task job pending or running, a timer due by the engine's clock). Returns how many were synced.
   */
  reconcileOnce(round: 'full' | 'quick' = 'full'): Promise<number> {
    if (!this.reconciling) this.reconciling = this.reconcile(round).finally(() => (this.reconciling = null))
    return this.reconciling
  }

  private async reconcile(round: 'full' | 'quick'): Promise<number> {
    const { prisma } = this.options
    const open = await prisma.processInstance.findMany({
      where: { engine: 'operaton', status: { in: ['running', 'waiting', 'incident'] } },
      select: { id: true, status: true },
      orderBy: { startedAt: 'asc' },
    })
    let ids = open.map((row) => row.id)
    if (round === 'quick' && ids.length) {
      const now = this.options.clock.now()
      const [jobs, timers] = await Promise.all([
        prisma.job.findMany({ where: { status: { in: ['pending', 'running'] } }, select: { instanceId: true }, distinct: ['instanceId'] }),
        prisma.timer.findMany({ where: { status: 'pending', dueAt: { lte: now } }, select: { instanceId: true }, distinct: ['instanceId'] }),
      ])
      const movable = new Set([...open.filter((row) => row.status === 'running').map((row) => row.id), ...jobs.map((j) => j.instanceId), ...timers.map((t) => t.instanceId)])
      ids = ids.filter((id) => movable.has(id))
    }
    let n = 0
    for (const id of ids) {
      try {
        await this.options.sync(id)
        n++
      } catch (err) {
        this.logger.warn('mirror sync failed', { instanceId: id, ...errorFacts(err) })
      }
    }
    await this.options.afterReconcile?.()
    return n
  }
}

/** Events read per page, and pages per round, of the outbox. */
const FOLLOW_PAGE_SIZE = 200
const FOLLOW_PAGES = 10

/** The engine app's own endpoints live beside /engine-rest; the URL's dot segment takes the call there. */
export const WELFARE = '/../welfare'
