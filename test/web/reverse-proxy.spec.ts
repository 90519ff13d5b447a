// Behind a reverse proxy (TRUST_PROXY): the address recorded for a sign-in attempt (and in audit events, which take
// the same request address) is the client's from X-Forwarded-For when the proxy is trusted, and the connection's
// own address when it is not, so that a client cannot write an address of its choice into the records.
import { expect } from 'chai'
import request from 'supertest'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { createWebTestApp } from '../helpers/web-app.ts'

describe('web: client addresses behind a reverse proxy (TRUST_PROXY)', function () {
  let db: TestDatabase

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => db.reset())

  async function signInThrough(env: Record<string, string>): Promise<string | null> {
    const { app } = await createWebTestApp(db, { env })
    const res = await request(app).post('/api/session').set('X-Forwarded-For', '203.0.113.7').send({ login: 'pracownik', password: 'demo' })
    expect(res.status).to.equal(200)
    const attempt = await db.prisma.loginAttempt.findFirstOrThrow({ where: { login: 'pracownik' }, orderBy: { at: 'desc' } })
    return attempt.ip
  }

  it('should record the forwarded client address when the proxy on loopback is trusted', async () => {
    expect(await signInThrough({ TRUST_PROXY: 'loopback' })).to.equal('203.0.113.7')
  })

  it('should record the connection address and ignore X-Forwarded-For when no proxy is trusted', async () => {
    const ip = await signInThrough({})
    expect(ip).to.be.a('string').and.not.equal('203.0.113.7')
    expect(ip).to.match(/127\.0\.0\.1|::1/)
  })

  it('should ignore X-Forwarded-For when the connection does not come from a trusted proxy address', async () => {
    expect(await signInThrough({ TRUST_PROXY: '10.1.2.3' })).not.to.equal('203.0.113.7')
  })
})
