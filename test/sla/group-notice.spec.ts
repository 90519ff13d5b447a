// A new task in a group tells every member (src/sla/sla-notify.ts notifyLogins): an in-app notice each and an
// e-mail to each active member with an address, written in a handful of statements whatever the group's size.
import { expect } from 'chai'
import { notifyTaskInGroup } from '../../src/sla/sla-notify.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { insertTask } from '../helpers/web-fixtures.ts'

describe('notices of a new task to a large group', function () {
  let db: TestDatabase

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => db.reset())

  async function addMembers(count: number): Promise<string[]> {
    const group = await db.prisma.group.upsert({ where: { key: 'duty-team' }, update: {}, create: { key: 'duty-team', name: 'Dyżur' } })
    const logins: string[] = []
    for (let i = 1; i <= count; i++) {
      const login = `dyzur${String(i).padStart(2, '0')}`
      const user = await db.prisma.user.create({
        data: { login, displayName: `Dyżurny ${i}`, passwordHash: 'x', email: i === 1 ? null : `${login}@mops.example`, active: i !== 2 },
      })
      await db.prisma.membership.create({ data: { userId: user.id, groupId: group.id } })
      logins.push(login)
    }
    return logins
  }

  it('should notify every active member once and e-mail each one with an address when a task enters a group of forty', async () => {
    // given: forty members; dyzur01 has no address, dyzur02 is inactive
    const logins = await addMembers(40)
    const task = await insertTask(db.prisma, { candidateGroups: ['duty-team'], name: 'Wywiad środowiskowy' })
    const at = new Date('2026-03-10T09:00:00Z')

    // when
    const told = await db.prisma.$transaction((tx) => notifyTaskInGroup(tx, at, task))

    // then: inactive members are not group members for notices; everyone else once
    expect(told).to.equal(39)
    const notices = await db.prisma.notification.findMany({ where: { taskId: task.id }, orderBy: { login: 'asc' } })
    expect(notices.map((n) => n.login)).to.deep.equal(logins.filter((l) => l !== 'dyzur02'))
    expect(notices.every((n) => n.type === 'task-in-group' && n.createdAt.getTime() === at.getTime())).to.equal(true)
    const mails = await db.prisma.mailOutbox.findMany({ orderBy: { to: 'asc' } })
    expect(mails.map((m) => m.to)).to.deep.equal(logins.slice(2).map((l) => `${l}@mops.example`))
    expect(mails[0].subject).to.equal('Nowe zadanie w Twojej grupie: Wywiad środowiskowy')
    expect(mails[0].body).to.contain(`/tasks/${task.id}`)
  })

  it('should write no e-mail when no member has an address', async () => {
    const group = await db.prisma.group.upsert({ where: { key: 'duty-team' }, update: {}, create: { key: 'duty-team', name: 'Dyżur' } })
    const user = await db.prisma.user.create({ data: { login: 'bezadresu', displayName: 'Bez adresu', passwordHash: 'x' } })
    await db.prisma.membership.create({ data: { userId: user.id, groupId: group.id } })
    const task = await insertTask(db.prisma, { candidateGroups: ['duty-team'] })

    expect(await db.prisma.$transaction((tx) => notifyTaskInGroup(tx, new Date('2026-03-10T09:00:00Z'), task))).to.equal(1)

    expect(await db.prisma.notification.count({ where: { taskId: task.id } })).to.equal(1)
    expect(await db.prisma.mailOutbox.count()).to.equal(0)
  })
})
