// The sign-in rate limit under parallel attempts: whatever the concurrency, at most 5 passwords are checked per
// (login, IP) within 15 minutes. Each attempt is reserved in the database (a row, under a per-(login, IP) advisory
// lock) before its password is checked, so parallel guesses cannot all pass the count before any is recorded.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { createWebTestApp, TEST_NOW } from '../helpers/web-app.ts'
import { checkLogin, MAX_FAILURES, type PasswordChecks } from '../../src/users/login.ts'

const PARALLEL = 100

/** A verifier that counts its calls and takes a while (as argon2 does), so that parallel attempts overlap. */
function countingChecks(): PasswordChecks & { calls: number } {
  const slow = async (result: boolean) => {
    await new Promise((resolve) => setTimeout(resolve, 20))
    return result
  }
  const checks = {
    calls: 0,
    async verify(_hash: string, password: string) {
      checks.calls++
      return slow(password === 'demo')
    },
    async verifyUnknown() {
      checks.calls++
      return slow(false) as Promise<false>
    },
  }
  return checks
}

describe('web: sign-in rate limit under parallel attempts', function () {
  let db: TestDatabase
  let app: Express

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    ;({ app } = await createWebTestApp(db))
  })

  it('should check at most 5 passwords when 100 wrong guesses for one login and IP arrive at once', async () => {
    // given
    const checks = countingChecks()
    const now = new Date(TEST_NOW)
    // when
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => checkLogin(db.prisma, { login: 'pracownik', password: `guess-${i}`, ip: '203.0.113.7', now }, checks)),
    )
    // then
    expect(checks.calls).to.equal(MAX_FAILURES)
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).to.have.length(MAX_FAILURES)
    expect(results.filter((r) => !r.ok && r.reason === 'rate-limited')).to.have.length(PARALLEL - MAX_FAILURES)
    expect(await db.prisma.loginAttempt.count({ where: { login: 'pracownik', ip: '203.0.113.7' } })).to.equal(MAX_FAILURES)
  })

  it('should check at most 5 passwords when the parallel guesses are for an unknown login', async () => {
    const checks = countingChecks()
    const now = new Date(TEST_NOW)
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => checkLogin(db.prisma, { login: 'nobody', password: `guess-${i}`, ip: '203.0.113.7', now }, checks)),
    )
    expect(checks.calls).to.equal(MAX_FAILURES)
  })

  it('should record at most 5 attempts and answer 429 to the rest when 100 sign-ins are posted at once', async () => {
    // when
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => request(app).post('/api/session').send({ login: 'pracownik', password: `guess-${i}` })),
    )
    // then
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 401)).to.have.length(MAX_FAILURES)
    expect(statuses.filter((s) => s === 429)).to.have.length(PARALLEL - MAX_FAILURES)
    expect(await db.prisma.loginAttempt.count({ where: { login: 'pracownik' } })).to.equal(MAX_FAILURES)
  })

  it('should keep the limit per login and IP when other logins and addresses are tried at the same time', async () => {
    const checks = countingChecks()
    const now = new Date(TEST_NOW)
    const attempts = []
    for (const login of ['pracownik', 'kierownik']) {
      for (const ip of ['203.0.113.7', '198.51.100.1']) {
        for (let i = 0; i < 12; i++) attempts.push(checkLogin(db.prisma, { login, password: `guess-${i}`, ip, now }, checks))
      }
    }
    await Promise.all(attempts)
    expect(checks.calls).to.equal(4 * MAX_FAILURES)
    const rows = await db.prisma.loginAttempt.groupBy({ by: ['login', 'ip'], _count: { _all: true } })
    expect(rows.map((r) => r._count._all)).to.deep.equal([MAX_FAILURES, MAX_FAILURES, MAX_FAILURES, MAX_FAILURES])
  })

  it('should sign in with the right password and record the attempt as succeeded when fewer than 5 attempts failed', async () => {
    const checks = countingChecks()
    const now = new Date(TEST_NOW)
    for (let i = 0; i < MAX_FAILURES - 1; i++) await checkLogin(db.prisma, { login: 'pracownik', password: 'bad', ip: '203.0.113.7', now }, checks)
    const result = await checkLogin(db.prisma, { login: 'pracownik', password: 'demo', ip: '203.0.113.7', now }, checks)
    expect(result.ok).to.equal(true)
    const attempts = await db.prisma.loginAttempt.findMany({ where: { login: 'pracownik' } })
    expect(attempts.filter((a) => a.succeeded)).to.have.length(1)
    expect(attempts.filter((a) => !a.succeeded)).to.have.length(MAX_FAILURES - 1)
    expect(attempts.map((a) => a.at.toISOString())).to.deep.equal(Array(MAX_FAILURES).fill(now.toISOString()))
  })
})
