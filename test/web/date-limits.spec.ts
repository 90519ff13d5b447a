// Date limits end to end: a future interview date or one before the application's receipt, a past art. 36
// deadline, a receipt date before the legal values and a PESEL born after the receipt, each refused with a Polish
// field message (API and pages); and an amount with a third decimal in a decision draft.
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { APPLICANT_PESEL, benefitApplication, insertForm, insertTask } from '../helpers/web-fixtures.ts'
import { FakeClock } from '../../engine/clock.ts'

const realForm = (id: string) => JSON.parse(readFileSync(new URL(`../../processes/forms/${id}.form`, import.meta.url), 'utf8'))
const INTERVIEW = { interviewDate: '2026-03-10', assistanceReason: 'poverty', householdSizeConfirmed: 3, situationDescription: 'Rodzina w trudnej sytuacji.', cooperates: true }

describe('web: date limits (interview date, art. 36 deadline, receipt date, PESEL birth date)', function () {
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
    const built = await createWebTestApp(db) // today: 10 March 2026
    app = built.app
    engine = built.fakeEngine!
    token = await tokenFor(app, 'pracownik')
  })

  const post = (path: string, body: object, t = token) => request(app).post(path).set(bearer(t)).send(body)

  async function interviewTask(): Promise<string> {
    await insertForm(db.prisma, realForm('family-interview'))
    const kase = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-01') } })
    return (await insertTask(db.prisma, { formKey: 'family-interview', assignee: 'pracownik', caseId: kase.id, variables: { receivedAt: '2026-03-01' } })).id
  }

  describe('family interview', () => {
    it('should answer 422 with a Polish field message when the interview date is after today', async () => {
      const taskId = await interviewTask()
      const res = await post(`/api/tasks/${taskId}/complete`, { variables: { ...INTERVIEW, interviewDate: '2030-01-01' } })
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.deep.equal({ interviewDate: 'Data nie może być z przyszłości' })
      expect(engine.completed).to.have.length(0)
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).status).to.equal('open')
    })

    it('should answer 422 naming the receipt date when the interview is dated before the application was received', async () => {
      const taskId = await interviewTask()
      const res = await post(`/api/tasks/${taskId}/complete`, { variables: { ...INTERVIEW, interviewDate: '2026-02-27' } })
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.deep.equal({ interviewDate: 'Data nie może być wcześniejsza niż data wpływu wniosku (01.03.2026)' })
      expect(engine.completed).to.have.length(0)
      expect((await post(`/api/tasks/${taskId}/complete`, { variables: { ...INTERVIEW, interviewDate: '2026-03-01' } })).status).to.equal(200)
    })

    it('should complete the task when the interview took place today', async () => {
      const taskId = await interviewTask()
      const res = await post(`/api/tasks/${taskId}/complete`, { variables: INTERVIEW })
      expect(res.status).to.equal(200)
      expect(engine.completed).to.have.length(1)
    })

    it('should take today in Warsaw when UTC is still the day before', async () => {
      // 23:30 UTC on 10 March is 00:30 on 11 March in Warsaw
      const late = await createWebTestApp(db, { clock: new FakeClock('2026-03-10T23:30:00Z') })
      const t = await tokenFor(late.app, 'pracownik')
      const taskId = await interviewTask()
      const res = await request(late.app).post(`/api/tasks/${taskId}/complete`).set(bearer(t)).send({ variables: { ...INTERVIEW, interviewDate: '2026-03-11' } })
      expect(res.status).to.equal(200)
    })

    it('should re-render the task page with the message and the typed date when the date is in the future', async () => {
      const taskId = await interviewTask()
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const res = await agent.post(`/tasks/${taskId}/complete`).type('form').send({ _csrf: csrf, ...INTERVIEW, interviewDate: '2030-01-01', cooperates: 'true' })
      expect(res.status).to.equal(422)
      expect(res.text).to.include('Data nie może być z przyszłości').and.include('value="2030-01-01"')
    })
  })

  describe('money (at most 2 decimals)', () => {
    it('should answer 422 on the amount and keep the task open when a decision draft says 155.004 zł', async () => {
      await insertForm(db.prisma, realForm('decision-draft'))
      const kase = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-01') } })
      const task = await insertTask(db.prisma, { formKey: 'decision-draft', elementId: 'Task_draftDecision', assignee: 'pracownik', caseId: kase.id, variables: { benefit: 'zasilek-okresowy' } })
      const draft = { proposedOutcome: 'grant', proposedAmount: 155.004, periodMonths: 3, justification: 'Dochód rodziny jest niższy od kryterium dochodowego.' }
      const res = await post(`/api/tasks/${task.id}/complete`, { variables: draft })
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.deep.equal({ proposedAmount: 'Najwyżej 2 miejsca po przecinku' })
      expect(engine.completed).to.have.length(0)
      expect((await post(`/api/tasks/${task.id}/complete`, { variables: { ...draft, proposedAmount: 155 } })).status).to.equal(200)
    })

    it('should re-render the draft page with the message and the typed amount when it has a third decimal', async () => {
      await insertForm(db.prisma, realForm('decision-draft'))
      const kase = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-01') } })
      const task = await insertTask(db.prisma, { formKey: 'decision-draft', elementId: 'Task_draftDecision', assignee: 'pracownik', caseId: kase.id, variables: { benefit: 'zasilek-okresowy' } })
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const res = await agent.post(`/tasks/${task.id}/complete`).type('form').send({
        _csrf: csrf, proposedOutcome: 'grant', proposedAmount: '155,004', periodMonths: '3', justification: 'Dochód rodziny jest niższy od kryterium dochodowego.',
      })
      expect(res.status).to.equal(422)
      expect(res.text).to.include('Najwyżej 2 miejsca po przecinku').and.include('value="155,004"')
    })
  })

  describe('art. 36 notice', () => {
    async function noticeTask(caseDeadlineDate: string): Promise<string> {
      await insertForm(db.prisma, realForm('art36-notice'))
      const kase = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-01-05'), ownerGroup: 'caseworkers' } })
      const task = await insertTask(db.prisma, {
        engine: 'sla', engineKey: `sla:art36:${kase.id}`, instanceId: `sla:${kase.id}`, caseId: kase.id, elementId: 'Task_art36Notice',
        formKey: 'art36-notice', assignee: 'pracownik', variables: { caseDeadlineDate },
      })
      return task.id
    }

    it('should answer 422 naming tomorrow as DD.MM.YYYY when the new deadline has already passed', async () => {
      const taskId = await noticeTask('2026-02-03')
      const res = await post(`/api/tasks/${taskId}/complete`, { variables: { noticeSentAt: '2026-03-10', newDeadline: '2026-03-01', delayReason: 'documents' } })
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.deep.equal({ newDeadline: 'Data nie może być wcześniejsza niż 11.03.2026' })
      expect((await db.prisma.case.findFirstOrThrow()).extendedTo).to.equal(null)
    })

    it('should set the case’s new deadline when it is in the future', async () => {
      const taskId = await noticeTask('2026-02-03')
      const res = await post(`/api/tasks/${taskId}/complete`, { variables: { noticeSentAt: '2026-03-10', newDeadline: '2026-03-11', delayReason: 'documents' } })
      expect(res.status).to.equal(200)
      expect((await db.prisma.case.findFirstOrThrow()).extendedTo!.toISOString().slice(0, 10)).to.equal('2026-03-11')
    })
  })

  describe('registration', () => {
    it('should answer 422 naming the first day of the legal values when the receipt date is before it', async () => {
      const res = await post('/api/cases', benefitApplication({ receivedAt: '2020-01-01' }))
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.deep.equal({
        receivedAt: 'Data nie może być wcześniejsza niż 01.01.2022: od tego dnia system zna parametry prawne świadczeń (kryteria dochodowe i kwoty)',
      })
      expect(await db.prisma.case.count()).to.equal(0)
      expect(engine.started).to.have.length(0)
    })

    it('should answer 422 when a PESEL gives a birth date after the receipt date', async () => {
      const res = await post('/api/cases', benefitApplication({
        household: [{ pesel: '30210100018', firstName: 'Ola', lastName: 'Nowak' }],
        incomes: [],
      }))
      expect(res.status).to.equal(422)
      expect(res.body.error.fields).to.deep.equal({ 'household[0].pesel': 'Według numeru PESEL data urodzenia jest późniejsza niż data wpływu wniosku' })
      expect(await db.prisma.case.count()).to.equal(0)
    })

    it('should re-render the registration page with the message and the typed values when the receipt date is too early', async () => {
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const res = await agent.post('/cases').type('form').send({
        _csrf: csrf, procedure: 'benefit-application', receivedAt: '2020-01-01', benefit: 'zasilek-celowy',
        'applicant.pesel': APPLICANT_PESEL, 'applicant.firstName': 'Anna', 'applicant.lastName': 'Nowak',
      })
      expect(res.status).to.equal(422)
      expect(res.text).to.include('Data nie może być wcześniejsza niż 01.01.2022')
      expect(res.text).to.match(/name="receivedAt"[^>]*value="2020-01-01"/)
      expect(res.text).to.include('value="Anna"')
      expect(await db.prisma.case.count()).to.equal(0)
    })
  })
})
