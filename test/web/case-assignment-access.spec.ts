// A person working on a case in a named role (the family assistant) sees that case although she is not in its
// owner group; other cases stay closed to her, and a role never opens a restricted (Blue Card) case.
import { expect } from 'chai'
import request from 'supertest'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor, type WebTestApp } from '../helpers/web-app.ts'

describe('case access through a role on the case', function () {
  this.timeout(60_000)
  let db: TestDatabase
  let t: WebTestApp

  before(async () => { db = await createTestDatabase() })
  after(async () => { await db.close() })
  beforeEach(async () => {
    await db.reset()
    t = await createWebTestApp(db)
  })

  async function newCase(procedure: string, ownerGroup: string) {
    return db.prisma.case.create({ data: { procedure, ownerGroup, receivedAt: new Date('2026-03-02T00:00:00Z') } })
  }

  it('should let the family assistant read her family’s case, its notes and deadline when she is assigned to it', async () => {
    const mine = await newCase('family-assistant', 'caseworkers')
    const other = await newCase('family-assistant', 'caseworkers')
    await db.prisma.caseAssignment.create({ data: { caseId: mine.id, role: 'family-assistant', login: 'asystent', assignedAt: new Date() } })
    const token = await tokenFor(t.app, 'asystent')
    expect((await request(t.app).get(`/api/cases/${mine.id}`).set(bearer(token))).status).to.equal(200)
    expect((await request(t.app).get(`/api/cases/${mine.id}/notes`).set(bearer(token))).status).to.equal(200)
    expect((await request(t.app).get(`/api/cases/${other.id}`).set(bearer(token))).status).to.equal(403)
    expect(await db.prisma.auditEvent.count({ where: { action: 'case.read', caseId: mine.id } })).to.equal(1)
    expect(await db.prisma.auditEvent.count({ where: { action: 'case.read-denied', caseId: other.id } })).to.equal(1)
  })

  it('should keep a Blue Card case closed when someone outside its group holds a role on it', async () => {
    const restricted = await newCase('blue-card', 'blue-card-team')
    await db.prisma.caseAssignment.create({ data: { caseId: restricted.id, role: 'family-assistant', login: 'asystent', assignedAt: new Date() } })
    const token = await tokenFor(t.app, 'asystent')
    expect((await request(t.app).get(`/api/cases/${restricted.id}`).set(bearer(token))).status).to.equal(403)
  })
})
