import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { browserFor, createWebTestApp } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { APPLICANT_PESEL, insertForm, insertTask, SPOUSE_PESEL } from '../helpers/web-fixtures.ts'

const labelsFor = (html: string) => [...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1])
const inputIds = (html: string) =>
  [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1])
const visibleInputs = (html: string) =>
  [...html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)].filter((m) => !/type="hidden"/.test(m[2]))

describe('web: pages', function () {
  let db: TestDatabase
  let app: Express
  let engine: FakeEngine

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const built = await createWebTestApp(db)
    app = built.app
    engine = built.fakeEngine!
  })

  it('should show the login page in Polish by default and in English when ?lang=en', async () => {
    const pl = await request(app).get('/login')
    expect(pl.status).to.equal(200)
    expect(pl.text).to.include('<html lang="pl">').and.include('Zaloguj się')
    const en = await request(app).get('/login?lang=en')
    expect(en.text).to.include('<html lang="en">').and.include('Sign in')
    expect(String(en.headers['set-cookie'])).to.match(/wf_lang=en/)
  })

  it('should remember the language when the wf_lang cookie is set', async () => {
    const res = await request(app).get('/login').set('Cookie', 'wf_lang=en')
    expect(res.text).to.include('Sign in')
  })

  it('should sign in, go to the inbox and sign out when the login form is used', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const inbox = await agent.get('/inbox')
    expect(inbox.status).to.equal(200)
    expect(inbox.text).to.include('Moje zadania').and.include('Zadania moich grup').and.include('Pracownik Socjalny')
    const out = await agent.post('/logout').type('form').send({ _csrf: csrf })
    expect(out.status).to.equal(303)
    expect((await agent.get('/inbox')).status).to.equal(303)
  })

  it('should show the error and keep the login when the password is wrong', async () => {
    const agent = request.agent(app)
    const form = await agent.get('/login')
    const loginToken = /name="loginToken" value="([^"]+)"/.exec(form.text)![1]
    const res = await agent.post('/login').type('form').send({ login: 'pracownik', password: 'zle', loginToken })
    expect(res.status).to.equal(401)
    expect(res.text).to.include('Nieprawidłowy login lub hasło.').and.include('value="pracownik"')
  })

  it('should redirect back to the page asked for when the user signs in from a redirect', async () => {
    const agent = request.agent(app)
    const first = await agent.get('/cases/new')
    expect(first.headers.location).to.equal('/login?next=%2Fcases%2Fnew')
    const form = await agent.get(first.headers.location)
    const loginToken = /name="loginToken" value="([^"]+)"/.exec(form.text)![1]
    expect(form.text).to.include('name="next" value="/cases/new"')
    const res = await agent.post('/login').type('form').send({ login: 'pracownik', password: 'demo', loginToken, next: 'https://evil.example/' })
    expect(res.headers.location).to.equal('/inbox')
  })

  it('should mark overdue rows, escape task names and offer claim buttons with CSRF when the group tab is shown', async () => {
    // given
    await insertTask(db.prisma, { name: '<script>alert(1)</script>', dueAt: new Date('2026-03-01T10:00:00Z') })
    await insertTask(db.prisma, { name: 'Przyszłe', dueAt: new Date('2026-04-01T10:00:00Z') })
    const { agent, csrf } = await browserFor(app, 'pracownik')
    // when
    const res = await agent.get('/inbox?tab=group')
    // then
    expect(res.text).not.to.include('<script>alert(1)</script>')
    expect(res.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(res.text).to.include('class="overdue"').and.include('po terminie')
    expect(res.text).to.include('01.03.2026').and.include('01.04.2026')
    expect(res.text.indexOf('01.03.2026')).to.be.lessThan(res.text.indexOf('01.04.2026'))
    expect(res.text).to.include(`name="_csrf" value="${csrf}"`)
    expect(res.text.match(/action="\/tasks\/[^"]+\/claim"/g)).to.have.length(2)
  })

  it('should claim a task and come back to the inbox when the claim button is pressed', async () => {
    const task = await insertTask(db.prisma)
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const res = await agent.post(`/tasks/${task.id}/claim`).type('form').send({ _csrf: csrf, returnTo: '/inbox?tab=group' })
    expect(res.status).to.equal(303)
    expect(res.headers.location).to.equal('/inbox?tab=group&notice=claimed')
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee).to.equal('pracownik')
    const mine = await agent.get('/inbox?tab=mine')
    expect(mine.text).to.include(task.name).and.include('Zwolnij')
  })

  it('should show a 409 page when the task is already claimed by someone else', async () => {
    const task = await insertTask(db.prisma, { assignee: 'pracownik2' })
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const res = await agent.post(`/tasks/${task.id}/claim`).type('form').send({ _csrf: csrf })
    expect(res.status).to.equal(409)
  })

  it('should render every form field with a label and re-render errors with the values when the task form is invalid', async () => {
    // given
    await insertForm(db.prisma)
    const task = await insertTask(db.prisma, { formKey: 'web-interview', assignee: 'pracownik', variables: { householdSizeConfirmed: 3 } })
    const { agent, csrf } = await browserFor(app, 'pracownik')
    // when
    const page = await agent.get(`/tasks/${task.id}`)
    // then
    expect(page.status).to.equal(200)
    const ids = inputIds(page.text)
    expect(ids.length).to.be.greaterThan(5)
    for (const id of ids) expect(labelsFor(page.text), id).to.include(id)
    expect(page.text).to.include('Wywiad &lt;b&gt;środowiskowy&lt;/b&gt;')
    expect(page.text).to.match(/name="householdSizeConfirmed" value="3"/)
    // when: submitted with errors
    const bad = await agent.post(`/tasks/${task.id}/complete`).type('form')
      .send({ _csrf: csrf, interviewDate: '2026-03-09', assistanceReason: 'poverty', householdSizeConfirmed: '0', situationDescription: 'krótko' })
    // then
    expect(bad.status).to.equal(422)
    expect(bad.text).to.include('Formularz zawiera błędy').and.include('Wartość nie może być mniejsza niż 1').and.include('Co najmniej 10 znaków')
    expect(bad.text).to.match(/name="householdSizeConfirmed" value="0"/)
    expect(bad.text).to.include('krótko</textarea>')
    expect(bad.text).to.match(/<option value="poverty" selected>/)
    expect(engine.completed).to.have.length(0)
    // when: corrected
    const ok = await agent.post(`/tasks/${task.id}/complete`).type('form')
      .send({ _csrf: csrf, interviewDate: '2026-03-09', assistanceReason: 'poverty', householdSizeConfirmed: '2', situationDescription: 'Rodzina potrzebuje wsparcia.', cooperates: 'true' })
    expect(ok.status).to.equal(303)
    const { id: pracownikId } = await db.prisma.user.findUniqueOrThrow({ where: { login: 'pracownik' } })
    expect(engine.completed[0].variables).to.deep.equal({
      interviewDate: '2026-03-09', assistanceReason: 'poverty', householdSizeConfirmed: 2, situationDescription: 'Rodzina potrzebuje wsparcia.', cooperates: true,
      recordedBy: pracownikId, // who completed it, for the history entries the procedure writes next
    })
  })

  it('should show the task page as 403 when the task is outside the user groups', async () => {
    const task = await insertTask(db.prisma)
    const { agent } = await browserFor(app, 'asystent')
    expect((await agent.get(`/tasks/${task.id}`)).status).to.equal(403)
  })

  it('should label every field of the registration page and re-render errors with the entered values', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const page = await agent.get('/cases/new')
    expect(page.status).to.equal(200)
    for (const id of inputIds(page.text)) expect(labelsFor(page.text), id).to.include(id)
    expect(visibleInputs(page.text).length).to.be.greaterThan(20)
    const res = await agent.post('/cases').type('form').send({
      _csrf: csrf, procedure: 'benefit-application', receivedAt: '2026-03-09', benefit: 'zasilek-celowy',
      'applicant.pesel': '123', 'applicant.firstName': 'Anna', 'applicant.lastName': 'Nowak',
      'household[2].pesel': SPOUSE_PESEL, 'household[2].firstName': 'Piotr', 'household[2].lastName': '',
      'incomes[1].pesel': SPOUSE_PESEL, 'incomes[1].monthlyNet': '-5',
    })
    expect(res.status).to.equal(422)
    expect(res.text).to.include('Nieprawidłowy PESEL').and.include('Kwota nie może być ujemna').and.include('Pole wymagane')
    expect(res.text).to.match(/id="r-household-2--lastName"[^>]*aria-invalid="true"/)
    expect(res.text).to.match(/name="incomes\[1\]\.monthlyNet" [^>]*value="-5"/)
    expect(res.text).to.include('value="Anna"')
    expect(await db.prisma.case.count()).to.equal(0)
  })

  it('should register the application and show the case page when the form is valid', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const res = await agent.post('/cases').type('form').send({
      _csrf: csrf, procedure: 'benefit-application', receivedAt: '2026-03-09', benefit: 'zasilek-celowy', urgent: 'on',
      'applicant.pesel': APPLICANT_PESEL, 'applicant.firstName': 'Anna', 'applicant.lastName': 'Nowak',
      'household[1].pesel': SPOUSE_PESEL, 'household[1].firstName': 'Piotr', 'household[1].lastName': 'Nowak',
      'incomes[0].pesel': SPOUSE_PESEL, 'incomes[0].monthlyNet': '1 234,50',
    })
    expect(res.status).to.equal(303)
    const kase = await db.prisma.case.findFirstOrThrow({ include: { incomes: true } })
    expect(kase.urgent).to.equal(true)
    expect(Number(kase.incomes[0].monthlyNet)).to.equal(1234.5)
    expect(res.headers.location).to.equal(`/cases/${kase.id}?notice=registered`)
    const page = await agent.get(res.headers.location)
    expect(page.status).to.equal(200)
    expect(page.text).to.include('Wniosek zarejestrowany.').and.include('09.03.2026').and.include('Zasiłek celowy')
    expect(page.text).to.include('Piotr Nowak').and.include('1234,50').and.include('Zarejestrowano wniosek')
  })

  it('should show the case page as 403 when the user is outside the owner group', async () => {
    const kase = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-01') } })
    const { agent } = await browserFor(app, 'asystent')
    const res = await agent.get(`/cases/${kase.id}`)
    expect(res.status).to.equal(403)
    expect(res.text).to.include('Brak dostępu')
  })
})
