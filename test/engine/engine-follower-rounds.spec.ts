// The Operaton follower's reconcile rounds (engine/operaton/engine-follower.ts) pick the instances to sync from our
// mirror rows, without an engine: a quick round only those that can move without us, a full round every open one.
import { expect } from 'chai'
import { FakeClock } from '../../engine/clock.ts'
import { EngineFollower } from '../../engine/operaton/engine-follower.ts'
import type { OperatonClient } from '../../engine/operaton/operaton-client.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'

const NOW = new Date('2026-06-01T10:00:00Z')

describe('engine follower: which instances a reconcile round syncs', () => {
  let db: TestDatabase
  let clock: FakeClock
  let synced: string[]
  let follower: EngineFollower

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())

  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock(NOW)
    synced = []
    const noEngine = { nodeCount: 1, request: async () => { throw new Error('a reconcile round reads no outbox') } } as unknown as OperatonClient
    follower = new EngineFollower({ prisma: db.prisma, clock, client: noEngine, sync: async (id) => { synced.push(id) } })
    await db.prisma.processDefinition.create({ data: { id: 'def', processId: 'p', version: 1, name: 'p', resourceName: 'p.bpmn', xml: '<x/>', checksum: 'c' } })
  })

  const instance = (id: string, status: string, engine = 'operaton') =>
    db.prisma.processInstance.create({ data: { id, definitionId: 'def', processId: 'p', status, engine, startedAt: new Date(NOW.getTime() - 3600_000) } })
  const timer = (instanceId: string, dueAt: Date, status = 'pending') =>
    db.prisma.timer.create({ data: { instanceId, elementId: 't', executionId: `x-${instanceId}-${dueAt.getTime()}`, dueAt, status, createdAt: NOW } })
  const job = (instanceId: string, status: string) =>
    db.prisma.job.create({ data: { instanceId, elementId: 's', executionId: `j-${instanceId}-${status}`, type: 'some-task', status, retries: 3, dueAt: NOW, createdAt: NOW, updatedAt: NOW } })

  async function scene() {
    await instance('at-interview', 'waiting') // a user task only: moved by people, through us or the outbox
    await instance('awaiting-reply', 'waiting') // a message catch
    await instance('running', 'running')
    await instance('service-task', 'waiting')
    await job('service-task', 'pending')
    await instance('worker-busy', 'waiting')
    await job('worker-busy', 'running')
    await instance('timer-due', 'waiting')
    await timer('timer-due', new Date(NOW.getTime() - 1000))
    await instance('timer-later', 'waiting')
    await timer('timer-later', new Date(NOW.getTime() + 14 * 24 * 3600_000))
    await instance('job-in-incident', 'incident')
    await job('job-in-incident', 'incident')
    await instance('job-done', 'waiting')
    await job('job-done', 'completed')
    await instance('completed', 'completed')
    await instance('embedded-running', 'running', 'embedded')
  }

  it('should sync only the instances that can move without us when a quick round runs', async () => {
    await scene()
    expect(await follower.reconcileOnce('quick')).to.equal(4)
    expect(synced).to.have.members(['running', 'service-task', 'worker-busy', 'timer-due'])
  })

  it('should sync every open Operaton instance and nothing ended or embedded when a full round runs', async () => {
    await scene()
    await follower.reconcileOnce('full')
    expect(synced).to.have.members(['at-interview', 'awaiting-reply', 'running', 'service-task', 'worker-busy', 'timer-due', 'timer-later', 'job-in-incident', 'job-done'])
  })

  it('should take up a timer in the quick round once the engine clock has reached it', async () => {
    await instance('timer-later', 'waiting')
    await timer('timer-later', new Date(NOW.getTime() + 3600_000))
    await follower.reconcileOnce('quick')
    expect(synced).to.deep.equal([])
    clock.advance(3600_000)
    await follower.reconcileOnce('quick')
    expect(synced).to.deep.equal(['timer-later'])
  })
})

describe('engine follower: reading the task-event outbox', () => {
  let db: TestDatabase

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    await db.prisma.processDefinition.create({ data: { id: 'def', processId: 'p', version: 1, name: 'p', resourceName: 'p.bpmn', xml: '<x/>', checksum: 'c' } })
  })

  /** An outbox as the engine app serves it: the oldest `limit` events, past `after` when given; ack deletes. */
  function outboxClient(events: { id: number; processInstanceId: string; createdAt: string }[]) {
    const reads: (number | null)[] = []
    const client = {
      nodeCount: 1,
      async request(method: string, path: string, options: { query?: { limit: number; after?: number }; body?: { ids: number[] } }) {
        if (method === 'GET' && path.endsWith('/task-events')) {
          const after = options.query?.after ?? null
          reads.push(after)
          return events.filter((e) => after === null || e.id > after).slice(0, options.query!.limit)
            .map((e) => ({ ...e, taskId: `t${e.id}`, type: 'create', processDefinitionKey: 'p', taskDefinitionKey: 'x', data: {} }))
        }
        if (method === 'POST' && path.endsWith('/task-events/ack')) {
          const ids = new Set(options.body!.ids)
          events.splice(0, events.length, ...events.filter((e) => !ids.has(e.id)))
          return { deleted: ids.size }
        }
        throw new Error(`unexpected ${method} ${path}`)
      },
    }
    return { client: client as unknown as OperatonClient, reads }
  }

  it('should reach its own events past a page full of events it leaves for another application when it reads the outbox', async () => {
    await db.prisma.processInstance.create({ data: { id: 'ours', definitionId: 'def', processId: 'p', status: 'waiting', engine: 'operaton', startedAt: NOW } })
    const young = new Date().toISOString()
    const events = [
      ...Array.from({ length: 450 }, (_, i) => ({ id: i + 1, processInstanceId: `someone-elses-${i}`, createdAt: young })),
      { id: 451, processInstanceId: 'ours', createdAt: young },
    ]
    const { client, reads } = outboxClient(events)
    const synced: string[] = []
    const follower = new EngineFollower({ prisma: db.prisma, clock: new FakeClock(NOW), client, sync: async (id) => { synced.push(id) } })

    expect(await follower.followOnce()).to.equal(1)

    expect(synced).to.deep.equal(['ours'])
    expect(reads, 'three pages: two full of foreign events, then ours').to.deep.equal([null, 200, 400])
    expect(events.map((e) => e.id), 'ours acknowledged, the others left for their owner').to.not.include(451)
    expect(events).to.have.length(450)
  })
})
