// Issue 12, item 5: the app on a cluster of its own. Two Operaton nodes (ports 8093 and 8094, one PostgreSQL
// database, OPERATON_CLUSTER_DATABASE_URL) and two app processes (npm start's entry point, ENGINE=operaton, both
// pointing at both nodes, job workers in-app, one app database of their own). CLUSTER_CASES benefit applications
// (default 200, as issue 12 asks; see the README's Tests section for the run time) go through registration, the family
// interview's overdue timer and the interview itself, alternately through both apps: each interview is claimed from
// both apps at the same moment and completed by the winner. Node A is killed with SIGKILL a third of the way in
// and started again while the work goes on through node B; the last third waits until A is back.
// Then, from Operaton's history and our database: every case has exactly one live process instance and its tasks,
// every external task and job succeeded exactly once, every timer fired once, every raced claim had one winner.
// A second test starts the app with no engine reachable: it must say so within seconds.
import { expect } from 'chai'
import { randomUUID } from 'node:crypto'
import { startNode, type EngineNode } from '../../scripts/operaton-node.mjs'
import { openDatabase } from '../../src/storage/open-database.ts'
import { api, killHard, startChildServer, type ApiAnswer, type ChildServer } from '../helpers/child-server.ts'
import { describeOnCluster, emptyEngineDatabase, readAll, tally } from '../helpers/operaton-cluster.ts'
import { operatonNode, type OperatonNode } from '../helpers/operaton.ts'
import { createPostgresTestDatabase } from '../helpers/test-database.ts'

