// A client's retry never makes a second case: POST /api/cases takes an Idempotency-Key, and the registration page
// sends a one-time key of its own. Input nested too deeply is refused before anything is stored.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { APPLICANT_PESEL, benefitApplication } from '../helpers/web-fixtures.ts'
import type { FakeClock } from '../../engine/clock.ts'
import { sweepExpired } from '../../src/users/sweep-expired.ts'
import { loadAuthUser } from '../../src/users/auth-user.ts'
import { registerCase } from '../../src/cases/register-case.ts'
import { ServiceError } from '../../src/cases/service-error.ts'
import { silentLogger } from '../../src/logger.ts'

const HOUR = 3_600_000

/** `{ a: { a: … { a: 1 } } }`, `depth` objects deep. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 }
  for (let i = 1; i < depth; i++) value = { a: value }
  return value
}

describe('case registration: Idempotency-Key and input limits', function () {
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

  const register = (body: unknown, key?: string, t = token) => {
    const req = request(app).post('/api/cases').set(bearer(t))
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body as object)
  }

  async function expectNothingStored(): Promise<void> {
    expect(await db.prisma.case.count()).to.equal(0)
    expect(await db.prisma.person.count()).to.equal(0)
    expect(await db.prisma.registrationKey.count()).to.equal(0)
    expect(engine.started).to.have.length(0)
  }

  describe('POST /api/cases with an Idempotency-Key', () => {
    it('should answer the first case and make no second one when a client repeats the request with the same key', async () => {
      // given
      const first = await register(benefitApplication(), 'c0ffee-1')
      expect(first.status).to.equal(201)
      // when
      const again = await register(benefitApplication(), 'c0ffee-1')
      // then
      expect(again.status).to.equal(201)
      expect(again.body).to.deep.equal(first.body)
      expect(again.headers['idempotent-replayed']).to.equal('true')
      expect(first.headers['idempotent-replayed']).to.equal(undefined)
      expect(await db.prisma.case.count()).to.equal(1)
      expect(engine.started).to.have.length(1)
      expect(await db.prisma.auditEvent.count({ where: { action: 'case.register-replayed', caseId: first.body.id } })).to.equal(1)
    })

    it('should treat the same values in another key order as the same request', async () => {
      const body = benefitApplication()
      const first = await register(body, 'order-key')
      const reordered = Object.fromEntries(Object.entries(body).reverse())
      const again = await register(reordered, 'order-key')
      expect(again.status).to.equal(201)
      expect(again.body.id).to.equal(first.body.id)
      expect(await db.prisma.case.count()).to.equal(1)
    })

    it('should refuse with 422 and make no case when the same key comes with a different application', async () => {
      await register(benefitApplication(), 'key-2')
      const other = await register(benefitApplication({ urgent: true }), 'key-2')
      expect(other.status).to.equal(422)
      expect(other.body.error.code).to.equal('IDEMPOTENCY_KEY_REUSED')
      expect(other.body.error.message).to.include('Idempotency-Key')
      expect(await db.prisma.case.count()).to.equal(1)
      expect(await db.prisma.auditEvent.count({ where: { action: 'case.register-rejected' } })).to.equal(1)
    })

    it('should register separately when another user sends the same key', async () => {
      const mine = await register(benefitApplication(), 'shared-key')
      const theirs = await register(benefitApplication(), 'shared-key', await tokenFor(app, 'pracownik2'))
      expect(theirs.status).to.equal(201)
      expect(theirs.body.id).not.to.equal(mine.body.id)
      expect(await db.prisma.case.count()).to.equal(2)
    })

    it('should make one case when requests with one key arrive at the same time', async () => {
      // when
      const answers = await Promise.all(Array.from({ length: 5 }, () => register(benefitApplication(), 'same-moment')))
      // then: one case; every answer names it (201, or 503 "saved, being started" while the first was starting it)
      expect(await db.prisma.case.count()).to.equal(1)
      expect(engine.started).to.have.length(1)
      const ids = answers.map((a) => (a.status === 201 ? a.body.id : a.body.error?.caseId))
      expect(answers.map((a) => a.status).filter((s) => s !== 201 && s !== 503)).to.deep.equal([])
      expect(new Set(ids).size).to.equal(1)
      expect(ids[0]).to.equal((await db.prisma.case.findFirstOrThrow()).id)
    })

    it('should refuse a malformed key with 422 and store nothing', async () => {
      for (const key of ['with space', 'x'.repeat(129), 'a/b', 'a;b', '']) {
        const res = await register(benefitApplication(), key)
        expect(res.status, JSON.stringify(key)).to.equal(422)
        expect(res.body.error.fields).to.have.key('Idempotency-Key')
      }
      await expectNothingStored()
    })

    it('should start the case on the repeat when the first request died before starting it', async () => {
      // given: the first request's engine call never answered (its process died there)
      let reached!: () => void
      const dead = new Promise<void>((resolve) => (reached = resolve))
      engine.startInstance = async () => {
        delete (engine as { startInstance?: unknown }).startInstance
        reached()
        return new Promise<never>(() => {})
      }
      void register(benefitApplication(), 'after-crash').then(() => undefined, () => undefined)
      await dead
      const kase = await db.prisma.case.findFirstOrThrow()
      // when: the client repeats inside the grace period, then after it
      const early = await register(benefitApplication(), 'after-crash')
      clock.advance(30_000)
      const late = await register(benefitApplication(), 'after-crash')
      // then
      expect(early.status).to.equal(503)
      expect(early.body.error).to.include({ code: 'ENGINE_UNAVAILABLE', caseId: kase.id })
      expect(late.status).to.equal(201)
      expect(late.body).to.deep.equal({ id: kase.id, number: kase.number })
      expect(engine.started.map((s) => s.businessKey)).to.deep.equal([kase.id])
      const started = await db.prisma.case.findUniqueOrThrow({ where: { id: kase.id }, include: { events: { orderBy: { at: 'asc' } } } })
      expect(started.processInstanceId).to.equal('instance-1')
      const retried = started.events.find((e) => e.type === 'start-retried')!
      expect(retried.actorId).to.equal(kase.createdById)
    })

    it('should keep a key a day and then remove it in the housekeeping round', async () => {
      const first = await register(benefitApplication(), 'day-key')
      clock.advance(23 * HOUR)
      expect((await sweepExpired(db.prisma, clock.now(), { loginHistoryDays: 90 })).registrationKeys).to.equal(0)
      token = await tokenFor(app, 'pracownik') // the session of yesterday has expired
      const replayed = await register(benefitApplication(), 'day-key')
      expect(replayed.body.id, JSON.stringify(replayed.body)).to.equal(first.body.id)
      clock.advance(HOUR)
      expect((await sweepExpired(db.prisma, clock.now(), { loginHistoryDays: 90 })).registrationKeys).to.equal(1)
      expect(await db.prisma.registrationKey.count()).to.equal(0)
      const later = await register(benefitApplication(), 'day-key')
      expect(later.status).to.equal(201)
      expect(later.body.id).not.to.equal(first.body.id)
    })
  })

  describe('input nested too deeply', () => {
    it('should refuse variables nested 3,000 deep with 400 naming the field and store nothing when posted', async () => {
      const res = await register({ ...benefitApplication({ procedure: 'family-assistance', benefit: undefined, incomes: [] }), variables: nested(3000) }, 'deep-1')
      // the general input guard in front of every route refuses it first: 400 INVALID_INPUT naming the field
      expect(res.status, JSON.stringify(res.body)).to.equal(400)
      expect(res.body.error.code).to.equal('INVALID_INPUT')
      expect(Object.keys(res.body.error.fields).some((field) => field.startsWith('variables'))).to.equal(true)
      await expectNothingStored()
    })

    it('should refuse variables nested 3,000 deep in the registration itself, whatever guards the route', async () => {
      // given: the service called directly, without the web layer's guards
      const user = (await loadAuthUser(db.prisma, (await db.prisma.user.findUniqueOrThrow({ where: { login: 'pracownik' } })).id))!
      const deps = { prisma: db.prisma, engine, clock, logger: silentLogger, caseNumberPrefix: 'OPS.8311' }
      const body = { ...benefitApplication({ procedure: 'family-assistance', benefit: undefined, incomes: [] }), variables: nested(3000) }
      // when
      const err = await registerCase(deps, { user, ip: null }, body, { idempotencyKey: 'deep-2' }).catch((e: unknown) => e)
      // then
      expect(err).to.be.instanceOf(ServiceError)
      expect(err).to.deep.include({ code: 'VALIDATION_FAILED', fields: { variables: { code: 'tooDeep', params: { max: 5 } } } })
      await expectNothingStored()
      expect(await db.prisma.auditEvent.count({ where: { action: 'case.register-rejected', userId: user.id } })).to.equal(1)
    })

    it('should refuse any field nested too deeply with 400 and store nothing when posted', async () => {
      const res = await register(benefitApplication({ applicant: { pesel: APPLICANT_PESEL, firstName: nested(10), lastName: 'Nowak' }, extra: nested(50) }))
      expect(res.status, JSON.stringify(res.body)).to.equal(400)
      expect(Object.keys(res.body.error.fields).some((field) => field.startsWith('applicant.firstName') || field.startsWith('extra'))).to.equal(true)
      await expectNothingStored()
    })

    it('should accept variables nested 5 levels deep', async () => {
      const res = await register({ ...benefitApplication({ procedure: 'family-assistance', benefit: undefined, incomes: [] }), variables: { flags: nested(4) } })
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
    })
  })

  describe('the registration page', () => {
    const form = (key: string, csrf: string, extra: Record<string, string> = {}) => ({
      _csrf: csrf,
      idempotencyKey: key,
      procedure: 'benefit-application',
      receivedAt: '2026-03-09',
      benefit: 'zasilek-okresowy',
      'applicant.pesel': APPLICANT_PESEL,
      'applicant.firstName': 'Anna',
      'applicant.lastName': 'Nowak',
      ...extra,
    })

    it('should make one case when the form is sent twice', async () => {
      // given
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const page = await agent.get('/cases/new')
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.text)?.[1]
      expect(key).to.match(/^[0-9a-f-]{36}$/)
      // when: a double click, or a reload of the POST
      const first = await agent.post('/cases').type('form').send(form(key!, csrf))
      const second = await agent.post('/cases').type('form').send(form(key!, csrf))
      // then
      expect(first.status).to.equal(303)
      expect(second.status).to.equal(303)
      expect(second.headers.location).to.equal(first.headers.location)
      expect(await db.prisma.case.count()).to.equal(1)
      expect(engine.started).to.have.length(1)
    })

    it('should give each opened form its own key', async () => {
      const { agent } = await browserFor(app, 'pracownik')
      const keyOf = async () => /name="idempotencyKey" value="([^"]+)"/.exec((await agent.get('/cases/new')).text)?.[1]
      expect(await keyOf()).not.to.equal(await keyOf())
    })

    it('should come back with a new key and say so when a sent form is changed and sent again', async () => {
      const { agent, csrf } = await browserFor(app, 'pracownik')
      await agent.post('/cases').type('form').send(form('page-key-1', csrf))
      const changed = await agent.post('/cases').type('form').send(form('page-key-1', csrf, { urgent: 'on' }))
      expect(changed.status).to.equal(422)
      expect(changed.text).to.include('id="already-submitted"')
      const newKey = /name="idempotencyKey" value="([^"]+)"/.exec(changed.text)?.[1]
      expect(newKey).to.be.a('string').and.not.equal('page-key-1')
      expect(await db.prisma.case.count()).to.equal(1)
      // sending it again registers it as a new application
      const resent = await agent.post('/cases').type('form').send(form(newKey!, csrf, { urgent: 'on' }))
      expect(resent.status).to.equal(303)
      expect(await db.prisma.case.count()).to.equal(2)
    })

    it('should keep the form key when the form comes back with errors', async () => {
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const refused = await agent.post('/cases').type('form').send(form('page-key-2', csrf, { 'applicant.pesel': '1' }))
      expect(refused.status).to.equal(422)
      expect(refused.text).to.include('name="idempotencyKey" value="page-key-2"')
      await expectNothingStored()
    })
  })
})
