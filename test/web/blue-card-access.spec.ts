import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { APPLICANT_PESEL, benefitApplication } from '../helpers/web-fixtures.ts'
import { createUser } from '../../src/users/create-user.ts'
import { BLUE_CARD_TEAM, CASEWORKERS } from '../../src/users/groups.ts'

describe('web: Blue Card cases are visible to blue-card-team members only', function () {
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
    engine.processes = [...engine.processes, { id: 'blue-card', name: 'Niebieska Karta', version: 1 }, { id: 'crisis-intervention', name: 'Interwencja kryzysowa', version: 1 }]
    await createUser(db.prisma, { login: 'zespol', displayName: 'Członek GDP', password: 'demo', groups: [CASEWORKERS, BLUE_CARD_TEAM] })
  })

  const blueCard = {
    procedure: 'blue-card',
    receivedAt: '2026-03-09',
    applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' },
    variables: { perpetratorPresent: false },
  }

  async function registerBlueCard(login = 'zespol'): Promise<string> {
    const res = await request(app).post('/api/cases').set(bearer(await tokenFor(app, login))).send(blueCard)
    expect(res.status).to.equal(201)
    return res.body.id as string
  }

  const read = async (id: string, login: string) => request(app).get(`/api/cases/${id}`).set(bearer(await tokenFor(app, login)))

  it('should store a Blue Card case with owner group blue-card-team and start it with the given variables', async () => {
    const id = await registerBlueCard()
    expect((await db.prisma.case.findUniqueOrThrow({ where: { id } })).ownerGroup).to.equal('blue-card-team')
    expect(engine.started[0]).to.deep.include({ processId: 'blue-card', businessKey: id })
    expect(engine.started[0].variables).to.include({ perpetratorPresent: false, receivedAt: '2026-03-09' })
  })

  it('should answer 200 when a member of blue-card-team reads a Blue Card case', async () => {
    const id = await registerBlueCard()
    const res = await read(id, 'zespol')
    expect(res.status).to.equal(200)
    expect(res.body).to.include({ id, procedure: 'blue-card' })
  })

  it('should answer 403 and audit the refusal when a manager reads a Blue Card case', async () => {
    const id = await registerBlueCard()
    const res = await read(id, 'kierownik')
    expect(res.status).to.equal(403)
    expect(res.body.error.code).to.equal('FORBIDDEN')
    expect(JSON.stringify(res.body)).not.to.include('Nowak')
    expect(await db.prisma.auditEvent.count({ where: { action: 'case.read-denied', caseId: id } })).to.equal(1)
  })

  it('should answer 403 when an administrator or a caseworker outside the team reads a Blue Card case', async () => {
    const id = await registerBlueCard()
    expect((await read(id, 'admin')).status).to.equal(403)
    expect((await read(id, 'pracownik')).status).to.equal(403)
  })

  it('should let a caseworker register a Blue Card case that only the team may then read', async () => {
    const id = await registerBlueCard('pracownik')
    expect((await read(id, 'pracownik')).status).to.equal(403)
    expect((await read(id, 'zespol')).status).to.equal(200)
  })

  it('should keep other procedures visible to managers', async () => {
    const res = await request(app).post('/api/cases').set(bearer(await tokenFor(app, 'pracownik'))).send({ ...blueCard, procedure: 'crisis-intervention', variables: {} })
    expect((await db.prisma.case.findUniqueOrThrow({ where: { id: res.body.id } })).ownerGroup).to.equal('caseworkers')
    expect((await read(res.body.id, 'kierownik')).status).to.equal(200)
    const benefit = await request(app).post('/api/cases').set(bearer(await tokenFor(app, 'pracownik'))).send(benefitApplication())
    expect((await read(benefit.body.id, 'kierownik')).status).to.equal(200)
  })
})
