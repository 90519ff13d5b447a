// Managers and administrators read every task the "all" view lists them (read-only unless a candidate), never a
// restricted group's; the inbox offers "Przejmij" only where the person may claim, and a refused claim comes back
// to the inbox with a notice.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { insertForm, insertTask, validInterview } from '../helpers/web-fixtures.ts'
import { insertCase } from '../helpers/inbox-fixtures.ts'

const taskRowIds = (html: string) => [...html.matchAll(/data-task-id="([^"]+)"/g)].map((m) => m[1])
const claimButtons = (html: string) => [...html.matchAll(/action="\/tasks\/([^"/]+)\/claim"/g)].map((m) => m[1])
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'")

describe('web: managers read every task of the all view; claim buttons only where one may claim', function () {
  let db: TestDatabase
  let app: Express
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    app = (await createWebTestApp(db)).app
    for (const login of ['pracownik', 'kierownik', 'admin', 'asystent']) tokens[login] = await tokenFor(app, login)
  })

  const get = (path: string, login: string) => request(app).get(path).set(bearer(tokens[login]))
  const post = (path: string, login: string, body: object = {}) => request(app).post(path).set(bearer(tokens[login])).send(body)
  const audits = (action: string, taskId: string) => db.prisma.auditEvent.count({ where: { action, taskId } })

  describe('GET /api/tasks/:id', () => {
    it('should answer 200 and audit task.read when a manager or an administrator reads a caseworkers\' task', async () => {
      const task = await insertTask(db.prisma, { variables: { householdSize: 3 } })
      for (const login of ['kierownik', 'admin']) {
        const res = await get(`/api/tasks/${task.id}`, login)
        expect(res.status, login).to.equal(200)
        expect(res.body).to.include({ id: task.id, status: 'open' })
      }
      expect(await audits('task.read', task.id)).to.equal(2)
    })

    it('should answer 403 and audit task.read-denied when a manager reads a restricted group\'s task or a task of its case', async () => {
      const offered = await insertTask(db.prisma, { processId: 'blue-card', candidateGroups: ['blue-card-team'] })
      const blueCase = await insertCase(db.prisma, { procedure: 'blue-card', ownerGroup: 'blue-card-team' })
      const ofCase = await insertTask(db.prisma, { caseId: blueCase.id, candidateGroups: ['caseworkers'], assignee: 'pracownik2' })
      for (const task of [offered, ofCase]) {
        expect((await get(`/api/tasks/${task.id}`, 'kierownik')).status).to.equal(403)
        expect((await get(`/api/tasks/${task.id}`, 'admin')).status).to.equal(403)
        expect(await audits('task.read-denied', task.id)).to.equal(2)
      }
    })

    it('should still answer 403 when someone who is not a manager reads a task outside their groups', async () => {
      const task = await insertTask(db.prisma)
      expect((await get(`/api/tasks/${task.id}`, 'asystent')).status).to.equal(403)
      expect(await audits('task.read-denied', task.id)).to.equal(1)
    })

    it('should let a manager read but not claim, complete or save a draft when the task is outside her groups', async () => {
      const task = await insertTask(db.prisma)
      expect((await post(`/api/tasks/${task.id}/claim`, 'kierownik')).status).to.equal(403)
      expect((await post(`/api/tasks/${task.id}/complete`, 'kierownik', { variables: validInterview })).status).to.equal(403)
      expect((await request(app).put(`/api/tasks/${task.id}/draft`).set(bearer(tokens.kierownik)).send({ values: {} })).status).to.equal(403)
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).to.equal('open')
    })

    it('should keep release and assign for a manager when she reads a task outside her groups', async () => {
      const task = await insertTask(db.prisma, { assignee: 'pracownik' })
      expect((await get(`/api/tasks/${task.id}`, 'kierownik')).status).to.equal(200)
      expect((await post(`/api/tasks/${task.id}/unclaim`, 'kierownik')).body.assignee).to.equal(null)
      expect((await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik2' })).body.assignee).to.equal('pracownik2')
    })
  })

  describe('task page', () => {
    it('should open every task link of the all tab for a manager when the tasks belong to other groups', async () => {
      await insertTask(db.prisma)
      await insertTask(db.prisma, { assignee: 'pracownik' })
      await insertTask(db.prisma, { candidateGroups: ['family-assistants'] })
      await insertTask(db.prisma, { candidateGroups: ['managers'] })
      await insertTask(db.prisma, { processId: 'blue-card', candidateGroups: ['blue-card-team'] })
      const { agent } = await browserFor(app, 'kierownik')
      const all = await agent.get('/inbox?tab=all')
      const ids = taskRowIds(all.text)
      expect(ids).to.have.length(4)
      for (const id of ids) expect((await agent.get(`/tasks/${id}`)).status, id).to.equal(200)
    })

    it('should show the form read-only with a notice and no complete button when a manager opens a caseworkers\' task', async () => {
      await insertForm(db.prisma)
      const task = await insertTask(db.prisma, { formKey: 'web-interview' })
      const { agent } = await browserFor(app, 'kierownik')
      const page = await agent.get(`/tasks/${task.id}`)
      expect(page.status).to.equal(200)
      expect(page.text).to.include('Podgląd: to zadanie nie jest przeznaczone dla Twoich grup')
      expect(page.text).not.to.include('Zakończ zadanie')
      expect(page.text).not.to.include('Zapisz szkic')
      expect(page.text).not.to.include('Zakończenie go przypisze je do Ciebie')
      expect(page.text).to.include('"readOnly":true')
    })

    it('should let a manager complete a task of her own group without the read-only notice when she opens it', async () => {
      const task = await insertTask(db.prisma, { candidateGroups: ['managers'] })
      const { agent } = await browserFor(app, 'kierownik')
      const page = await agent.get(`/tasks/${task.id}`)
      expect(page.text).not.to.include('Podgląd: to zadanie')
      expect(page.text).to.include('Zakończ zadanie')
    })
  })

  describe('notifications', () => {
    it('should open the task when a manager follows an escalation notice about another group\'s task', async () => {
      const task = await insertTask(db.prisma)
      const hidden = await insertTask(db.prisma, { processId: 'blue-card', candidateGroups: ['blue-card-team'] })
      const note = (taskId: string) => db.prisma.notification.create({ data: { login: 'kierownik', type: 'sla-escalated', taskId, data: {}, createdAt: new Date('2026-03-10T09:00:00Z') } })
      const { agent } = await browserFor(app, 'kierownik')
      const opened = await agent.get(`/notifications/${(await note(task.id)).id}`)
      expect(opened.headers.location).to.equal(`/tasks/${task.id}`)
      expect((await agent.get(opened.headers.location)).status).to.equal(200)
      expect((await agent.get(`/notifications/${(await note(hidden.id)).id}`)).headers.location).to.equal('/inbox?notice=taskGone')
    })
  })

  describe('claim buttons', () => {
    it('should show the claim button only on unassigned tasks of my groups when a manager looks at the all tab', async () => {
      const own = await insertTask(db.prisma, { candidateGroups: ['managers'] })
      const asUser = await insertTask(db.prisma, { candidateGroups: ['caseworkers'], candidateUsers: ['kierownik'] })
      await insertTask(db.prisma)
      await insertTask(db.prisma, { candidateGroups: ['managers'], assignee: 'admin' })
      const { agent } = await browserFor(app, 'kierownik')
      const all = await agent.get('/inbox?tab=all')
      expect(taskRowIds(all.text)).to.have.length(4)
      expect(claimButtons(all.text).sort()).to.deep.equal([own.id, asUser.id].sort())
    })

    it('should show the claim button on unassigned group tasks when a caseworker looks at the group tab', async () => {
      const free = await insertTask(db.prisma)
      await insertTask(db.prisma, { assignee: 'pracownik2' })
      const { agent } = await browserFor(app, 'pracownik')
      expect(claimButtons((await agent.get('/inbox?tab=group')).text)).to.deep.equal([free.id])
    })

    it('should come back to the inbox with a notice instead of a 403 page when a page claim is refused', async () => {
      const task = await insertTask(db.prisma)
      const { agent, csrf } = await browserFor(app, 'kierownik')
      const res = await agent.post(`/tasks/${task.id}/claim`).type('form').send({ _csrf: csrf, returnTo: '/inbox?tab=all' })
      expect(res.status).to.equal(303)
      expect(res.headers.location).to.equal('/inbox?tab=all&notice=claimForbidden')
      const page = await agent.get(res.headers.location)
      expect(page.status).to.equal(200)
      expect(page.text).to.include('Nie przejęto zadania: jest przeznaczone dla innej grupy.')
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee).to.equal(null)
      expect(await audits('task.claim-denied', task.id)).to.equal(1)
    })

    it('should come back with the four-eyes notice when the drafter claims the approval from the page', async () => {
      await insertTask(db.prisma, { instanceId: 'i-4e', elementId: 'Task_draft', status: 'completed', completedBy: 'kierownik', candidateGroups: ['managers'] })
      const approval = await insertTask(db.prisma, { instanceId: 'i-4e', elementId: 'Task_approve', candidateGroups: ['managers'], properties: { fourEyesWith: 'Task_draft' } })
      const { agent, csrf } = await browserFor(app, 'kierownik')
      const res = await agent.post(`/tasks/${approval.id}/claim`).type('form').send({ _csrf: csrf, returnTo: '/inbox?tab=group' })
      expect(res.headers.location).to.equal('/inbox?tab=group&notice=claimFourEyes')
      expect(unescape((await agent.get(res.headers.location)).text)).to.include('zasada dwóch par oczu')
    })
  })

  it('should offer the claim on the task page itself and come back to it with a notice when a caseworker claims there', async () => {
    const task = await insertTask(db.prisma, { name: 'Wywiad środowiskowy' })
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const page = await agent.get(`/tasks/${task.id}`)
    expect(page.text).to.include(`action="/tasks/${task.id}/claim"`).and.include(`name="returnTo" value="/tasks/${task.id}"`)
    const claimed = await agent.post(`/tasks/${task.id}/claim`).type('form').send({ _csrf: csrf, returnTo: `/tasks/${task.id}` })
    expect(claimed.headers.location).to.equal(`/tasks/${task.id}?notice=claimed`)
    const after = await agent.get(claimed.headers.location)
    expect(after.text).to.include('Zadanie przejęte.')
    expect(after.text).not.to.include(`action="/tasks/${task.id}/claim"`)
    expect((await agent.get(`/tasks/${task.id}?notice=__proto__`)).status).to.equal(200)
  })
})