const CASES = Number(process.env.CLUSTER_CASES || 200)
const CLIENTS = Number(process.env.CLUSTER_CLIENTS || 4)
const PORTS = [8093, 8094] as const
/** A receipt date whose interview deadline (14 working days on) has passed: the overdue timer fires at once. */
const RECEIVED_AT = '2026-01-05'
const INTERVIEW = {
  interviewDate: '2026-01-12',
  assistanceReason: 'poverty',
  householdSizeConfirmed: 1,
  situationDescription: 'Osoba samotna bez dochodu',
  cooperates: true,
}
const INTERVIEW_TASK = 'Task_familyInterview'
const DRAFT_TASK = 'Task_draftDecision'
/** The service tasks each case passes through up to the draft, and the timer that fires on the way. */
const EXTERNAL_TASKS = ['Task_registerCase', 'Task_computeDeadlines', 'Task_recordInterviewOverdue', 'Task_assessIncome']
const TIMER = 'Timer_interviewDue'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Probes until it returns a value; `last()` says what was seen last (for the failure message). */
async function until<T>(what: string, probe: () => Promise<T | null | false>, ms = 180_000, every = 500, last: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${last()}`)
    await sleep(every)
  }
}

interface App {
  name: string
  server: ChildServer
  token: string
  login: string
}

interface Race {
  taskId: string
  statuses: number[]
  /** A node was down or coming back: a 5xx from one side is allowed, never two winners. */
  disturbed: boolean
  /** The task ended meanwhile (a duplicate instance canceled): both sides may answer 409. */
  taskEnded?: boolean
}

function nodeEnv(name: string): Record<string, string> {
  return {
    OPERATON_NODE_NAME: name,
    // a killed node's acquired jobs are free again after this (Operaton's default: 5 minutes)
    OPERATON_BPM_JOBEXECUTION_LOCKTIMEINMILLIS: '20000',
  }
}

describeOnCluster('two app processes on two Operaton nodes, one node killed', ({ engineUrl, appUrl }) => {
  const nodes: (EngineNode | null)[] = [null, null]
  const apps: App[] = []
  let appEnv: Record<string, string> = {}

  before(async function () {
    this.timeout(300_000)
    await emptyEngineDatabase(engineUrl)
    const db = await createPostgresTestDatabase(appUrl) // migrated and emptied
    await db.close()
    nodes[0] = await startNode({ port: PORTS[0], databaseUrl: engineUrl, env: nodeEnv('cluster-a'), timeoutMs: 180_000 })
    nodes[1] = await startNode({ port: PORTS[1], databaseUrl: engineUrl, env: nodeEnv('cluster-b'), timeoutMs: 180_000, build: false })
    const env = (appEnv = {
      DATABASE_URL: appUrl,
      ENGINE: 'operaton',
      OPERATON_URL: nodes.map((n) => n!.url).join(','),
      OPERATON_WORKERS: 'in-app',
      OPERATON_API_TOKEN: '',
      SLA_INTERVAL_MS: '5000', // also the pending-start round's pace
      CASE_START_GRACE_MS: '5000',
    })
    // one after the other: the first migrates, deploys the processes folder and makes the demo accounts
    for (const [name, login] of [
      ['app-1', 'pracownik'],
      ['app-2', 'pracownik2'],
    ]) {
      const server = await startChildServer({ ...env }, 180_000)
      const session = await api(server.base, 'POST', '/api/session', { body: { login, password: 'demo' } })
      expect(session.status, server.output()).to.equal(200)
      apps.push({ name, server, token: session.body.token, login })
    }
  })

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return
    for (const app of apps) console.log(`--- last output of ${app.name} ---\n${app.server.output().slice(-6000)}`)
  })

  after(async function () {
    this.timeout(120_000)
    for (const app of apps) {
      if (app.server.child.exitCode === null) {
        app.server.child.kill('SIGTERM')
        await Promise.race([app.server.exited, sleep(20_000)])
        await killHard(app.server)
      }
    }
    await Promise.all(nodes.map((n) => n?.stop()))
  })

  /** GET /health, answered within 5 s or failed. */
  async function health(base: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }

  it('should run every job and timer once, give every raced claim one winner and lose nothing when a node is killed and restarted', async function () {
    this.timeout(900_000)
    const started = Date.now()
    const call = (app: App, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer> =>
      api(app.server.base, method, url, { token: app.token, body, headers })
    const problems: string[] = []
    const races: Race[] = []
    const caseIds: string[] = new Array(CASES)
    let done = 0
    let nodeAUp = true
    let doneWhileADown = 0
    let doneAfterRestart = 0
    let restartDone: Promise<void> = Promise.resolve()
    const killAt = Math.max(1, Math.floor(CASES / 3))
    const gateAt = Math.floor((2 * CASES) / 3)

    async function register(i: number): Promise<string> {
      const app = apps[i % 2]
      const key = randomUUID()
      const body = {
        procedure: 'benefit-application',
        receivedAt: RECEIVED_AT,
        urgent: false,
        benefit: 'zasilek-okresowy',
        applicant: { pesel: '44051401359', firstName: 'Jan', lastName: 'Kowalski' },
        household: [],
        incomes: [{ pesel: '44051401359', monthlyNet: 300 }],
      }
      return until(`registration ${i}`, async () => {
        const res = await call(app, 'POST', '/api/cases', body, { 'Idempotency-Key': key })
        if (res.status === 201) return res.body.id as string
        if (res.status === 503 && res.body?.error?.caseId) return null // saved, its start pending: ask again
        problems.push(`registration ${i}: ${res.status} ${JSON.stringify(res.body)}`)
        throw new Error(`registration ${i} answered ${res.status}`)
      })
    }

    /** The open task of the case with that BPMN element, seen through `app` (the other app than the one that acted). */
    async function openTask(app: App, caseId: string, elementName: string): Promise<string> {
      return until(`${elementName} of case ${caseId}`, async () => {
        const res = await call(app, 'GET', `/api/cases/${caseId}`)
        if (res.status !== 200) return null
        const task = (res.body.openTasks as { id: string; name: string }[]).find((t) => t.name === elementName)
        return task?.id ?? null
      })
    }

    /**
     * Both apps claim at the same moment; returns the app that holds the task afterwards, or null when the task
     * ended meanwhile (it belonged to a duplicate instance of a start retried while a node was down: canceled).
     */
    async function raceClaim(taskId: string): Promise<App | null> {
      const disturbed = !nodeAUp
      const answers = await Promise.all(apps.map((app) => call(app, 'POST', `/api/tasks/${taskId}/claim`)))
      const statuses = answers.map((a) => a.status)
      const race: Race = { taskId, statuses, disturbed: disturbed || !nodeAUp }
      races.push(race)
      const winners = answers.flatMap((a, i) => (a.status === 200 ? [apps[i]] : []))
      if (winners.length === 1) return winners[0]
      if (winners.length > 1) problems.push(`claim of ${taskId}: two winners`)
      // nobody won (a node went away mid-claim): claim it from one app until it holds it
      const ended = { ended: true } as const
      const held = await until(`a claim of ${taskId}`, async () => {
        const res = await call(apps[0], 'POST', `/api/tasks/${taskId}/claim`)
        if (res.status === 200) return apps[0]
        const task = await call(apps[0], 'GET', `/api/tasks/${taskId}`)
        if (task.body?.status && task.body.status !== 'open') return ended
        return apps.find((a) => a.login === task.body?.assignee) ?? null
      })
      if (held !== ended) return held as App
      race.taskEnded = true
      return null
    }

    /** True when completed; false when the task was canceled meanwhile (a duplicate instance's). */
    async function complete(app: App, taskId: string): Promise<boolean> {
      let seen = ''
      return until(`completion of ${taskId}`, async () => {
        const res = await call(app, 'POST', `/api/tasks/${taskId}/complete`, { variables: INTERVIEW })
        seen = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`
        if (res.status === 200) return { done: true }
        const status = res.status === 409 ? (await call(app, 'GET', `/api/tasks/${taskId}`)).body?.status : null
        if (status === 'completed') return { done: true }
        if (status === 'canceled') return { done: false }
        if (res.status >= 500 || res.status === 409) return null
        problems.push(`completion of ${taskId}: ${res.status} ${JSON.stringify(res.body)}`)
        throw new Error(`completion answered ${res.status}`)
      }, 180_000, 500, () => `(last answer: ${seen})`).then((r) => r.done)
    }

    async function killAndRestartA(): Promise<void> {
      await nodes[0]!.kill()
      nodeAUp = false
      console.log(`      node A killed after ${done} cases (${Math.round((Date.now() - started) / 1000)} s)`)
      restartDone = (async () => {
        await sleep(5_000)
        nodes[0] = await startNode({ port: PORTS[0], databaseUrl: engineUrl, env: nodeEnv('cluster-a'), timeoutMs: 240_000, build: false })
        nodeAUp = true
        console.log(`      node A back after ${done} cases (${Math.round((Date.now() - started) / 1000)} s, ready in ${Math.round(nodes[0].readyMs / 1000)} s)`)
      })()
    }

    let next = 0
    const clients = Array.from({ length: CLIENTS }, async () => {
      for (;;) {
        const i = next++
        if (i >= CASES) return
        if (i >= gateAt) await restartDone // the last third runs with A back
        const caseId = await register(i)
        caseIds[i] = caseId
        const other = apps[(i + 1) % 2]
        for (;;) {
          const interview = await openTask(other, caseId, 'Rodzinny wywiad środowiskowy')
          const holder = await raceClaim(interview)
          if (!holder) continue // a duplicate instance's task, canceled: the case's own one is open
          if (await complete(holder, interview)) break
        }
        await openTask(apps[i % 2], caseId, 'Projekt decyzji')
        done++
        if (!nodeAUp) doneWhileADown++
        else if (done > killAt) doneAfterRestart++
        if (done === killAt) await killAndRestartA()
      }
    })
    await Promise.all(clients)
    await restartDone
    const driveSeconds = (Date.now() - started) / 1000
    console.log(`      ${CASES} cases driven in ${driveSeconds.toFixed(0)} s: ${doneWhileADown} while node A was down, ${doneAfterRestart} after it came back`)
    expect(problems).to.deep.equal([])

    // then, in Operaton: once nothing is left to run (no job, no external task), every case's process is exactly one
    const b = operatonNode(nodes[1]!.url)
    const a = operatonNode(nodes[0]!.url)
    await until('Operaton idle (no job, no external task)', async () => {
      const jobs = (await b.rest('/job/count')).body?.count
      const external = (await b.rest('/external-task/count')).body?.count
      return jobs === 0 && external === 0
    })
    const live = await readAll<{ id: string; businessKey: string; state: string }>(a, '/history/process-instance', { processDefinitionKey: 'benefit-application' })
    const active = live.filter((p) => p.state === 'ACTIVE')
    const ended = live.filter((p) => p.state !== 'ACTIVE')
    console.log(`      Operaton: ${live.length} instances, ${ended.length} ended (duplicates of a start canceled: ${ended.map((p) => p.state).join(',') || 'none'})`)
    expect([...tally(active, (p) => p.businessKey).values()].every((n) => n === 1), 'one live instance per case').to.equal(true)
    expect(active.map((p) => p.businessKey).sort(), 'live instances are the cases').to.deep.equal([...caseIds].sort())
    const activeIds = new Set(active.map((p) => p.id))

    // every external task succeeded once (none twice anywhere), each case's four once each
    const externalLog = await readAll<{ externalTaskId: string; processInstanceId: string; activityId: string; workerId: string }>(b, '/history/external-task-log', { successLog: 'true', processDefinitionKey: 'benefit-application' })
    const twice = [...tally(externalLog, (l) => l.externalTaskId).entries()].filter(([, n]) => n > 1)
    expect(twice, 'external tasks completed twice').to.deep.equal([])
    const perCase = tally(externalLog.filter((l) => activeIds.has(l.processInstanceId)), (l) => `${l.processInstanceId} ${l.activityId}`)
    for (const p of active) {
      for (const activity of EXTERNAL_TASKS) expect(perCase.get(`${p.id} ${activity}`) ?? 0, `${activity} of case ${p.businessKey}`).to.equal(1)
    }
    const failedExternal = (await b.rest('/history/external-task-log/count?failureLog=true')).body.count
    const workers = tally(externalLog, (l) => l.workerId.replace(/-[0-9a-f]{8}$/, ''))

    // every job (async continuations, timers) created for a live case succeeded exactly once; each case's timer once
    const jobLog = await readAll<{ jobId: string; processInstanceId: string; activityId: string; jobDefinitionType: string; hostname: string; creationLog: boolean; successLog: boolean; failureLog: boolean; deletionLog: boolean }>(
      b,
      '/history/job-log',
      { processDefinitionKey: 'benefit-application' },
    )
    const ofLive = jobLog.filter((l) => activeIds.has(l.processInstanceId))
    const successes = tally(ofLive.filter((l) => l.successLog), (l) => l.jobId)
    const created = new Set(ofLive.filter((l) => l.creationLog).map((l) => l.jobId))
    expect([...created].filter((id) => successes.get(id) !== 1), 'jobs not succeeded exactly once').to.deep.equal([])
    expect([...successes.keys()].filter((id) => !created.has(id)), 'successes of jobs never created').to.deep.equal([])
    const timerRuns = tally(ofLive.filter((l) => l.successLog && l.activityId === TIMER), (l) => l.processInstanceId)
    for (const p of active) expect(timerRuns.get(p.id) ?? 0, `timer of case ${p.businessKey}`).to.equal(1)
    const hosts = tally(jobLog.filter((l) => l.successLog), (l) => l.hostname)
    const failedJobs = jobLog.filter((l) => l.failureLog).length

    // the user tasks: each case's interview once (completed by whoever won its claim), its draft open once
    const userTasks = await readAll<{ processInstanceId: string; taskDefinitionKey: string; endTime: string | null; assignee: string | null; deleteReason: string | null }>(b, '/history/task', { processDefinitionKey: 'benefit-application' })
    const ofLiveTasks = userTasks.filter((t) => activeIds.has(t.processInstanceId))
    for (const p of active) {
      const own = ofLiveTasks.filter((t) => t.processInstanceId === p.id)
      expect(own.filter((t) => t.taskDefinitionKey === INTERVIEW_TASK).map((t) => t.deleteReason), `interview of ${p.businessKey}`).to.deep.equal(['completed'])
      expect(own.filter((t) => t.taskDefinitionKey === DRAFT_TASK).map((t) => t.endTime), `draft of ${p.businessKey}`).to.deep.equal([null])
      expect(own.length, `user tasks of ${p.businessKey}`).to.equal(2)
    }
    expect((await b.rest('/incident/count')).body.count, 'incidents').to.equal(0)

    // every raced claim: exactly one winner; undisturbed races: the other answered 409
    const clean = races.filter((r) => !r.disturbed && !r.taskEnded)
    expect(races.filter((r) => r.statuses.filter((s) => s === 200).length > 1), 'races with two winners').to.deep.equal([])
    expect(clean.filter((r) => [...r.statuses].sort().join() !== '200,409'), 'undisturbed races not 200 + 409').to.deep.equal([])

    // then, in our database: the same picture, and the handlers' side effects once each
    const db = await openDatabase({ dataDir: '', databaseUrl: appUrl })
    try {
      const cases = await db.prisma.case.findMany({ include: { events: true } })
      expect(cases.map((c) => c.id).sort(), 'no case but the registered ones').to.deep.equal([...caseIds].sort())
      expect(new Set(cases.map((c) => c.number)).size, 'a number each').to.equal(CASES)
      const instances = await db.prisma.processInstance.findMany()
      const tasks = await db.prisma.task.findMany()
      for (const kase of cases) {
        const mine = instances.filter((i) => i.businessKey === kase.id && i.status !== 'canceled')
        expect(mine.map((i) => i.id), `live instances of case ${kase.id}`).to.deep.equal([kase.processInstanceId])
        expect(mine[0].status).to.equal('waiting')
        const own = tasks.filter((t) => t.instanceId === mine[0].id)
        expect(own.filter((t) => t.elementId === INTERVIEW_TASK).map((t) => t.status), `interview of ${kase.id}`).to.deep.equal(['completed'])
        expect(own.filter((t) => t.elementId === DRAFT_TASK).map((t) => t.status), `draft of ${kase.id}`).to.deep.equal(['open'])
        expect(kase.events.filter((e) => e.type === 'deadline-missed').length, `overdue entries of ${kase.id}`).to.equal(1)
        expect(kase.events.filter((e) => e.type === 'task-completed').length, `completions recorded for ${kase.id}`).to.equal(1)
      }
      // the SLA monitors of both apps run too (the receipt dates are old: each case gets an art. 36 notice task)
      const strays = tasks.filter((t) => t.status === 'open' && t.engine !== 'sla' && !cases.some((c) => c.processInstanceId === t.instanceId))
      expect(strays.map((t) => `${t.id} ${t.elementId}`), 'open engine tasks of no case').to.deep.equal([])
      const notices = tally(tasks.filter((t) => t.engine === 'sla'), (t) => `${t.caseId} ${t.elementId}`)
      expect([...notices.entries()].filter(([, n]) => n > 1), 'SLA tasks made twice (two apps)').to.deep.equal([])
      expect(await db.prisma.processInstance.count({ where: { status: 'incident' } }), 'instances in incident').to.equal(0)
    } finally {
      await db.close()
    }
    const summary = {
      cases: CASES,
      seconds: Math.round((Date.now() - started) / 1000),
      races: races.length,
      disturbedRaces: races.length - clean.length,
      externalTasks: externalLog.length,
      externalFailures: failedExternal,
      jobsSucceeded: [...successes.values()].length,
      jobFailures: failedJobs,
      jobsByNode: Object.fromEntries(hosts),
      externalTasksByWorker: workers.size,
    }
    console.log(`      ${JSON.stringify(summary)}`)
    expect(doneWhileADown, 'cases finished while node A was down').to.be.greaterThan(0)
  })

  it('should say within seconds that no engine answers when both nodes are down', async function () {
    this.timeout(180_000)
    // the two running apps: their health check names the engine and says no node answers
    for (const app of apps) expect((await health(app.server.base)).status, `${app.name} with both nodes up`).to.equal(200)
    await Promise.all(nodes.map((n) => n?.stop()))
    nodes[0] = nodes[1] = null
    for (const app of apps) {
      const answer = await health(app.server.base)
      expect(answer.status, app.name).to.equal(503)
      expect(answer.body, app.name).to.deep.include({
        status: 'engine-unreachable',
        engine: 'operaton',
        engineNodes: [
          { node: 1, up: false },
          { node: 2, up: false },
        ],
      })
    }
    // a third app process started now (its processes already deployed) starts and says the same
    const third = await startChildServer({ ...appEnv }, 120_000)
    try {
      const answer = await health(third.base)
      expect(answer.status, third.output()).to.equal(503)
      expect(answer.body).to.deep.include({ status: 'engine-unreachable', engine: 'operaton' })
    } finally {
      await killHard(third)
    }
  })
})
