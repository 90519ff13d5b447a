// Administrators are told when a process stops with an incident (src/incidents/announce-incidents.ts): one in-app
// notification each plus the e-mail outbox row, once per incident, on the real embedded engine with the real
// benefit-application procedure and a fake clock (the compute-deadlines handler fails while `broken`, as in
// incidents.spec.ts). Also the inbox line, the link to /admin/incidents and the start/stop loop.
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import type { FakeClock } from '../../engine/clock.ts'
import type { TestEngine } from '../helpers/engine-under-test.ts'
import { announceIncidents } from '../../src/incidents/announce-incidents.ts'
import { startIncidentAnnouncer } from '../../src/incidents/incident-announcer.ts'
import { silentLogger } from '../../src/logger.ts'
import { createUser } from '../../src/users/create-user.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { startIncidentHarness, type IncidentHarness } from '../helpers/incident-harness.ts'
import { bearer, browserFor, tokenFor } from '../helpers/web-app.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'

const FAILURE = 'SMTP secret-host:25 unavailable'

describe('web: incident announcements to administrators', function () {
  let db: TestDatabase
  let app: Express
  let engine: TestEngine
  let clock: FakeClock
  let h: IncidentHarness

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    h = await startIncidentHarness(db, FAILURE)
    ;({ app, engine, clock } = h)
    // admin (admins + managers) gets an e-mail address; admin2 is also in the Blue Card team, without one; a
    // deactivated administrator and a manager with an address must get nothing
    await db.prisma.user.update({ where: { login: 'admin' }, data: { email: 'admin@ops.example' } })
    await db.prisma.user.update({ where: { login: 'kierownik' }, data: { email: 'kierownik@ops.example' } })
    await createUser(db.prisma, { login: 'admin2', displayName: 'Administrator 2', password: 'demo', groups: ['admins', 'blue-card-team'] })
    await createUser(db.prisma, { login: 'exadmin', displayName: 'Były administrator', password: 'demo', groups: ['admins'] })
    await db.prisma.user.update({ where: { login: 'exadmin' }, data: { active: false, email: 'ex@ops.example' } })
  })
  afterEach(async () => engine?.stop())

  const incidentNotices = () => db.prisma.notification.findMany({ where: { type: 'incident' }, orderBy: [{ login: 'asc' }, { createdAt: 'asc' }] })

  it('should notify every active administrator once, with ids only and an e-mail for the one with an address, when a job runs out of retries', async () => {
    // given
    const { caseId, number, instanceId } = await h.caseInIncident()
    const since = (await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).incidentAt!.toISOString()
    clock.advance(5_000)
    // when
    const round = await announceIncidents(db.prisma, clock.now())
    // then
    expect(round).to.deep.equal({ instances: 1, notifications: 2 })
    const notices = await incidentNotices()
    expect(notices.map((n) => n.login)).to.deep.equal(['admin', 'admin2'])
    expect(notices[0]).to.deep.include({ caseId, taskId: null, readAt: null, createdAt: clock.now() })
    expect(notices[0].data).to.deep.equal({
      instanceId, since, processId: 'benefit-application', elementId: 'Task_computeDeadlines', jobType: 'compute-deadlines', caseNumber: number,
    })
    const mails = await db.prisma.mailOutbox.findMany()
    expect(mails.map((m) => m.to)).to.deep.equal(['admin@ops.example'])
    expect(mails[0].subject).to.equal('Incydent: procedura benefit-application zatrzymana')
    expect(mails[0].body).to.include('Krok: Task_computeDeadlines.')
    expect(mails[0].body).to.include('Zadanie techniczne: compute-deadlines.')
    expect(mails[0].body).to.include(`Sprawa: ${number}.`)
    expect(mails[0].body).to.include('Od: 10.03.2026 10:0') // Warsaw time
    expect(mails[0].body).to.include('/admin/incidents')
    expect(mails[0].body).not.to.include('SMTP')
    expect(mails[0].body).not.to.include('secret-host')
  })

  it('should announce nothing more when a second round or a second announcer runs for the same incident', async () => {
    // given
    await h.caseInIncident()
    // when: two announcers at once (two processes), then a later round
    const [a, b] = await Promise.all([announceIncidents(db.prisma, clock.now()), announceIncidents(db.prisma, clock.now())])
    clock.advance(30_000)
    const later = await announceIncidents(db.prisma, clock.now())
    // then
    expect(a.notifications + b.notifications).to.equal(2)
    expect(later).to.deep.equal({ instances: 0, notifications: 0 })
    expect((await incidentNotices()).map((n) => n.login)).to.deep.equal(['admin', 'admin2'])
    expect(await db.prisma.mailOutbox.count()).to.equal(1)
  })

  it('should announce the instance again when it is retried and fails again', async () => {
    // given
    const { instanceId, jobId } = await h.caseInIncident()
    await announceIncidents(db.prisma, clock.now())
    const first = (await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).incidentAt!
    clock.advance(3_600_000)
    const retry = await request(app).post(`/api/incidents/jobs/${jobId}/retry`).set(bearer(await tokenFor(app, 'admin'))).send({ retries: 1 })
    expect(retry.status).to.equal(200)
    await engine.idle()
    await h.runUntilIncident(instanceId)
    const second = (await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).incidentAt!
    expect(second.getTime()).to.be.greaterThan(first.getTime())
    // when
    const round = await announceIncidents(db.prisma, clock.now())
    // then
    expect(round).to.deep.equal({ instances: 1, notifications: 2 })
    const mine = (await incidentNotices()).filter((n) => n.login === 'admin').map((n) => (n.data as Record<string, string>).since)
    expect(mine).to.deep.equal([first.toISOString(), second.toISOString()])
    expect(await db.prisma.mailOutbox.count()).to.equal(2)
  })

  it('should leave out the case number and case id for an administrator outside the Blue Card team when the case is a Blue Card case', async () => {
    // given
    const { caseId, number } = await h.caseInIncident()
    await db.prisma.case.update({ where: { id: caseId }, data: { procedure: 'blue-card', ownerGroup: 'blue-card-team' } })
    // when
    await announceIncidents(db.prisma, clock.now())
    // then
    const [admin, admin2] = await incidentNotices()
    expect(admin.login).to.equal('admin')
    expect(admin.caseId).to.equal(null)
    expect(admin.data).not.to.have.property('caseNumber')
    expect(JSON.stringify(admin.data)).not.to.include(caseId)
    expect(admin2).to.deep.include({ login: 'admin2', caseId })
    expect((admin2.data as Record<string, string>).caseNumber).to.equal(number)
    const [mail] = await db.prisma.mailOutbox.findMany()
    expect(mail.body).not.to.include(number)
    expect(mail.body).not.to.include('Sprawa:')
  })

  it('should announce nothing when no process is in incident', async () => {
    // given
    h.fix()
    const created = await request(app).post('/api/cases').set(bearer(await tokenFor(app, 'pracownik'))).send(benefitApplication())
    expect(created.status).to.equal(201)
    await engine.idle()
    // when
    const round = await announceIncidents(db.prisma, clock.now())
    // then
    expect(round).to.deep.equal({ instances: 0, notifications: 0 })
    expect(await db.prisma.notification.count({ where: { type: 'incident' } })).to.equal(0)
  })

  it('should show the notice in the inbox and lead to the incident page when an administrator follows it', async () => {
    // given
    await h.caseInIncident()
    await announceIncidents(db.prisma, clock.now())
    const [notice] = await incidentNotices()
    const { agent } = await browserFor(app, 'admin')
    // when
    const inbox = await agent.get('/inbox')
    const english = await agent.get('/inbox?lang=en')
    const followed = await agent.get(`/notifications/${notice.id}`)
    // then
    expect(inbox.text).to.include('Procedura zatrzymana przez błąd techniczny: ')
    expect(inbox.text).to.include(', krok Task_computeDeadlines: ')
    expect(inbox.text).to.include(`<a href="/notifications/${notice.id}">incydenty</a>`)
    expect(inbox.text).not.to.include('SMTP')
    expect(english.text).to.include('Procedure stopped by a technical error: ')
    expect(followed.status).to.equal(303)
    expect(followed.headers.location).to.equal('/admin/incidents')
    expect((await db.prisma.notification.findUniqueOrThrow({ where: { id: notice.id } })).readAt).to.deep.equal(clock.now())
    const api = await request(app).get('/api/notifications').set(bearer(await tokenFor(app, 'admin')))
    expect(api.body[0]).to.deep.include({ type: 'incident', taskId: null })
  })

  it('should lead to the inbox when someone who is no longer an administrator follows an incident notice', async () => {
    // given
    await h.caseInIncident()
    await announceIncidents(db.prisma, clock.now())
    const notice = (await incidentNotices()).find((n) => n.login === 'admin2')!
    const admins = await db.prisma.group.findUniqueOrThrow({ where: { key: 'admins' } })
    const admin2 = await db.prisma.user.findUniqueOrThrow({ where: { login: 'admin2' } })
    await db.prisma.membership.delete({ where: { userId_groupId: { userId: admin2.id, groupId: admins.id } } })
    const { agent } = await browserFor(app, 'admin2')
    // when
    const followed = await agent.get(`/notifications/${notice.id}`)
    // then
    expect(followed.status).to.equal(303)
    expect(followed.headers.location).to.equal('/inbox')
  })

  it('should announce at start-up and stop cleanly when the announcer loop is started and stopped', async () => {
    // given
    await h.caseInIncident()
    // when
    const stop = startIncidentAnnouncer({ prisma: db.prisma, clock, logger: silentLogger, intervalMs: 3_600_000 })
    await stop() // waits for the round in progress
    // then
    expect((await incidentNotices()).map((n) => n.login)).to.deep.equal(['admin', 'admin2'])
  })
})
