// Fault test: the real server killed with SIGKILL at random moments while clients register 100 cases and complete
// the first task of each (200 operations), then started again. A kill comes when a seeded random number of
// operations is done, a random fraction of a second later (so it lands inside requests, whatever the machine's
// speed); the server's start-up dominates the run time, so there are few kills and much work between them. Clients retry after a kill as a careful integration
// would: a registration with its Idempotency-Key, a completion until the task is done. Afterwards every case has
// exactly one live process instance (the one it records), its first task completed once, its second task open once,
// no incident, and nothing was registered twice.
//
// The kill moments and the order of work come from a seeded generator; the seed is printed (FAULT_SEED=<seed> runs
// the same sequence again; where a kill lands still depends on timing). Runs on PGlite (a data folder) and on
// PostgreSQL (TEST_DATABASE_URL).
import { expect } from 'chai'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { api, killHard, ROOT, startChildServer, type ApiAnswer, type ChildServer } from '../helpers/child-server.ts'
import { createPostgresTestDatabase, describeOnPostgres } from '../helpers/test-database.ts'
import { openDatabase } from '../../src/storage/open-database.ts'
import type { Database } from '../../src/storage/database.ts'

const FIXTURES = path.join(ROOT, 'test/fixtures/fault-processes')
const CASES = 100
const CLIENTS = 6
/** Kills while the clients work (one more comes after they are done). */
const KILLS = 2

/** mulberry32: a small seeded generator, so that a failing sequence can be run again. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The server of the moment: replaced after every kill; callers wait while it is down. */
class Restartable {
  server: ChildServer | null = null
  private up: Promise<void> = Promise.resolve()
  kills = 0

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    this.server = await startChildServer(this.env)
  }

  /** Kills it and starts it again; a failed start fails every waiting call too. */
  async killAndRestart(): Promise<void> {
    const killed = this.server!
    let ready!: () => void
    let failed!: (err: unknown) => void
    this.up = new Promise((resolve, reject) => {
      ready = resolve
      failed = reject
    })
    this.up.catch(() => undefined)
    this.server = null
    await killHard(killed)
    this.kills++
    if (process.env.FAULT_VERBOSE) console.log(`      kill ${this.kills} at ${new Date().toISOString()}`)
    try {
      this.server = await startChildServer(this.env)
    } catch (err) {
      failed(err)
      throw err
    }
    ready()
  }

  /** Calls the current server; a call cut by a kill (or made while it is down) is sent again once it is back. */
  async call(method: string, url: string, options: Parameters<typeof api>[3] = {}): Promise<ApiAnswer> {
    for (;;) {
      await this.up
      const server = this.server
      if (!server) continue
      try {
        return await api(server.base, method, url, options)
      } catch {
        await sleep(50) // connection refused or reset: the server is being killed; wait for the next one
      }
    }
  }

  async stop(): Promise<void> {
    if (!this.server) return
    this.server.child.kill('SIGTERM')
    expect(await this.server.exited, this.server.output()).to.equal(0)
    this.server = null
  }

  async abort(): Promise<void> {
    if (this.server) await killHard(this.server)
  }
}

interface Registered {
  caseId: string
  key: string
}

async function until<T>(what: string, probe: () => Promise<T | null | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(300) // every probe is a request (and an audited case read): keep the load they add small
  }
}

