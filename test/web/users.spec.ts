import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { loadConfig } from '../../src/config.ts'
import { createLogger, silentLogger } from '../../src/logger.ts'
import { createUser, UserInputError } from '../../src/users/create-user.ts'
import { DEMO_ACCOUNTS, ensureDemoAccounts } from '../../src/users/demo-accounts.ts'
import { hashPassword, verifyPassword } from '../../src/users/password.ts'

describe('users: accounts, passwords and demo accounts', function () {
  let db: TestDatabase

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => db.reset())

  it('should hash with argon2id and verify only the right password when a password is set', async () => {
    const hash = await hashPassword('correct horse')
    expect(hash).to.match(/^\$argon2id\$/)
    expect(await verifyPassword(hash, 'correct horse')).to.equal(true)
    expect(await verifyPassword(hash, 'wrong')).to.equal(false)
    expect(await verifyPassword('not a hash', 'x')).to.equal(false)
  })

  it('should create the groups and users and log the logins only when the user table is empty', async () => {
    // given
    const lines: string[] = []
    const logger = createLogger({ level: 'info', write: (l) => lines.push(l) })
    // when
    const created = await ensureDemoAccounts(db, loadConfig({ NODE_ENV: 'development' }), logger)
    const again = await ensureDemoAccounts(db, loadConfig({ NODE_ENV: 'development' }), logger)
    // then
    expect(created).to.deep.equal(['admin', 'kierownik', 'pracownik', 'pracownik2', 'asystent'])
    expect(again).to.deep.equal([])
    const groups = await db.prisma.group.findMany({ orderBy: { key: 'asc' } })
    expect(groups.map((g) => [g.key, g.name])).to.deep.equal([
      ['admins', 'Administratorzy'],
      ['blue-card-team', 'Grupa diagnostyczno-pomocowa (Niebieska Karta)'],
      ['caseworkers', 'Pracownicy socjalni'],
      ['family-assistants', 'Asystenci rodziny'],
      ['managers', 'Kierownicy'],
      ['psychologists', 'Psycholodzy (interwencja kryzysowa)'],
    ])
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { login: 'admin' }, include: { memberships: { include: { group: true } } } })
    expect(admin.memberships.map((m) => m.group.key).sort()).to.deep.equal(['admins', 'managers'])
    expect(lines).to.have.length(1)
    expect(lines[0]).to.include('admin,kierownik,pracownik,pracownik2,asystent')
    expect(lines[0]).not.to.match(/\$argon2/)
    expect(DEMO_ACCOUNTS).to.have.length(5)
  })

  it('should create nothing when demo accounts are off', async () => {
    const created = await ensureDemoAccounts(db, loadConfig({ NODE_ENV: 'production', DEMO_ACCOUNTS: 'false' }), silentLogger)
    expect(created).to.deep.equal([])
    expect(await db.prisma.user.count()).to.equal(0)
  })

  it('should create nothing when the user table already has users', async () => {
    await createUser(db.prisma, { login: 'jan', displayName: 'Jan Kowalski', password: 'long enough password', groups: ['caseworkers'] })
    expect(await ensureDemoAccounts(db, loadConfig({ NODE_ENV: 'development' }), silentLogger)).to.deep.equal([])
    expect(await db.prisma.user.count()).to.equal(1)
  })

  it('should refuse a taken login, a bad login or an unknown group when creating a user', async () => {
    const user = await createUser(db.prisma, { login: 'Jan', displayName: 'Jan Kowalski', password: 'pw', groups: ['caseworkers', 'managers'] })
    expect(user).to.deep.include({ login: 'jan', groups: ['caseworkers', 'managers'] })
    const errors = await Promise.all([
      createUser(db.prisma, { login: 'jan', displayName: 'X', password: 'pw', groups: [] }).catch((e) => e),
      createUser(db.prisma, { login: 'a b', displayName: 'X', password: 'pw', groups: [] }).catch((e) => e),
      createUser(db.prisma, { login: 'ewa', displayName: 'X', password: 'pw', groups: ['no-such-group'] }).catch((e) => e),
    ])
    for (const e of errors) expect(e).to.be.instanceOf(UserInputError)
    expect(await db.prisma.user.count()).to.equal(1)
  })
})

describe('logger', () => {
  it('should write one JSON line with the child ids when a message is at or above the level', () => {
    const lines: string[] = []
    const logger = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => new Date('2026-01-01T00:00:00Z') })
    const child = logger.child({ requestId: 'r1' })
    child.debug('hidden')
    child.info('shown', { caseId: 'c1' })
    child.error('failed', { caseId: 'c1' }, Object.assign(new Error('boom'), { body: { pesel: '80051412344' } }))
    expect(lines).to.have.length(2)
    expect(JSON.parse(lines[0])).to.deep.equal({ at: '2026-01-01T00:00:00.000Z', level: 'info', msg: 'shown', requestId: 'r1', caseId: 'c1' })
    const error = JSON.parse(lines[1])
    expect(error).to.include({ level: 'error', errName: 'Error', errMessage: 'boom' })
    expect(lines[1]).not.to.include('80051412344')
  })
})
