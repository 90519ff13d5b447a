// A registration is atomic with the start of its procedure: whatever moment the registering process dies at, the case
// is either started or start-pending, and the pending-start round of the next process (at start-up, then every SLA
// interval) starts it, or links the instance the engine already made, exactly once. A "crash" here is an engine call
// that never answers: the request that made it is abandoned, as a killed process would leave it, and a second
// process (the same database and engine, a new app) takes over.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'
import type { FakeClock } from '../../engine/clock.ts'
import { EngineError, type StartInstanceRequest } from '../../engine/port.ts'
import type { ServiceDeps } from '../../src/cases/deps.ts'
import { retryPendingStarts } from '../../src/cases/retry-pending-starts.ts'
import { startPendingStartsLoop } from '../../src/cases/pending-starts-loop.ts'
import { silentLogger } from '../../src/logger.ts'

const GRACE = 30_000 // CASE_START_GRACE_MS default

describe('case registration: the start of its procedure survives a crash', function () {
  let db: TestDatabase
  let app: Express
  let engine: FakeEngine
  let clock: FakeClock
  let token: string

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const built = await createWebTestApp(db)
    app = built.app
    engine = built.fakeEngine!
    clock = built.clock
    token = await tokenFor(app, 'pracownik')
  })

  /** The deps of the process started after the crash: same database, same engine. */
  const nextProcess = (): ServiceDeps => ({ prisma: db.prisma, engine, clock, logger: silentLogger, caseNumberPrefix: 'OPS.8311' })

  /** Makes the next startInstance never answer (after the engine committed the instance, or before); resolves when
   * the registration reached it. The engine's own method is back for whoever calls next. */
  function dieInStart(after: 'engine-committed' | 'before-engine'): Promise<void> {
    return new Promise((reached) => {
      const start = engine.startInstance.bind(engine)
      engine.startInstance = async (req: StartInstanceRequest) => {
        delete (engine as { startInstance?: unknown }).startInstance
        if (after === 'engine-committed') await start(req)
        reached()
        return new Promise<never>(() => {})
      }
    })
  }

  /** Registers in the background; the request is abandoned where the engine call hangs. */
  function registerAndDie(): void {
    void request(app).post('/api/cases').set(bearer(token)).send(benefitApplication()).then(() => undefined, () => undefined)
  }

  const theCase = async () => db.prisma.case.findFirstOrThrow({ include: { events: { orderBy: { at: 'asc' } } } })

  it('should start the procedure of a case stranded by a crash during registration when the next process starts', async () => {
    // given: the process died while the engine call was on its way (the engine has no instance)
    const died = dieInStart('before-engine')
    registerAndDie()
    await died
    const stranded = await theCase()
    expect(stranded).to.include({ status: 'open', processInstanceId: null })
    expect(stranded.number).to.match(/^OPS\.8311\.1\.2026$/)
    // when: the next process starts after the grace period
    clock.advance(GRACE)
    const stop = startPendingStartsLoop({ deps: nextProcess(), intervalMs: 60_000 })
    await stop()
    // then: exactly one instance, with the case id as business key, recorded on the case; history says it was retried
    expect(engine.started.map((s) => s.businessKey)).to.deep.equal([stranded.id])
    const kase = await theCase()
    expect(kase).to.include({ processInstanceId: 'instance-1', startPendingSince: null, startRetryAt: null, startAttempts: 2 })
    expect(kase.events.map((e) => e.type)).to.deep.equal(['registered', 'number-assigned', 'start-retried'])
    expect(kase.events[2]).to.deep.include({ actorId: null, data: { attempt: 2, linked: false } })
    expect(await db.prisma.auditEvent.count({ where: { action: 'case.start-retried', caseId: kase.id, userId: null } })).to.equal(1)
  })

  it('should link the instance the engine already has when the crash came after the engine committed it', async () => {
    // given
    const died = dieInStart('engine-committed')
    registerAndDie()
    await died
    expect(engine.started).to.have.length(1)
    // when
    clock.advance(GRACE)
    const round = await retryPendingStarts(nextProcess())
    // then: no second instance
    expect(round).to.deep.equal({ started: 0, linked: 1, failed: 0 })
    expect(engine.started).to.have.length(1)
    const kase = await theCase()
    expect(kase).to.include({ processInstanceId: 'instance-1', startPendingSince: null })
    expect(kase.events.at(-1)).to.deep.include({ type: 'start-retried', data: { attempt: 2, linked: true } })
  })

  it('should leave a registration in progress alone until its grace period is over', async () => {
    const died = dieInStart('before-engine')
    registerAndDie()
    await died
    clock.advance(GRACE - 1)
    expect(await retryPendingStarts(nextProcess())).to.deep.equal({ started: 0, linked: 0, failed: 0 })
    expect(engine.started).to.have.length(0)
    expect((await theCase()).startPendingSince).to.be.an.instanceOf(Date)
  })

  it('should show staff that the procedure is being started when its start is pending', async () => {
    // given
    engine.failStart = new EngineError('UNAVAILABLE', 'engine down')
    const res = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())
    expect(res.status).to.equal(503)
    // when
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get(`/cases/${res.body.error.caseId}`)
    // then
    expect(page.status).to.equal(200)
    expect(page.text).to.include('id="case-start-pending"')
    expect(page.text).to.include('procedura jest uruchamiana')
    expect(page.text).to.include('Nie udało się uruchomić procedury (system ponowi próbę)')
  })

  it('should start a case whose start failed on a later round, after the backoff, and say so in its history', async () => {
    // given: the engine refused the start at registration
    engine.failStart = new EngineError('UNAVAILABLE', 'engine down')
    const res = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())
    expect(res.status).to.equal(503)
    // and failed again on the first retry
    clock.advance(GRACE)
    expect(await retryPendingStarts(nextProcess())).to.deep.equal({ started: 0, linked: 0, failed: 1 })
    // when: the engine is back; the next attempt waits twice the grace period
    engine.failStart = null
    clock.advance(2 * GRACE - 1)
    expect(await retryPendingStarts(nextProcess())).to.deep.equal({ started: 0, linked: 0, failed: 0 })
    clock.advance(1)
    expect(await retryPendingStarts(nextProcess())).to.deep.equal({ started: 1, linked: 0, failed: 0 })
    // then
    const kase = await theCase()
    expect(kase).to.include({ id: res.body.error.caseId, processInstanceId: 'instance-1', startAttempts: 3, startPendingSince: null })
    expect(kase.events.map((e) => e.type)).to.deep.equal(['registered', 'number-assigned', 'start-failed', 'start-failed', 'start-retried'])
    const audited = await db.prisma.auditEvent.findMany({ where: { caseId: kase.id, action: { startsWith: 'case.start-' } }, orderBy: { at: 'asc' } })
    expect(audited.map((a) => [a.action, a.userId])).to.deep.equal([['case.start-failed', null], ['case.start-retried', null]])
    const page = await request(app).get(`/api/cases/${kase.id}`).set(bearer(token))
    expect(page.body).to.include({ startPending: false, startAttempts: 3 })
    expect(page.body.history.map((h: { type: string }) => h.type)).to.include('start-retried')
  })

  it('should start each pending case once when two processes run the round at the same moment', async () => {
    // given: three cases whose start failed
    engine.failStart = new EngineError('UNAVAILABLE', 'engine down')
    for (let i = 0; i < 3; i++) expect((await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())).status).to.equal(503)
    engine.failStart = null
    const start = engine.startInstance.bind(engine)
    engine.startInstance = async (req) => {
      await new Promise((resolve) => setTimeout(resolve, 20)) // a start takes a while: both rounds are inside at once
      return start(req)
    }
    clock.advance(GRACE)
    // when
    const rounds = await Promise.all([retryPendingStarts(nextProcess()), retryPendingStarts(nextProcess())])
    // then
    expect(rounds.reduce((n, r) => n + r.started, 0)).to.equal(3)
    const keys = engine.started.map((s) => s.businessKey)
    expect(new Set(keys).size).to.equal(3)
    expect(keys).to.have.length(3)
    expect(await db.prisma.case.count({ where: { processInstanceId: null } })).to.equal(0)
  })

  it('should cancel its own instance when a retry recorded another first while a slow registration was starting', async () => {
    // given: the registration's start hangs past its grace period
    let release!: () => void
    const start = engine.startInstance.bind(engine)
    const reached = new Promise<void>((resolve) => {
      engine.startInstance = async (req) => {
        delete (engine as { startInstance?: unknown }).startInstance
        resolve()
        await new Promise<void>((r) => (release = r))
        return start(req)
      }
    })
    const answer = request(app).post('/api/cases').set(bearer(token)).send(benefitApplication()).then((r) => r)
    await reached
    clock.advance(GRACE)
    expect(await retryPendingStarts(nextProcess())).to.deep.equal({ started: 1, linked: 0, failed: 0 })
    // when: the slow start answers at last
    release()
    const res = await answer
    // then: the case keeps the retry's instance; the registration's own is canceled
    expect(res.status).to.equal(201)
    const kase = await theCase()
    expect(kase.processInstanceId).to.equal('instance-1')
    expect(engine.started).to.have.length(2)
    expect(engine.canceled).to.deep.equal(['instance-2'])
  })
})