function faultScenario(label: string, setUp: () => Promise<{ env: Record<string, string>; openAfter: () => Promise<Database>; cleanUp: () => Promise<void> }>) {
  it(`should leave every case with exactly its process and its tasks after SIGKILLs during registrations and completions (${label})`, async function () {
    this.timeout(360_000)
    const seed = process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Math.floor(Math.random() * 2 ** 31)
    console.log(`      fault test seed: ${seed} (FAULT_SEED=${seed} repeats the sequence)`)
    const random = seededRandom(seed)
    const { env, openAfter, cleanUp } = await setUp()
    const server = new Restartable({
      PROCESSES_DIR: FIXTURES,
      SCHEDULER_INTERVAL_MS: '500',
      SLA_INTERVAL_MS: '5000', // also the pending-start round's pace: a stranded case waits grace + up to this
      CASE_START_GRACE_MS: '2000',
      ...env,
    })
    const problems: string[] = []
    const registered: Registered[] = []
    let replays = 0
    let operations = 0
    let done = false
    let killer: Promise<void> = Promise.resolve()
    try {
      await server.start()
      const login = await server.call('POST', '/api/session', { body: { login: 'pracownik', password: 'demo' } })
      const token = login.body.token as string

      // a registration is sent until it is answered with its case (201), with one Idempotency-Key throughout
      async function register(i: number): Promise<Registered> {
        const key = randomUUID()
        const body = {
          procedure: 'fault-check',
          receivedAt: '2026-01-05',
          applicant: { pesel: '44051401359', firstName: 'Jan', lastName: 'Kowalski' },
          variables: { n: i },
        }
        for (let attempt = 0; ; attempt++) {
          const res = await server.call('POST', '/api/cases', { token, body, headers: { 'Idempotency-Key': key } })
          if (res.headers.get('idempotent-replayed') === 'true') replays++
          if (res.status === 201) {
            operations++
            return { caseId: res.body.id, key }
          }
          if (res.status !== 503 || !res.body?.error?.caseId) {
            problems.push(`registration ${i}: ${res.status} ${JSON.stringify(res.body)}`)
            throw new Error(`registration ${i} answered ${res.status}`)
          }
          await sleep(200) // saved, its start pending: ask again
        }
      }

      // the first task is completed: a 409 "completed" after a cut-off answer means the earlier call went through
      async function completeFirst(caseId: string): Promise<void> {
        const taskId = await until(`the first task of ${caseId}`, async () => {
          const res = await server.call('GET', `/api/cases/${caseId}`, { token })
          const task = (res.body?.openTasks ?? []).find((t: { name: string }) => t.name === 'Pierwszy krok')
          return task ? (task.id as string) : null
        })
        for (;;) {
          const res = await server.call('POST', `/api/tasks/${taskId}/complete`, { token, body: { variables: {} } })
          const task = res.status === 200 ? null : await server.call('GET', `/api/tasks/${taskId}`, { token })
          if (res.status === 200 || (res.status === 409 && task?.body?.status === 'completed')) {
            operations++
            return
          }
          if (res.status >= 500 || res.status === 409) {
            await sleep(100)
            continue
          }
          problems.push(`completion of ${taskId}: ${res.status} ${JSON.stringify(res.body)}`)
          throw new Error(`completion answered ${res.status}`)
        }
      }

      // when: clients work while the server is killed at random moments
      const order = Array.from({ length: CASES }, (_, i) => i)
      const clients = Array.from({ length: CLIENTS }, async (_, c) => {
        for (const i of order.filter((n) => n % CLIENTS === c)) {
          const kase = await register(i)
          registered.push(kase)
          if (process.env.FAULT_VERBOSE) console.log(`      client ${c}: case ${i} registered`)
          await completeFirst(kase.caseId)
        }
      })
      const killAt = Array.from({ length: KILLS }, () => 10 + Math.floor(random() * (2 * CASES - 20))).sort((a, b) => a - b)
      const killDelays = killAt.map(() => random() * 400)
      console.log(`      kills after ${killAt.join(', ')} operations`)
      killer = (async () => {
        for (const [n, at] of killAt.entries()) {
          while (!done && operations < at) await sleep(10)
          if (done) return
          await sleep(killDelays[n])
          await server.killAndRestart()
        }
      })()
      await Promise.all(clients).finally(() => (done = true))
      await killer
      // and once more at the end, then started again
      await sleep(random() * 500)
      await server.killAndRestart()
      console.log(`      ${server.kills} kills; ${replays} registrations answered from their Idempotency-Key`)

      // then (through the API): every case waits at its second task (a start still pending is made by the round)
      await until('every case at its second task', async () => {
        const res = await server.call('GET', '/api/tasks?view=group&limit=100', { token })
        const waiting = new Set((res.body as { caseId: string; name: string }[]).filter((t) => t.name === 'Drugi krok').map((t) => t.caseId))
        return registered.every((r) => waiting.has(r.caseId))
      })
      await server.stop()
    } catch (err) {
      done = true
      await killer.catch(() => undefined)
      await server.abort()
      throw err
    }

    // then (in the database)
    expect(problems).to.deep.equal([])
    const db = await openAfter()
    try {
      const ids = registered.map((r) => r.caseId)
      expect(new Set(ids).size, 'one case per registration').to.equal(CASES)
      const cases = await db.prisma.case.findMany({ include: { events: true } })
      expect(cases.map((c) => c.id).sort(), 'no case but the registered ones').to.deep.equal([...ids].sort())
      expect(new Set(cases.map((c) => c.number)).size, 'a number each').to.equal(CASES)
      expect(await db.prisma.registrationKey.count()).to.equal(CASES)
      const instances = await db.prisma.processInstance.findMany()
      const tasks = await db.prisma.task.findMany()
      const repaired = cases.filter((c) => c.events.some((e) => e.type === 'start-retried')).length
      const duplicates = instances.filter((i) => i.status === 'canceled').length
      console.log(`      ${repaired} cases started by a retry; ${duplicates} duplicate instances canceled`)
      for (const kase of cases) {
        const live = instances.filter((i) => i.businessKey === kase.id && i.status !== 'canceled')
        expect(live.map((i) => i.id), `live instances of case ${kase.id}`).to.deep.equal([kase.processInstanceId])
        expect(kase).to.include({ startPendingSince: null, status: 'open' })
        expect(live[0].status).to.equal('waiting')
        const own = tasks.filter((t) => t.instanceId === live[0].id)
        expect(own.filter((t) => t.elementId === 'Task_first').map((t) => t.status), `first task of ${kase.id}`).to.deep.equal(['completed'])
        expect(own.filter((t) => t.elementId === 'Task_second').map((t) => t.status), `second task of ${kase.id}`).to.deep.equal(['open'])
        expect(kase.events.filter((e) => e.type === 'task-completed').length, `completions recorded for ${kase.id}`).to.be.at.most(1)
      }
      const strays = tasks.filter((t) => t.status === 'open' && !cases.some((c) => c.processInstanceId === t.instanceId))
      expect(strays, 'open tasks of no case').to.deep.equal([])
      expect(await db.prisma.processInstance.count({ where: { status: 'incident' } })).to.equal(0)
      expect(await db.prisma.job.count({ where: { status: { in: ['incident', 'running', 'pending'] } } })).to.equal(0)
    } finally {
      await db.close()
      await cleanUp()
    }
  })
}

describe('registrations and completions while the server is killed with SIGKILL', function () {
  faultScenario('PGlite data folder', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'wf-fault-'))
    return {
      env: { DATA_DIR: dataDir },
      openAfter: () => openDatabase({ dataDir, databaseUrl: null }),
      cleanUp: () => rm(dataDir, { recursive: true, force: true }),
    }
  })

  describeOnPostgres('registrations and completions while the server is killed', (url) => {
    faultScenario('PostgreSQL', async () => {
      const emptied = await createPostgresTestDatabase(url) // migrated and emptied; the server uses it next
      await emptied.close()
      return {
        env: { DATABASE_URL: url },
        openAfter: () => openDatabase({ dataDir: '', databaseUrl: url }),
        cleanUp: async () => {
          const db = await createPostgresTestDatabase(url) // leave it empty for the next suite
          await db.close()
        },
      }
    })
  })
})
