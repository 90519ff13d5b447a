import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'

describe('web: health, procedures and deadlines', function () {
  let db: TestDatabase
  let app: Express
  let token: string

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    ;({ app } = await createWebTestApp(db))
    token = await tokenFor(app, 'pracownik')
  })

  it('should report the engine and database kind without a login when /health is asked', async () => {
    const res = await request(app).get('/health')
    expect(res.status).to.equal(200)
    expect(res.body).to.deep.equal({ status: 'ok', engine: 'embedded', database: db.kind })
  })

  it('should list the newest version of every procedure when GET /api/procedures is called', async () => {
    const res = await request(app).get('/api/procedures').set(bearer(token))
    expect(res.status).to.equal(200)
    expect(res.body).to.deep.equal([
      { id: 'benefit-application', name: 'Wniosek o zasiłek', version: 1 },
      { id: 'family-assistance', name: 'Asysta rodzinna', version: 2 },
    ])
  })

  it('should compute the due date when the query is valid', async () => {
    // 14 working days from Monday 5 January 2026 (6 January is a holiday) → 26 January
    const working = await request(app).get('/api/deadlines?start=2026-01-05&amount=14&unit=working-days').set(bearer(token))
    expect(working.status).to.equal(200)
    expect(working.body).to.deep.equal({ due: '2026-01-26' })
    // 1 month from 31 January → 28 February 2026 is a Saturday → Monday 2 March (KPA art. 57 §5)
    const month = await request(app).get('/api/deadlines?start=2026-01-31&amount=1&unit=months').set(bearer(token))
    expect(month.body).to.deep.equal({ due: '2026-03-02' })
  })

  it('should answer 400 with code and message when a parameter is bad', async () => {
    for (const query of ['start=2026-02-30&amount=1&unit=days', 'start=2026-01-05&amount=-1&unit=days', 'start=2026-01-05&amount=1&unit=years', 'amount=1&unit=days']) {
      const res = await request(app).get(`/api/deadlines?${query}`).set(bearer(token))
      expect(res.status, query).to.equal(400)
      expect(res.body.error.code, query).to.equal('INVALID_QUERY')
      expect(res.body.error.message, query).to.be.a('string').and.not.equal('')
    }
  })
})
