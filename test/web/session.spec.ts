import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeClock } from '../../engine/clock.ts'
import { hashToken } from '../../src/users/sessions.ts'

describe('web: sessions (POST/DELETE /api/session)', function () {
  let db: TestDatabase
  let app: Express
  let clock: FakeClock

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    ;({ app, clock } = await createWebTestApp(db))
  })

  it('should return a token, the user and an HttpOnly SameSite=Lax cookie when the password is right', async () => {
    // when
    const res = await request(app).post('/api/session').send({ login: 'pracownik', password: 'demo' })
    // then
    expect(res.status).to.equal(200)
    expect(res.body.token).to.be.a('string').with.length.greaterThan(40)
    expect(res.body.user).to.deep.include({ login: 'pracownik', displayName: 'Pracownik Socjalny', groups: ['caseworkers'] })
    expect(res.body.user.id).to.be.a('string')
    const cookie = String(res.headers['set-cookie'])
    expect(cookie).to.match(/wf_session=/).and.match(/HttpOnly/).and.match(/SameSite=Lax/)
    expect(cookie).not.to.match(/Secure/)
  })

  it('should store only the SHA-256 of the token when a session is created', async () => {
    const token = await tokenFor(app, 'pracownik')
    const sessions = await db.prisma.session.findMany()
    expect(sessions).to.have.length(1)
    expect(sessions[0].id).to.equal(hashToken(token))
    expect(sessions[0].id).not.to.equal(token)
  })

  it('should set a Secure cookie when running in production', async () => {
    const prod = await createWebTestApp(db, { env: { NODE_ENV: 'production', DEMO_ACCOUNTS: 'false' } })
    const res = await request(prod.app).post('/api/session').send({ login: 'pracownik', password: 'demo' })
    expect(String(res.headers['set-cookie'])).to.match(/Secure/)
  })

  it('should answer 401 when the password is wrong or the login unknown', async () => {
    const wrong = await request(app).post('/api/session').send({ login: 'pracownik', password: 'nope' })
    const unknown = await request(app).post('/api/session').send({ login: 'nobody', password: 'demo' })
    expect(wrong.status).to.equal(401)
    expect(wrong.body.error.code).to.equal('INVALID_CREDENTIALS')
    expect(unknown.status).to.equal(401)
    expect(wrong.headers['set-cookie']).to.equal(undefined)
  })

  it('should answer 400 when login or password is missing', async () => {
    const res = await request(app).post('/api/session').send({ login: 'pracownik' })
    expect(res.status).to.equal(400)
  })

  it('should answer 429 when 5 attempts failed for that login and IP within 15 minutes', async () => {
    // given
    for (let i = 0; i < 5; i++) {
      expect((await request(app).post('/api/session').send({ login: 'pracownik', password: 'bad' })).status).to.equal(401)
    }
    // when: even the right password is refused
    const blocked = await request(app).post('/api/session').send({ login: 'pracownik', password: 'demo' })
    // then
    expect(blocked.status).to.equal(429)
    expect(blocked.body.error.code).to.equal('RATE_LIMITED')
    // and another login is not affected
    expect((await request(app).post('/api/session').send({ login: 'kierownik', password: 'demo' })).status).to.equal(200)
  })

  it('should accept the password again when 15 minutes passed after the failures', async () => {
    for (let i = 0; i < 5; i++) await request(app).post('/api/session').send({ login: 'pracownik', password: 'bad' })
    clock.advance(15 * 60_000 + 1000)
    const res = await request(app).post('/api/session').send({ login: 'pracownik', password: 'demo' })
    expect(res.status).to.equal(200)
  })

  it('should accept the bearer token on /api calls when it is valid', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).get('/api/procedures').set(bearer(token))
    expect(res.status).to.equal(200)
  })

  it('should answer 401 when the bearer token is unknown, malformed or expired', async () => {
    const token = await tokenFor(app, 'pracownik')
    expect((await request(app).get('/api/procedures').set(bearer('x'.repeat(43)))).status).to.equal(401)
    expect((await request(app).get('/api/procedures').set('Authorization', 'Basic abc')).status).to.equal(401)
    clock.advanceDays(1)
    const expired = await request(app).get('/api/procedures').set(bearer(token))
    expect(expired.status).to.equal(401)
    expect(expired.body.error.code).to.equal('UNAUTHENTICATED')
  })

  it('should end the session when DELETE /api/session is called', async () => {
    const token = await tokenFor(app, 'pracownik')
    const out = await request(app).delete('/api/session').set(bearer(token))
    expect(out.status).to.equal(204)
    expect((await request(app).get('/api/procedures').set(bearer(token))).status).to.equal(401)
    expect(await db.prisma.session.count()).to.equal(0)
  })

  it('should refuse a deactivated user when their session still exists', async () => {
    const token = await tokenFor(app, 'pracownik')
    await db.prisma.user.update({ where: { login: 'pracownik' }, data: { active: false } })
    expect((await request(app).get('/api/procedures').set(bearer(token))).status).to.equal(401)
    expect((await request(app).post('/api/session').send({ login: 'pracownik', password: 'demo' })).status).to.equal(401)
  })
})
