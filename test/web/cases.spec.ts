import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { APPLICANT_PESEL, benefitApplication, CHILD_PESEL, insertTask, pesel, SPOUSE_PESEL } from '../helpers/web-fixtures.ts'
import { EngineError } from '../../engine/port.ts'

describe('web: cases API (POST /api/cases, GET /api/cases/:id)', function () {
  let db: TestDatabase
  let app: Express
  let engine: FakeEngine
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
    token = await tokenFor(app, 'pracownik')
  })

  const register = (body: unknown, t = token) => request(app).post('/api/cases').set(bearer(t)).send(body as object)

  async function expectNothingStored(): Promise<void> {
    expect(await db.prisma.case.count()).to.equal(0)
    expect(await db.prisma.person.count()).to.equal(0)
    expect(await db.prisma.income.count()).to.equal(0)
    expect(engine.started).to.have.length(0)
  }

  describe('registration', () => {
    it('should store the case, persons and incomes and start the procedure when the application is valid', async () => {
      // when
      const res = await register(benefitApplication())
      // then
      expect(res.status).to.equal(201)
      expect(res.body).to.have.keys('id', 'number')
      expect(res.body.number).to.match(/^OPS\.8311\.\d+\.2026$/)
      const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: res.body.id }, include: { persons: true, incomes: true, events: true } })
      expect(kase).to.include({ procedure: 'benefit-application', status: 'open', ownerGroup: 'caseworkers', benefit: 'zasilek-okresowy', urgent: false, processInstanceId: 'instance-1' })
      expect(kase.receivedAt.toISOString().slice(0, 10)).to.equal('2026-03-09')
      expect(kase.persons.map((p) => p.role).sort()).to.deep.equal(['applicant', 'household', 'household'])
      expect(kase.incomes.map((i) => Number(i.monthlyNet)).sort((a, b) => a - b)).to.deep.equal([800, 1200.5])
      expect(kase.events.map((e) => e.type)).to.deep.equal(['registered', 'number-assigned'])
      expect(await db.prisma.auditEvent.count({ where: { action: 'case.register', caseId: kase.id } })).to.equal(1)
    })

    it('should start the instance with ids and amounts only when the application names people', async () => {
      const res = await register(benefitApplication({ urgent: true }))
      expect(engine.started).to.have.length(1)
      const started = engine.started[0]
      expect(started.processId).to.equal('benefit-application')
      expect(started.businessKey).to.equal(res.body.id)
      expect(started.variables).to.deep.include({ caseId: res.body.id, receivedAt: '2026-03-09', urgent: true, benefit: 'zasilek-okresowy', householdSize: 3 })
      const incomes = started.variables!.incomes as { personId: string; monthlyNet: number }[]
      expect(incomes.map((i) => i.monthlyNet)).to.deep.equal([1200.5, 800])
      const persons = await db.prisma.person.findMany({ where: { caseId: res.body.id } })
      expect(incomes.every((i) => persons.some((p) => p.id === i.personId))).to.equal(true)
      const text = JSON.stringify(started.variables)
      for (const secret of [APPLICANT_PESEL, SPOUSE_PESEL, 'Anna', 'Nowak']) expect(text).not.to.include(secret)
    })

    it('should return the case number when it is already assigned by the time the response is sent', async () => {
      // given: an engine whose start runs register-case synchronously
      const start = engine.startInstance.bind(engine)
      engine.startInstance = async (req) => {
        await db.prisma.case.update({ where: { id: req.businessKey! }, data: { number: 'OPS.8311.1.2026' } })
        return start(req)
      }
      const res = await register(benefitApplication())
      expect(res.body.number).to.equal('OPS.8311.1.2026')
    })

    it('should pass extra variables when the procedure is not benefit-application', async () => {
      const res = await register({
        procedure: 'family-assistance',
        receivedAt: '2026-03-01',
        applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' },
        variables: { referralSource: 'court', caseId: 'spoofed' },
      })
      expect(res.status).to.equal(201)
      expect(engine.started[0].variables).to.deep.include({ referralSource: 'court', caseId: res.body.id, householdSize: 1 })
    })

    it('should answer 422 naming the field and store nothing when a PESEL is invalid', async () => {
      const res = await register(benefitApplication({ applicant: { pesel: '80051412345', firstName: 'Anna', lastName: 'Nowak' } }))
      expect(res.status).to.equal(422)
      expect(res.body.error.code).to.equal('VALIDATION_FAILED')
      expect(res.body.error.fields).to.deep.equal({ 'applicant.pesel': 'Nieprawidłowy PESEL', 'incomes[0].pesel': 'PESEL nie należy do wnioskodawcy ani członka gospodarstwa' })
      await expectNothingStored()
    })

    it('should answer 422 for each household member when their PESEL is invalid or repeated', async () => {
      const res = await register(benefitApplication({
        household: [
          { pesel: '12345678901', firstName: 'X', lastName: 'Y' },
          { pesel: APPLICANT_PESEL, firstName: 'Z', lastName: 'Q' },
        ],
        incomes: [],
      }))
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.have.keys('household[0].pesel', 'household[1].pesel')
      await expectNothingStored()
    })

    it('should answer 422 when receivedAt is in the future in Warsaw or malformed', async () => {
      // the fake clock is 2026-03-10 10:00 in Warsaw
      const future = await register(benefitApplication({ receivedAt: '2026-03-11' }))
      expect(future.status).to.equal(422)
      expect(future.body.error.fields).to.deep.equal({ receivedAt: 'Data nie może być z przyszłości' })
      for (const bad of ['2026-02-30', '10.03.2026', 20260301, '']) {
        const res = await register(benefitApplication({ receivedAt: bad }))
        expect(res.status, String(bad)).to.equal(422)
        expect(res.body.error.fields, String(bad)).to.have.key('receivedAt')
      }
      expect((await register(benefitApplication({ receivedAt: '2026-03-10' }))).status).to.equal(201)
    })

    it('should compare receivedAt with the Warsaw date when UTC is still the day before', async () => {
      const { app: lateApp, clock } = await createWebTestApp(db)
      clock.set('2026-03-09T23:30:00Z') // 00:30 on 10 March in Warsaw
      const t = await tokenFor(lateApp, 'kierownik')
      const res = await request(lateApp).post('/api/cases').set(bearer(t)).send(benefitApplication({ receivedAt: '2026-03-10' }))
      expect(res.status).to.equal(201)
    })

    it('should answer 422 when an income is negative, not a number or belongs to nobody in the household', async () => {
      const res = await register(benefitApplication({
        incomes: [
          { pesel: APPLICANT_PESEL, monthlyNet: -1 },
          { pesel: SPOUSE_PESEL, monthlyNet: 'abc' },
          { pesel: pesel('1990-01-01', 1111), monthlyNet: 100 },
          { pesel: CHILD_PESEL, monthlyNet: 10.005 },
        ],
      }))
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.deep.equal({
        'incomes[0].monthlyNet': 'Kwota nie może być ujemna',
        'incomes[1].monthlyNet': 'Podaj liczbę',
        'incomes[2].pesel': 'PESEL nie należy do wnioskodawcy ani członka gospodarstwa',
        'incomes[3].monthlyNet': 'Najwyżej 2 miejsca po przecinku',
      })
      await expectNothingStored()
    })

    it('should answer 422 on field procedure when the procedure is unknown', async () => {
      const res = await register(benefitApplication({ procedure: 'no-such-procedure' }))
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.deep.equal({ procedure: 'Nieznana procedura' })
      await expectNothingStored()
    })

    it('should answer 422 when benefit, names or applicant are missing', async () => {
      const res = await register({ procedure: 'benefit-application', receivedAt: '2026-03-01', applicant: { pesel: APPLICANT_PESEL } })
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.have.keys('benefit', 'applicant.firstName', 'applicant.lastName')
      const none = await register({ procedure: 'benefit-application', receivedAt: '2026-03-01', benefit: 'zasilek-staly' })
      expect(none.body.error.fields).to.have.key('applicant')
      await expectNothingStored()
    })

    it('should give messages in English when the request asks for ?lang=en', async () => {
      const res = await request(app).post('/api/cases?lang=en').set(bearer(token))
        .send(benefitApplication({ applicant: { pesel: '1', firstName: 'A', lastName: 'B' }, incomes: [] }))
      expect(res.body.error.fields).to.deep.equal({ 'applicant.pesel': 'Invalid PESEL' })
    })

    it('should keep the case start-pending for a retry and answer 503 when the engine cannot start the procedure', async () => {
      // given
      engine.failStart = new EngineError('UNAVAILABLE', 'broker down')
      // when
      const res = await register(benefitApplication())
      // then
      expect(res.status).to.equal(503)
      expect(res.body.error.code).to.equal('ENGINE_UNAVAILABLE')
      expect(res.body.error.caseId).to.be.a('string')
      expect(res.body.error.message).to.include(res.body.error.caseId)
      const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: res.body.error.caseId }, include: { persons: true, events: true } })
      expect(kase).to.include({ status: 'open', processInstanceId: null, startAttempts: 1 })
      expect(kase.startPendingSince).to.be.an.instanceOf(Date)
      expect(kase.startRetryAt!.getTime()).to.be.greaterThan(kase.startPendingSince!.getTime())
      expect(kase.persons).to.have.length(3)
      expect(kase.events.map((e) => e.type)).to.deep.equal(['registered', 'number-assigned', 'start-failed'])
      const read = await request(app).get(`/api/cases/${kase.id}`).set(bearer(token))
      expect(read.body).to.include({ startPending: true, startAttempts: 1 })
    })
  })

  describe('reading', () => {
    async function registered(): Promise<string> {
      const res = await register(benefitApplication())
      return res.body.id as string
    }

    it('should return the case with people, incomes, history and open tasks when a caseworker asks', async () => {
      // given
      const id = await registered()
      await insertTask(db.prisma, { caseId: id, name: 'Rodzinny wywiad środowiskowy', dueAt: new Date('2026-03-24T22:59:59Z') })
      // when
      const res = await request(app).get(`/api/cases/${id}`).set(bearer(token))
      // then
      expect(res.status).to.equal(200)
      expect(res.body.number).to.match(/^OPS\.8311\.\d+\.2026$/)
      expect(res.body).to.include({ id, procedure: 'benefit-application', status: 'open', outcome: null, receivedAt: '2026-03-09', urgent: false, benefit: 'zasilek-okresowy' })
      expect(res.body.applicant).to.include({ pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' })
      expect(res.body.household.map((p: { pesel: string }) => p.pesel)).to.deep.equal([SPOUSE_PESEL, CHILD_PESEL])
      expect(res.body.incomes).to.deep.equal([{ pesel: APPLICANT_PESEL, monthlyNet: 1200.5 }, { pesel: SPOUSE_PESEL, monthlyNet: 800 }])
      expect(res.body.history.map((h: { type: string }) => h.type)).to.deep.equal(['registered', 'number-assigned'])
      expect(res.body.history[0]).to.include({ type: 'registered', actor: 'pracownik' })
      expect(res.body.openTasks).to.have.length(1)
      expect(res.body.openTasks[0]).to.have.keys('id', 'name', 'caseId', 'candidateGroups', 'assignee', 'dueAt', 'priority', 'status')
    })

    it('should let managers see a case when they are not in its owner group', async () => {
      const id = await registered()
      const res = await request(app).get(`/api/cases/${id}`).set(bearer(await tokenFor(app, 'kierownik')))
      expect(res.status).to.equal(200)
    })

    it('should answer 403 and audit the refusal when the user is outside the owner group', async () => {
      const id = await registered()
      const res = await request(app).get(`/api/cases/${id}`).set(bearer(await tokenFor(app, 'asystent')))
      expect(res.status).to.equal(403)
      expect(res.body.error.code).to.equal('FORBIDDEN')
      expect(JSON.stringify(res.body)).not.to.include('Nowak')
      expect(await db.prisma.auditEvent.count({ where: { action: 'case.read-denied', caseId: id } })).to.equal(1)
    })

    it('should answer 404 when the case does not exist', async () => {
      const res = await request(app).get('/api/cases/00000000-0000-0000-0000-000000000000').set(bearer(token))
      expect(res.status).to.equal(404)
    })

    it('should write an audit event without personal data when a case is read', async () => {
      const id = await registered()
      await request(app).get(`/api/cases/${id}`).set(bearer(token))
      await request(app).get(`/api/cases/${id}`).set(bearer(token))
      const reads = await db.prisma.auditEvent.findMany({ where: { action: 'case.read', caseId: id } })
      expect(reads).to.have.length(2)
      expect(reads[0].userId).to.be.a('string')
      expect(reads[0].ip).to.be.a('string')
      const all = JSON.stringify(await db.prisma.auditEvent.findMany())
      expect(all).not.to.include(APPLICANT_PESEL)
      expect(all).not.to.include('Nowak')
    })
  })
})
