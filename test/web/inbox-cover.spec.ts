import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import type { FakeClock } from '../../engine/clock.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { insertTask } from '../helpers/web-fixtures.ts'
import { insertCase } from '../helpers/inbox-fixtures.ts'

// The clock: Tuesday 10.03.2026, 10:00 in Warsaw.
describe('web: absences, cover and notifications', function () {
  let db: TestDatabase
  let app: Express
  let clock: FakeClock
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const built = await createWebTestApp(db)
    app = built.app
    clock = built.clock
    for (const login of ['pracownik', 'pracownik2', 'kierownik', 'asystent', 'admin']) tokens[login] = await tokenFor(app, login)
  })

  const get = (path: string, login: string) => request(app).get(path).set(bearer(tokens[login]))
  const post = (path: string, login: string, body: object = {}) => request(app).post(path).set(bearer(tokens[login])).send(body)
  const del = (path: string, login: string) => request(app).delete(path).set(bearer(tokens[login]))
  const away = (login: string, body: object) => post('/api/absences', login, body)

  describe('recording absences', () => {
    it('should record my absence and show it to me, my substitute and managers only', async () => {
      const res = await away('pracownik', { from: '2026-03-10', to: '2026-03-13', substitute: 'pracownik2' })
      expect(res.status).to.equal(201)
      expect(res.body).to.include({ login: 'pracownik', from: '2026-03-10', to: '2026-03-13', substitute: 'pracownik2', current: true })
      for (const login of ['pracownik', 'pracownik2', 'kierownik']) expect((await get('/api/absences', login)).body, login).to.have.length(1)
      expect((await get('/api/absences', 'asystent')).body).to.deep.equal([])
      expect(await db.prisma.auditEvent.count({ where: { action: 'absence.create' } })).to.equal(1)
    })

    it('should answer 422 naming the field when dates, the substitute or an overlap are wrong', async () => {
      const fields = async (body: object) => Object.keys((await away('pracownik', body)).body.error.fields).sort()
      expect(await fields({})).to.deep.equal(['from', 'substitute', 'to'])
      expect(await fields({ from: '2026-03-12', to: '2026-03-11', substitute: 'pracownik2' })).to.deep.equal(['to'])
      expect(await fields({ from: '2026-03-01', to: '2026-03-09', substitute: 'pracownik2' })).to.deep.equal(['to'])
      expect(await fields({ from: '2026-03-10', to: '2026-03-11', substitute: 'pracownik' })).to.deep.equal(['substitute'])
      expect(await fields({ from: '2026-03-10', to: '2026-03-11', substitute: 'asystent' })).to.deep.equal(['substitute'])
      expect((await away('pracownik', { from: '2026-03-10', to: '2026-03-11', substitute: 'pracownik2' })).status).to.equal(201)
      const overlap = await away('pracownik', { from: '2026-03-11', to: '2026-03-20', substitute: 'pracownik2' })
      expect(overlap.body.error.fields).to.deep.equal({ from: 'Ta osoba ma już zgłoszoną nieobecność w tym okresie' })
    })

    it('should refuse two people covering each other in overlapping days when the second absence names the first as substitute', async () => {
      expect((await away('pracownik', { from: '2026-03-10', to: '2026-03-13', substitute: 'pracownik2' })).status).to.equal(201)
      const circular = await away('pracownik2', { from: '2026-03-12', to: '2026-03-16', substitute: 'pracownik' })
      expect(circular.status).to.equal(422)
      expect(circular.body.error.fields).to.deep.equal({ substitute: 'Ta osoba jest w tym okresie nieobecna i to ją zastępujesz: wskaż kogoś innego' })
      expect((await away('pracownik2', { from: '2026-03-16', to: '2026-03-17', substitute: 'pracownik' })).status).to.equal(201) // after the first one ends
    })

    it('should let only a manager record someone else\'s absence and only the person or a manager cancel it', async () => {
      expect((await away('pracownik2', { login: 'pracownik', from: '2026-03-10', to: '2026-03-11', substitute: 'pracownik2' })).status).to.equal(403)
      const created = await away('kierownik', { login: 'pracownik', from: '2026-03-10', to: '2026-03-11', substitute: 'pracownik2' })
      expect(created.status).to.equal(201)
      expect((await del(`/api/absences/${created.body.id}`, 'pracownik2')).status).to.equal(403)
      expect((await del(`/api/absences/${created.body.id}`, 'asystent')).status).to.equal(404)
      expect((await del(`/api/absences/${created.body.id}`, 'pracownik')).status).to.equal(204)
      expect((await get('/api/absences', 'kierownik')).body).to.deep.equal([])
    })
  })

  describe('cover on assignment', () => {
    it('should route a task assigned to an absent person to the substitute, mark it and notify the substitute', async () => {
      // given
      await away('pracownik', { from: '2026-03-09', to: '2026-03-12', substitute: 'pracownik2' })
      const kase = await insertCase(db.prisma)
      const task = await insertTask(db.prisma, { caseId: kase.id })
      // when
      const res = await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik' })
      // then
      expect(res.status).to.equal(200)
      expect(res.body).to.include({ assignee: 'pracownik2', substituteFor: 'pracownik' })
      const listed = await get('/api/tasks?view=all&fields=full', 'kierownik')
      expect(listed.body[0]).to.include({ assignee: 'pracownik2', substituteFor: 'pracownik' })
      const event = await db.prisma.caseEvent.findFirstOrThrow({ where: { caseId: kase.id, type: 'task-assigned' } })
      expect(event.data).to.deep.include({ assignee: 'pracownik2', substituteFor: 'pracownik' })
      const notes = await get('/api/notifications', 'pracownik2')
      expect(notes.headers['x-unread-count']).to.equal('1')
      expect(notes.body).to.have.length(1)
      expect(notes.body[0]).to.include({ type: 'task-assigned', taskId: task.id, caseId: kase.id, taskName: task.name, readAt: null })
      expect(notes.body[0].data).to.deep.equal({ by: 'kierownik', substituteFor: 'pracownik' })
      expect((await get('/api/notifications', 'pracownik')).body).to.deep.equal([])
    })

    it('should assign to the person again once the absence is over or cancelled', async () => {
      await away('pracownik', { from: '2026-03-10', to: '2026-03-10', substitute: 'pracownik2' })
      clock.advanceDays(1)
      tokens.kierownik = await tokenFor(app, 'kierownik') // sessions last 10 hours
      const task = await insertTask(db.prisma)
      const res = await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik' })
      expect(res.body).to.include({ assignee: 'pracownik', substituteFor: null })
      tokens.pracownik2 = await tokenFor(app, 'pracownik2')
      tokens.pracownik = await tokenFor(app, 'pracownik')
      const later = await away('pracownik2', { from: '2026-03-11', to: '2026-03-13', substitute: 'pracownik' })
      await del(`/api/absences/${later.body.id}`, 'pracownik2')
      const other = await insertTask(db.prisma)
      expect((await post(`/api/tasks/${other.id}/assign`, 'kierownik', { assignee: 'pracownik2' })).body).to.include({ assignee: 'pracownik2', substituteFor: null })
    })

    it('should answer 422 when the substitute may not do the task or the substitutes go round in a circle', async () => {
      await away('pracownik', { from: '2026-03-10', to: '2026-03-12', substitute: 'pracownik2' })
      const personal = await insertTask(db.prisma, { candidateGroups: ['family-assistants'], candidateUsers: ['pracownik'] })
      const refused = await post(`/api/tasks/${personal.id}/assign`, 'kierownik', { assignee: 'pracownik' })
      expect(refused.status).to.equal(422)
      expect(refused.body.error.fields).to.deep.equal({ assignee: 'Ta osoba jest nieobecna, a jej zastępca nie może wykonać tego zadania' })
      // a circle the absences page now refuses for two people, but which a longer chain can still close: written
      // straight into the table here
      const manager = await db.prisma.user.findUniqueOrThrow({ where: { login: 'kierownik' } })
      await db.prisma.absence.create({ data: { login: 'pracownik2', from: new Date('2026-03-10'), to: new Date('2026-03-12'), substitute: 'pracownik', createdById: manager.id, createdAt: clock.now() } })
      const task = await insertTask(db.prisma)
      expect((await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik' })).status).to.equal(422)
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee).to.equal(null)
    })

    it('should drop the cover mark when the substitute releases the task', async () => {
      await away('pracownik', { from: '2026-03-10', to: '2026-03-12', substitute: 'pracownik2' })
      const task = await insertTask(db.prisma)
      await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik' })
      const released = await post(`/api/tasks/${task.id}/unclaim`, 'pracownik2')
      expect(released.body).to.include({ assignee: null, substituteFor: null })
    })

    it('should notify on bulk assignment and mark notifications read', async () => {
      const a = await insertTask(db.prisma)
      const b = await insertTask(db.prisma)
      await post('/api/tasks/bulk', 'kierownik', { action: 'assign', assignee: 'pracownik2', taskIds: [a.id, b.id] })
      const notes = (await get('/api/notifications?unread=1', 'pracownik2')).body
      expect(notes).to.have.length(2)
      expect((await post(`/api/notifications/${notes[0].id}/read`, 'pracownik2')).status).to.equal(204)
      expect((await post(`/api/notifications/${notes[0].id}/read`, 'pracownik')).status).to.equal(404)
      expect((await get('/api/notifications?unread=1', 'pracownik2')).body).to.have.length(1)
      expect((await post('/api/notifications/read', 'pracownik2')).body).to.deep.equal({ marked: 1 })
      expect((await get('/api/notifications', 'pracownik2')).headers['x-unread-count']).to.equal('0')
    })
  })

  describe('pages', () => {
    it('should record an absence from the absences page, with labelled fields and errors shown', async () => {
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const page = await agent.get('/absences')
      expect(page.status).to.equal(200)
      for (const id of ['absence-from', 'absence-to', 'absence-substitute']) expect(page.text).to.include(`<label for="${id}">`)
      expect(page.text).not.to.include('id="absence-login"')
      expect(page.text).to.include('<option value="pracownik2">').and.not.include('<option value="asystent">')
      const bad = await agent.post('/absences').type('form').send({ _csrf: csrf, from: '2026-03-12', to: '2026-03-11', substitute: '' })
      expect(bad.status).to.equal(422)
      expect(bad.text).to.include('Data końcowa nie może być wcześniejsza niż początkowa').and.include('Pole wymagane')
      expect(bad.text).to.include('value="2026-03-12"')
      const ok = await agent.post('/absences').type('form').send({ _csrf: csrf, from: '2026-03-10', to: '2026-03-12', substitute: 'pracownik2' })
      expect(ok.headers.location).to.equal('/absences?notice=absenceRecorded')
      const listed = await agent.get(ok.headers.location)
      expect(listed.text).to.include('Nieobecność zapisana.').and.include('10.03.2026').and.include('12.03.2026').and.include('trwa')
      const manager = await browserFor(app, 'kierownik')
      const managerPage = await manager.agent.get('/absences')
      expect(managerPage.text).to.include('id="absence-login"').and.include('data-absence-id=')
    })

    it('should mark covered tasks in the inbox and list unread notifications until they are marked read', async () => {
      await away('pracownik', { from: '2026-03-10', to: '2026-03-12', substitute: 'pracownik2' })
      const task = await insertTask(db.prisma, { name: 'Wywiad u pani X' })
      await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik' })
      const { agent, csrf } = await browserFor(app, 'pracownik2')
      const inbox = await agent.get('/inbox?tab=mine')
      expect(inbox.text).to.include('zastępstwo za: Pracownik Socjalny')
      const [notification] = await db.prisma.notification.findMany({ where: { login: 'pracownik2' } })
      expect(inbox.text).to.include('Kierownik Działu przydziela Ci zadanie w zastępstwie za: Pracownik Socjalny').and.include(`href="/notifications/${notification.id}">Wywiad u pani X</a>`)
      const read = await agent.post('/notifications/read').type('form').send({ _csrf: csrf, returnTo: '/inbox?tab=mine' })
      expect(read.headers.location).to.equal('/inbox?tab=mine&notice=notificationsRead')
      expect((await agent.get('/inbox?tab=mine')).text).not.to.include('przydziela Ci zadanie')
    })

    it('should fold the notifications when there are more than five, so that the task list stays at the top', async () => {
      const { agent } = await browserFor(app, 'pracownik2')
      for (let i = 0; i < 5; i++) await db.prisma.notification.create({ data: { login: 'pracownik2', type: 'task-assigned', data: { by: 'kierownik' }, createdAt: clock.now() } })
      expect((await agent.get('/inbox')).text).to.include('<details open>')
      await db.prisma.notification.create({ data: { login: 'pracownik2', type: 'task-assigned', data: { by: 'kierownik' }, createdAt: clock.now() } })
      const folded = (await agent.get('/inbox')).text
      expect(folded).to.include('<details>').and.include('Powiadomienia (6)')
    })

    it('should open the task and mark the notification read when the task is still mine, and say so in the inbox when it has ended since', async () => {
      const kept = await insertTask(db.prisma, { name: 'Wywiad A' })
      const moved = await insertTask(db.prisma, { name: 'Wywiad B' })
      for (const task of [kept, moved]) await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik2' })
      await db.prisma.task.update({ where: { id: moved.id }, data: { status: 'completed' } }) // ended since
      const idOf = async (taskId: string) => (await db.prisma.notification.findFirstOrThrow({ where: { login: 'pracownik2', taskId } })).id
      const { agent } = await browserFor(app, 'pracownik2')
      const open = await agent.get(`/notifications/${await idOf(kept.id)}`)
      expect(open.status).to.equal(303)
      expect(open.headers.location).to.equal(`/tasks/${kept.id}`)
      const gone = await agent.get(`/notifications/${await idOf(moved.id)}`)
      expect(gone.headers.location).to.equal('/inbox?notice=taskGone')
      expect((await agent.get(gone.headers.location)).text).to.include('To zadanie zostało już zakończone albo przekazane innej osobie')
      expect(await db.prisma.notification.count({ where: { login: 'pracownik2', readAt: null } })).to.equal(0)
      // a task outside my groups that someone gave me and then gave to another person: gone for me too
      const elsewhere = await insertTask(db.prisma, { name: 'Wywiad C', candidateGroups: ['family-assistants'], assignee: 'pracownik2' })
      const note = await db.prisma.notification.create({ data: { login: 'pracownik2', type: 'task-assigned', taskId: elsewhere.id, data: { by: 'kierownik' }, createdAt: clock.now() } })
      await db.prisma.task.update({ where: { id: elsewhere.id }, data: { assignee: 'asystent' } })
      expect((await agent.get(`/notifications/${note.id}`)).headers.location).to.equal('/inbox?notice=taskGone')
      // someone else's notification is not found, whatever it is about
      const other = await browserFor(app, 'pracownik')
      expect((await other.agent.get(`/notifications/${await idOf(kept.id)}`)).status).to.equal(404)
    })
  })
})
