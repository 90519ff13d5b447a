// Who may register which procedure (src/cases/registration-access.ts), and the confirmation page for a registrant
// who may not open the case afterwards (a Blue Card registered by a caseworker).
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { APPLICANT_PESEL, benefitApplication } from '../helpers/web-fixtures.ts'
import { createUser } from '../../src/users/create-user.ts'
import { BLUE_CARD_TEAM, CASEWORKERS, PSYCHOLOGISTS } from '../../src/users/groups.ts'
import { mayRegister, mayRegisterAny } from '../../src/cases/registration-access.ts'

const blueCard = {
  procedure: 'blue-card',
  receivedAt: '2026-03-09',
  applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' },
  variables: { perpetratorPresent: false },
}

const blueCardForm = (csrf: string) => ({
  _csrf: csrf, procedure: 'blue-card', receivedAt: '2026-03-09',
  'applicant.pesel': APPLICANT_PESEL, 'applicant.firstName': 'Anna', 'applicant.lastName': 'Nowak',
})

describe('web: who may register which procedure', function () {
  let db: TestDatabase
  let app: Express

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const built = await createWebTestApp(db)
    app = built.app
    built.fakeEngine!.processes = [
      ...built.fakeEngine!.processes,
      { id: 'blue-card', name: 'Niebieska Karta', version: 1 },
      { id: 'za-zyciem-coordination', name: 'Za życiem', version: 1 },
    ]
    await createUser(db.prisma, { login: 'zespol', displayName: 'Członek GDP', password: 'demo', groups: [CASEWORKERS, BLUE_CARD_TEAM] })
    await createUser(db.prisma, { login: 'psycholog', displayName: 'Psycholog', password: 'demo', groups: [PSYCHOLOGISTS] })
  })

  const register = async (login: string, body: object) => request(app).post('/api/cases').set(bearer(await tokenFor(app, login))).send(body)

  it('should decide per procedure when the groups are asked', () => {
    const as = (...groups: string[]) => ({ groups })
    expect(mayRegister(as('caseworkers'), 'benefit-application')).to.equal(true)
    expect(mayRegister(as('managers'), 'za-zyciem-coordination')).to.equal(true)
    expect(mayRegister(as('admins'), 'crisis-intervention')).to.equal(true)
    expect(mayRegister(as('family-assistants'), 'benefit-application')).to.equal(false)
    expect(mayRegister(as('family-assistants'), 'za-zyciem-coordination')).to.equal(false)
    expect(mayRegister(as('family-assistants'), 'blue-card')).to.equal(true)
    expect(mayRegister(as('blue-card-team'), 'blue-card')).to.equal(true)
    expect(mayRegister(as('blue-card-team'), 'benefit-application')).to.equal(false)
    expect(mayRegister(as('admins'), 'blue-card')).to.equal(false)
    expect(mayRegisterAny(as('psychologists'))).to.equal(false)
    expect(mayRegisterAny(as('family-assistants'))).to.equal(true)
  })

  it('should answer 403, audit it and store nothing when a family assistant registers a benefit or "Za życiem" application', async () => {
    const benefit = await register('asystent', benefitApplication())
    expect(benefit.status).to.equal(403)
    expect(benefit.body.error.code).to.equal('FORBIDDEN')
    const zaZyciem = await register('asystent', { ...blueCard, procedure: 'za-zyciem-coordination', variables: {} })
    expect(zaZyciem.status).to.equal(403)
    expect(await db.prisma.case.count()).to.equal(0)
    expect(await db.prisma.auditEvent.count({ where: { action: 'case.register-denied' } })).to.equal(2)
  })

  it('should answer 201 with the id and number when a caseworker, a manager or an administrator registers a benefit application', async () => {
    for (const login of ['pracownik', 'kierownik', 'admin']) {
      const res = await register(login, benefitApplication())
      expect(res.status, login).to.equal(201)
      expect(res.body.id).to.be.a('string')
      expect(res.body.number).to.be.a('string')
    }
  })

  it('should answer 201 when a family assistant, a manager or a team member registers a Blue Card, and 403 for an administrator only', async () => {
    for (const login of ['asystent', 'kierownik', 'zespol', 'pracownik']) expect((await register(login, blueCard)).status, login).to.equal(201)
    const adminOnly = await createUser(db.prisma, { login: 'it', displayName: 'IT', password: 'demo', groups: ['admins'] })
    expect(adminOnly.login).to.equal('it')
    expect((await register('it', blueCard)).status).to.equal(403)
  })

  it('should answer 403 when someone in no registering group registers anything', async () => {
    expect((await register('psycholog', blueCard)).status).to.equal(403)
    expect((await register('psycholog', {})).status).to.equal(403)
  })

  it('should show the case number and who handles it instead of a 403 when a caseworker registers a Blue Card on the page', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const res = await agent.post('/cases').type('form').send(blueCardForm(csrf))
    expect(res.status).to.equal(303)
    const kase = await db.prisma.case.findFirstOrThrow()
    expect(res.headers.location).to.equal(`/cases/${kase.id}/registered`)
    const page = await agent.get(res.headers.location)
    expect(page.status).to.equal(200)
    expect(page.text).to.include(`Sprawę zarejestrowano pod numerem ${kase.number}.`)
    expect(page.text).to.include('Grupa diagnostyczno-pomocowa (Niebieska Karta)')
    expect(page.text).not.to.include('Nowak')
    expect(await db.prisma.auditEvent.count({ where: { action: 'case.register-confirmation', caseId: kase.id } })).to.equal(1)
  })

  it('should show the English confirmation when the registrant reads in English', async () => {
    const { agent, csrf } = await browserFor(app, 'asystent')
    const res = await agent.post('/cases').type('form').send(blueCardForm(csrf))
    const page = await agent.get(`${res.headers.location}?lang=en`)
    expect(page.text).to.include('The case was registered under number').and.include('is handled by')
  })

  it('should answer 404 on the confirmation page when someone else opens it, and lead a team member to the case', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const res = await agent.post('/cases').type('form').send(blueCardForm(csrf))
    const other = await browserFor(app, 'pracownik2')
    expect((await other.agent.get(res.headers.location)).status).to.equal(404)
    const team = await browserFor(app, 'zespol')
    const led = await team.agent.get(res.headers.location)
    expect(led.status).to.equal(303)
    expect(led.headers.location).to.match(/^\/cases\/[^/]+\?notice=registered$/)
  })

  it('should land on the case page when a team member registers a Blue Card on the page', async () => {
    const { agent, csrf } = await browserFor(app, 'zespol')
    const res = await agent.post('/cases').type('form').send(blueCardForm(csrf))
    const kase = await db.prisma.case.findFirstOrThrow()
    expect(res.headers.location).to.equal(`/cases/${kase.id}?notice=registered`)
  })

  it('should offer only the procedures the person may start when the registration page is shown', async () => {
    const assistant = await browserFor(app, 'asystent')
    const page = await assistant.agent.get('/cases/new')
    expect(page.status).to.equal(200)
    expect(page.text).to.include('value="blue-card"')
    expect(page.text).not.to.include('value="benefit-application"').and.not.include('value="za-zyciem-coordination"')
    const caseworker = await browserFor(app, 'pracownik')
    const full = await caseworker.agent.get('/cases/new')
    expect(full.text).to.include('value="benefit-application"').and.include('value="blue-card"')
  })

  it('should hide the registration link and refuse the page when the person may register nothing', async () => {
    const { agent } = await browserFor(app, 'psycholog')
    const inbox = await agent.get('/inbox')
    expect(inbox.text).not.to.include('href="/cases/new"')
    expect((await agent.get('/cases/new')).status).to.equal(403)
    const caseworker = await browserFor(app, 'pracownik')
    expect((await caseworker.agent.get('/inbox')).text).to.include('href="/cases/new"')
  })
})
