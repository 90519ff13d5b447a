// The real server (npm start's entry point) in a child process, killed with SIGKILL while cases wait on user
// tasks and timers, then started again on the same data folder.
import { expect } from 'chai'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { api as call, ROOT, startChildServer, type ChildServer as Server } from '../helpers/child-server.ts'

const FIXTURES = path.join(ROOT, 'test/fixtures/restart-processes')

const startServer = (dataDir: string): Promise<Server> =>
  startChildServer({ DATA_DIR: dataDir, PROCESSES_DIR: FIXTURES, SCHEDULER_INTERVAL_MS: '200' })

const api = (server: Server, method: string, url: string, token?: string, body?: unknown) => call(server.base, method, url, { token, body })

async function login(server: Server): Promise<string> {
  const res = await api(server, 'POST', '/api/session', undefined, { login: 'pracownik', password: 'demo' })
  expect(res.status).to.equal(200)
  return res.body.token
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, probe: () => Promise<T | null | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(200)
  }
}

describe('server killed with SIGKILL and started again', function () {
  this.timeout(180_000)
  let dataDir: string
  let server: Server | undefined

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wf-kill-'))
  })
  afterEach(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL')
      await server.exited
    }
  })
  after(async () => rm(dataDir, { recursive: true, force: true }))

  it('should keep every case, task and timer, and fire no timer twice', async () => {
    // given: cases waiting on user tasks with reminder timers a few seconds away
    server = await startServer(dataDir)
    let token = await login(server)
    const caseIds: string[] = []
    for (let i = 0; i < 4; i++) {
      const res = await api(server, 'POST', '/api/cases', token, {
        procedure: 'restart-check',
        receivedAt: '2026-01-05',
        applicant: { pesel: '44051401359', firstName: 'Jan', lastName: 'Kowalski' },
        // two timers far enough to survive the first kill, two that fire before the second one
        variables: { reminderAfter: i < 2 ? 'PT6S' : 'PT1S' },
      })
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
      caseIds.push(res.body.id)
    }
    const history = async (id: string) => ((await api(server!, 'GET', `/api/cases/${id}`, token)).body.history as { type: string }[]) ?? []
    const reminders = async (id: string) => (await history(id)).filter((e) => e.type === 'deadline-missed').length
    await until('the two short timers', async () => (await reminders(caseIds[2])) === 1 && (await reminders(caseIds[3])) === 1)

    // when: killed mid-wait
    server.child.kill('SIGKILL')
    await server.exited
    server = await startServer(dataDir)
    token = await login(server)

    // then: all four tasks are still open
    const tasks = (await api(server, 'GET', '/api/tasks?view=group', token)).body as { caseId: string; id: string }[]
    expect(tasks.map((t) => t.caseId)).to.have.members(caseIds)
    // and the long timers fire after the restart, each exactly once; the fired ones do not fire again
    await until('the long timers', async () => (await reminders(caseIds[0])) === 1 && (await reminders(caseIds[1])) === 1)
    await sleep(1500)
    for (const id of caseIds) expect(await reminders(id), `reminders of case ${id}`).to.equal(1)

    // and the waiting cases move on when their task is completed
    const task = tasks.find((t) => t.caseId === caseIds[0])!
    expect((await api(server, 'POST', `/api/tasks/${task.id}/claim`, token)).status).to.equal(200)
    const done = await api(server, 'POST', `/api/tasks/${task.id}/complete`, token, { variables: {} })
    expect(done.status, JSON.stringify(done.body)).to.equal(200)
    const after = (await api(server, 'GET', '/api/tasks?view=group', token)).body as { caseId: string }[]
    expect(after.map((t) => t.caseId)).to.have.members(caseIds.slice(1))

    server.child.kill('SIGTERM')
    expect(await server.exited).to.equal(0)
  })
})
