// A completed task keeps what was submitted (Task.submitted): the read-only task page (plain fields and the
// form-js JSON block) and GET /api/tasks/:id show it with who completed the task and when; the task page names the
// case's applicant ("Nowak, Anna") to those who may read the case, never a PESEL.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { EngineError } from '../../engine/port.ts'
import { APPLICANT_PESEL, insertForm, insertTask, validInterview } from '../helpers/web-fixtures.ts'

/** The JSON of the page's form-js block. */
function formData(html: string): { data: Record<string, unknown>; readOnly: boolean } {
  const json = /<script type="application\/json" id="task-form-data">([\s\S]*?)<\/script>/.exec(html)?.[1]
  if (!json) throw new Error('no form data block on the page')
  return JSON.parse(json)
}

describe('web: what a completed task recorded, and the applicant on the task page', function () {
  let db: TestDatabase
  let app: Express
  let engine: FakeEngine
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const built = await createWebTestApp(db)
    app = built.app
    engine = built.fakeEngine!
    for (const login of ['pracownik', 'pracownik2', 'asystent']) tokens[login] = await tokenFor(app, login)
    await insertForm(db.prisma)
  })

  const get = (path: string, login: string) => request(app).get(path).set(bearer(tokens[login]))
  const complete = (id: string, login: string, variables: object) =>
    request(app).post(`/api/tasks/${id}/complete`).set(bearer(tokens[login])).send({ variables })

  async function insertCase(ownerGroup = 'caseworkers') {
    const kase = await db.prisma.case.create({
      data: { number: 'OPS.8311.12.2026', procedure: 'benefit-application', receivedAt: new Date('2026-03-02'), ownerGroup },
    })
    await db.prisma.person.create({ data: { caseId: kase.id, role: 'applicant', pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' } })
    await db.prisma.person.create({ data: { caseId: kase.id, role: 'household', firstName: 'Piotr', lastName: 'Kowal' } })
    return kase
  }

  describe('GET /api/tasks/:id', () => {
    it('should return what was submitted (as validated) with completedBy and completedAt when the task was completed', async () => {
      // given
      const task = await insertTask(db.prisma, { formKey: 'web-interview', formVersion: 1, variables: { householdSize: 3 } })
      expect((await complete(task.id, 'pracownik', { ...validInterview, postcode: '' })).status).to.equal(200)
      // when
      const res = await get(`/api/tasks/${task.id}`, 'pracownik2')
      // then
      expect(res.status).to.equal(200)
      expect(res.body).to.include({ status: 'completed', completedBy: 'pracownik' })
      expect(res.body.completedAt).to.be.a('string')
      expect(res.body.submitted).to.deep.equal(validInterview) // as validated: the empty optional field left out
      expect(res.body.variables).to.deep.equal({ householdSize: 3 })
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.read', taskId: task.id } })).to.equal(1)
    })

    it('should give submitted null when the task is open', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview', formVersion: 1 })
      const res = await get(`/api/tasks/${task.id}`, 'pracownik')
      expect(res.body.submitted).to.equal(null)
      expect(res.body.completedBy).to.equal(null)
    })

    it('should keep nothing submitted when the engine refuses the completion', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview', formVersion: 1 })
      engine.completeUserTask = async () => {
        throw new EngineError('UNAVAILABLE', 'down')
      }
      expect((await complete(task.id, 'pracownik', validInterview)).status).to.equal(503)
      const row = await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })
      expect(row.submitted).to.equal(null)
      expect(row.completedBy).to.equal(null)
    })

    it('should keep nothing submitted when the form has errors', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview', formVersion: 1 })
      expect((await complete(task.id, 'pracownik', { ...validInterview, householdSizeConfirmed: 0 })).status).to.equal(422)
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).submitted).to.equal(null)
    })

    it('should answer 403 when the task is outside my groups after it was completed', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview', formVersion: 1 })
      await complete(task.id, 'pracownik', validInterview)
      const res = await get(`/api/tasks/${task.id}`, 'asystent')
      expect(res.status).to.equal(403)
      expect(res.body).not.to.have.property('submitted')
    })
  })

  describe('the task page', () => {
    it('should show the submitted values read-only with who completed the task and when when it was completed', async () => {
      // given
      const task = await insertTask(db.prisma, { formKey: 'web-interview', formVersion: 1, variables: { householdSize: 3 } })
      const situation = 'Rodzina w trudnej sytuacji, <wpis> & "cytat".'
      expect((await complete(task.id, 'pracownik', { ...validInterview, situationDescription: situation })).status).to.equal(200)
      const { agent } = await browserFor(app, 'pracownik2')
      // when
      const res = await agent.get(`/tasks/${task.id}`)
      // then
      expect(res.status).to.equal(200)
      expect(res.text).to.match(/<dt>Zakończone przez<\/dt><dd>Pracownik Socjalny<\/dd>/)
      expect(res.text).to.match(/<dt>Data zakończenia<\/dt><dd>\d{2}\.\d{2}\.\d{4}[^<]*<\/dd>/)
      expect(res.text).to.include('Formularz pokazuje dane zapisane przy zakończeniu zadania')
      // the plain fields: the values, disabled
      expect(res.text).to.match(/<textarea[^>]*name="situationDescription"[^>]*disabled[^>]*>Rodzina w trudnej sytuacji, &lt;wpis&gt; &amp; &quot;cytat&quot;\.<\/textarea>/)
      expect(res.text).to.match(/<input[^>]*name="householdSizeConfirmed"[^>]*value="3"/)
      expect(res.text).to.match(/<input[^>]*name="interviewDate"[^>]*value="2026-03-09"/)
      // the form-js block: the same values, read-only
      const block = formData(res.text)
      expect(block.readOnly).to.equal(true)
      expect(block.data).to.deep.include({ ...validInterview, situationDescription: situation, householdSize: 3 })
      expect(res.text).not.to.include('<wpis>')
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.read', taskId: task.id } })).to.equal(1)
    })

    it('should say that nothing was kept when the task was completed before submissions were stored', async () => {
      const task = await insertTask(db.prisma, {
        formKey: 'web-interview', formVersion: 1, status: 'completed', completedBy: 'pracownik', completedAt: new Date('2026-03-05T10:00:00Z'),
        variables: { householdSizeConfirmed: 2 },
      })
      const { agent } = await browserFor(app, 'pracownik')
      const res = await agent.get(`/tasks/${task.id}`)
      expect(res.status).to.equal(200)
      expect(res.text).to.include('Danych wpisanych przy zakończeniu tego zadania nie zachowano')
      expect(formData(res.text).data).to.deep.equal({ householdSizeConfirmed: 2 })
    })

    it('should show neither the completion facts nor the recorded note when the task is open', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview', formVersion: 1 })
      const { agent } = await browserFor(app, 'pracownik')
      const res = await agent.get(`/tasks/${task.id}`)
      expect(res.text).not.to.include('Zakończone przez')
      expect(res.text).not.to.include('task-recorded-hint')
    })

    it('should show the case number and the applicant as surname, first name when I may read the case', async () => {
      const kase = await insertCase()
      const task = await insertTask(db.prisma, { caseId: kase.id })
      const { agent } = await browserFor(app, 'pracownik')
      const res = await agent.get(`/tasks/${task.id}`)
      expect(res.status).to.equal(200)
      expect(res.text).to.include(`<a href="/cases/${kase.id}">OPS.8311.12.2026</a>`)
      expect(res.text).to.include('<dt>Wnioskodawca</dt><dd>Nowak, Anna</dd>')
      expect(res.text).not.to.include('Kowal')
      expect(res.text).not.to.include(APPLICANT_PESEL)
    })

    it('should not show the applicant when I may see the task but not the case', async () => {
      const kase = await insertCase()
      const task = await insertTask(db.prisma, { caseId: kase.id, candidateGroups: ['family-assistants'] })
      const { agent } = await browserFor(app, 'asystent')
      const res = await agent.get(`/tasks/${task.id}`)
      expect(res.status).to.equal(200)
      expect(res.text).not.to.include('Wnioskodawca')
      expect(res.text).not.to.include('Nowak')
      expect(res.text).not.to.include(APPLICANT_PESEL)
    })

    it('should show the applicant when I work on the case in a named role', async () => {
      const kase = await insertCase()
      await db.prisma.caseAssignment.create({ data: { caseId: kase.id, login: 'asystent', role: 'family-assistant', assignedAt: new Date('2026-03-03') } })
      const task = await insertTask(db.prisma, { caseId: kase.id, candidateGroups: ['family-assistants'] })
      const { agent } = await browserFor(app, 'asystent')
      const res = await agent.get(`/tasks/${task.id}`)
      expect(res.text).to.include('<dt>Wnioskodawca</dt><dd>Nowak, Anna</dd>')
    })
  })
})
