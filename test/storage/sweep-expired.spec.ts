// Sign-in records are not kept for ever: expired sessions (and the filters stored for them) and sign-in attempts
// older than the configured history are removed by the housekeeping round; live sessions and recent attempts stay.
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { FakeClock } from '../../engine/clock.ts'
import { createSession, findSession } from '../../src/users/sessions.ts'
import { createUser } from '../../src/users/create-user.ts'
import { startHousekeeping } from '../../src/users/housekeeping.ts'
import { sweepExpired } from '../../src/users/sweep-expired.ts'

const DAY = 24 * 3_600_000

describe('sign-in records housekeeping', function () {
  let db: TestDatabase

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => db.reset())

  async function twoSessions(clock: FakeClock) {
    const user = await createUser(db.prisma, { login: 'jkowalska', displayName: 'J. K.', password: 'a long enough password', groups: ['caseworkers'] })
    const old = await createSession(db.prisma, user.id, { now: clock.now(), hours: 10 })
    await db.prisma.sessionFilter.create({ data: { id: 'AAAAAAAAAAAAAAAA', sessionId: (await db.prisma.session.findFirstOrThrow()).id, page: 'inbox', query: { applicant: 'x' }, createdAt: clock.now() } })
    clock.advance(9 * 3_600_000)
    const live = await createSession(db.prisma, user.id, { now: clock.now(), hours: 10 })
    return { old, live }
  }

  it('should remove expired sessions with their stored filters and keep live ones when a round runs', async () => {
    const clock = new FakeClock('2026-03-02T08:00:00Z')
    const { old, live } = await twoSessions(clock)
    clock.advance(2 * 3_600_000) // the first session expired an hour ago
    const swept = await sweepExpired(db.prisma, clock.now(), { loginHistoryDays: 90 })
    expect(swept.sessions).to.equal(1)
    expect(await db.prisma.session.count()).to.equal(1)
    expect(await db.prisma.sessionFilter.count()).to.equal(0)
    expect(await findSession(db.prisma, old.token, clock.now())).to.equal(null)
    expect(await findSession(db.prisma, live.token, clock.now())).not.to.equal(null)
  })

  it('should remove sign-in attempts older than the history and keep newer ones when a round runs', async () => {
    const now = new Date('2026-06-01T08:00:00Z')
    await db.prisma.loginAttempt.createMany({
      data: [
        { login: 'a', ip: '10.0.0.1', at: new Date(now.getTime() - 31 * DAY), succeeded: true },
        { login: 'b', ip: '10.0.0.2', at: new Date(now.getTime() - 29 * DAY), succeeded: false },
        { login: 'c', ip: '10.0.0.3', at: now, succeeded: true },
      ],
    })
    const swept = await sweepExpired(db.prisma, now, { loginHistoryDays: 30 })
    expect(swept).to.deep.equal({ sessions: 0, loginAttempts: 1, registrationKeys: 0 })
    expect((await db.prisma.loginAttempt.findMany({ orderBy: { login: 'asc' } })).map((a) => a.login)).to.deep.equal(['b', 'c'])
  })

  it('should sweep once at start and log only the counts when housekeeping starts', async () => {
    const clock = new FakeClock('2026-03-02T08:00:00Z')
    await twoSessions(clock)
    clock.advance(2 * 3_600_000)
    const lines: { message: string; fields?: Record<string, unknown> }[] = []
    const logger = { info: (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields }), warn: (message: string) => lines.push({ message }) }
    const stop = startHousekeeping({ prisma: db.prisma, clock, logger, loginHistoryDays: 90, intervalMs: 3_600_000 })
    await stop()
    expect(lines).to.deep.equal([{ message: 'expired records removed', fields: { sessions: 1, loginAttempts: 0, registrationKeys: 0 } }])
  })
})
