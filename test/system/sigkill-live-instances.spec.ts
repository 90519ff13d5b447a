// The real server killed with SIGKILL while the embedded engine keeps instances live in memory (live-instances.ts):
// every case has had events applied through its live run (its job's result, then its first task for half of them)
// when the process dies. After the restart the engine has no live run left and must continue each case from what
// was saved: nothing applied is lost, nothing is applied twice, and every case runs to its end. On PGlite (a data
// folder) and on PostgreSQL (TEST_DATABASE_URL).
import { expect } from 'chai'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { api, killHard, ROOT, startChildServer, type ChildServer } from '../helpers/child-server.ts'
import { createPostgresTestDatabase, describeOnPostgres } from '../helpers/test-database.ts'
import { openDatabase } from '../../src/storage/open-database.ts'
import type { Database } from '../../src/storage/database.ts'

const FIXTURES = path.join(ROOT, 'test/fixtures/fault-processes')
const CASES = 6

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, probe: () => Promise<T | null | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(200)
  }
}

interface Storage {
  env: Record<string, string>
  openAfter: () => Promise<Database>
  cleanUp: () => Promise<void>
}

function liveKillScenario(label: string, setUp: () => Promise<Storage>) {
  let storage: Storage
  let server: ChildServer | undefined

  before(async () => {
    storage = await setUp()
  })
  afterEach(async () => {
    if (server) await killHard(server)
  })
  after(async () => storage?.cleanUp())

  const start = () => startChildServer({ ...storage.env, PROCESSES_DIR: FIXTURES, SCHEDULER_INTERVAL_MS: '200', ENGINE_LIVE_INSTANCES: '100' })
  const call = (method: string, url: string, token?: string, body?: unknown) => api(server!.base, method, url, { token, body })

  async function login(): Promise<string> {
    const res = await call('POST', '/api/session', undefined, { login: 'pracownik', password: 'demo' })
    expect(res.status).to.equal(200)
    return res.body.token
  }

  async function openTask(token: string, caseId: string, name: string): Promise<string> {
    return until(`task "${name}" of case ${caseId}`, async () => {
      const res = await call('GET', `/api/cases/${caseId}`, token)
      const task = (res.body?.openTasks ?? []).find((t: { name: string }) => t.name === name)
      return task ? (task.id as string) : null
    })
  }

  async function complete(token: string, taskId: string, variables: Record<string, unknown>) {
    const res = await call('POST', `/api/tasks/${taskId}/complete`, token, { variables })
    expect(res.status, JSON.stringify(res.body)).to.equal(200)
  }

  it(`should continue every case from its saved state after a restart when live instances were lost (${label})`, async () => {
    // given: cases whose instances took their events through live runs: started, their registration job's result
    // applied, and for half of them the first task completed (with a variable the second part must still see)
    server = await start()
    let token = await login()
    const caseIds: string[] = []
    for (let i = 0; i < CASES; i++) {
      const res = await call('POST', '/api/cases', token, {
        procedure: 'fault-check',
        receivedAt: '2026-01-05',
        applicant: { pesel: '44051401359', firstName: 'Jan', lastName: 'Kowalski' },
        variables: { n: i },
      })
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
      caseIds.push(res.body.id)
    }
    const firstDone = caseIds.slice(0, CASES / 2)
    for (const [i, caseId] of firstDone.entries()) await complete(token, await openTask(token, caseId, 'Pierwszy krok'), { firstStep: `done-${i}` })
    for (const caseId of firstDone) await openTask(token, caseId, 'Drugi krok')
    for (const caseId of caseIds.slice(CASES / 2)) await openTask(token, caseId, 'Pierwszy krok')

    // when: the process dies with its live instances
    await killHard(server)
    server = await start()
    token = await login()

    // then: every case is where its last saved event left it, and runs to its end from there
    for (const caseId of caseIds.slice(CASES / 2)) await complete(token, await openTask(token, caseId, 'Pierwszy krok'), {})
    for (const caseId of caseIds) await complete(token, await openTask(token, caseId, 'Drugi krok'), {})
    await until('every instance completed', async () => {
      const res = await call('GET', '/api/tasks?view=group&limit=100', token)
      return (res.body as { caseId: string }[]).every((t) => !caseIds.includes(t.caseId))
    })
    server.child.kill('SIGTERM')
    expect(await server.exited).to.equal(0)
    server = undefined

    const db = await storage.openAfter()
    try {
      const cases = await db.prisma.case.findMany({ where: { id: { in: caseIds } } })
      const instances = await db.prisma.processInstance.findMany({ where: { id: { in: cases.map((c) => c.processInstanceId!) } } })
      expect(instances.map((i) => i.status)).to.deep.equal(Array(CASES).fill('completed'))
      for (const instance of instances) {
        const tasks = await db.prisma.task.findMany({ where: { instanceId: instance.id } })
        // each task made once and completed once; the registration job ran once
        expect(tasks.map((t) => `${t.elementId}:${t.status}`).sort(), `tasks of ${instance.businessKey}`).to.deep.equal(['Task_first:completed', 'Task_second:completed'])
        const jobs = await db.prisma.job.findMany({ where: { instanceId: instance.id } })
        expect(jobs.map((j) => `${j.elementId}:${j.status}`), `jobs of ${instance.businessKey}`).to.deep.equal(['Task_register:completed'])
        // and the variable set through a live run before the kill is still there at the end
        const i = firstDone.indexOf(instance.businessKey!)
        if (i >= 0) expect((instance.variables as Record<string, unknown>).firstStep).to.equal(`done-${i}`)
        const trail = (instance.trail as { elementId: string; event: string }[]).filter((t) => t.event === 'end').map((t) => t.elementId)
        expect(trail, `trail of ${instance.businessKey}`).to.deep.equal(['Start', 'Task_register', 'Task_first', 'Task_second', 'End'])
      }
    } finally {
      await db.close()
    }
  })
}

describe('server killed with SIGKILL while process instances are live in memory', function () {
  this.timeout(240_000)

  describe('PGlite data folder', () => {
    liveKillScenario('PGlite data folder', async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'wf-live-kill-'))
      return {
        env: { DATA_DIR: dataDir },
        openAfter: () => openDatabase({ dataDir, databaseUrl: null }),
        cleanUp: () => rm(dataDir, { recursive: true, force: true }),
      }
    })
  })

  describeOnPostgres('PostgreSQL', (url) => {
    liveKillScenario('PostgreSQL', async () => {
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
