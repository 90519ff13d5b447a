// Drafts of task forms: PUT/GET/DELETE /api/tasks/:id/draft, the no-JavaScript page's "Zapisz szkic" button, the
// draft shown again on the task page, deleted on completion; owner only, claim required, unknown keys dropped,
// size-limited, CSRF required, audited with ids only.
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import { MAX_DRAFT_JSON } from '../../src/inbox/task-draft-values.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { insertForm, insertTask, validInterview } from '../helpers/web-fixtures.ts'

describe('web: task form drafts', function () {
  let db: TestDatabase
  let app: Express
  let engine: FakeEngine
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const built = await createWebTestApp(db)
    app = built.app
    engine = built.fakeEngine!
    for (const login of ['pracownik', 'pracownik2']) tokens[login] = await tokenFor(app, login)
    await insertForm(db.prisma)
  })

  const put = (id: string, login: string, body: unknown) => request(app).put(`/api/tasks/${id}/draft`).set(bearer(tokens[login])).send(body as object)
  const get = (id: string, login: string) => request(app).get(`/api/tasks/${id}/draft`).set(bearer(tokens[login]))
  const claimedTask = (assignee = 'pracownik') => insertTask(db.prisma, { formKey: 'web-interview', assignee, variables: { householdSize: 2 } })

  describe('PUT /api/tasks/:id/draft', () => {
    it('should save the draft of the form keys and read it back when the task is claimed by me', async () => {
      const task = await claimedTask()
      const res = await put(task.id, 'pracownik', { values: { situationDescription: 'Niedokończ', householdSizeConfirmed: '3' } })
      expect(res.status).to.equal(200)
      expect(res.body).to.deep.include({ taskId: task.id, values: { situationDescription: 'Niedokończ', householdSizeConfirmed: 3 } })
      expect(res.body.savedAt).to.be.a('string')
      const back = await get(task.id, 'pracownik')
      expect(back.status).to.equal(200)
      expect(back.body.values).to.deep.equal({ situationDescription: 'Niedokończ', householdSizeConfirmed: 3 })
    })

    it('should keep one draft per person and task when saved twice', async () => {
      const task = await claimedTask()
      await put(task.id, 'pracownik', { values: { situationDescription: 'pierwszy' } })
      await put(task.id, 'pracownik', { values: { situationDescription: 'drugi' } })
      expect(await db.prisma.taskDraft.count()).to.equal(1)
      expect((await get(task.id, 'pracownik')).body.values).to.deep.equal({ situationDescription: 'drugi' })
    })

    it('should drop keys the form does not have when they are sent', async () => {
      const task = await claimedTask()
      const res = await put(task.id, 'pracownik', { values: { situationDescription: 'tekst', caseId: 'x', householdSize: 9, __proto__x: 1 } })
      expect(res.status).to.equal(200)
      expect(res.body.values).to.deep.equal({ situationDescription: 'tekst' })
      const row = await db.prisma.taskDraft.findFirstOrThrow()
      expect(row.values).to.deep.equal({ situationDescription: 'tekst' })
    })

    it('should not validate the values when they are partial or wrong', async () => {
      const task = await claimedTask()
      const res = await put(task.id, 'pracownik', { values: { householdSizeConfirmed: 0, interviewDate: 'jutro', cooperates: 'on' } })
      expect(res.status).to.equal(200)
      expect(res.body.values).to.deep.equal({ householdSizeConfirmed: 0, interviewDate: 'jutro', cooperates: true })
    })

    it('should answer 409 NOT_CLAIMED when the task is not claimed by anyone', async () => {
      const task = await claimedTask()
      await db.prisma.task.update({ where: { id: task.id }, data: { assignee: null } })
      const res = await put(task.id, 'pracownik', { values: { situationDescription: 'x' } })
      expect(res.status).to.equal(409)
      expect(res.body.error).to.include({ code: 'CONFLICT', reason: 'NOT_CLAIMED' })
      expect(res.body.error.message).to.match(/przejęła zadanie/)
      expect(await db.prisma.taskDraft.count()).to.equal(0)
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.draft-save-denied', taskId: task.id } })).to.equal(1)
    })

    it('should answer 409 NOT_CLAIMED when someone else has claimed the task', async () => {
      const task = await claimedTask('pracownik2')
      const res = await put(task.id, 'pracownik', { values: { situationDescription: 'x' } })
      expect(res.status).to.equal(409)
      expect(res.body.error.reason).to.equal('NOT_CLAIMED')
    })

    it('should answer 409 NOT_OPEN when the task is completed', async () => {
      const task = await claimedTask()
      await db.prisma.task.update({ where: { id: task.id }, data: { status: 'completed' } })
      const res = await put(task.id, 'pracownik', { values: {} })
      expect(res.status).to.equal(409)
      expect(res.body.error.reason).to.equal('NOT_OPEN')
    })

    it('should answer 413 PAYLOAD_TOO_LARGE with the limit when the draft is larger than the limit', async () => {
      const task = await claimedTask()
      const res = await put(task.id, 'pracownik', { values: { situationDescription: 'x'.repeat(MAX_DRAFT_JSON) } })
      expect(res.status).to.equal(413)
      expect(res.body.error).to.include({ code: 'PAYLOAD_TOO_LARGE', limit: MAX_DRAFT_JSON })
      expect(res.body.error.message).to.equal('Szkic jest za duży: najwyżej 50000 znaków.')
      expect(await db.prisma.taskDraft.count()).to.equal(0)
    })

    it('should answer 400 BAD_REQUEST when values is not an object', async () => {
      const task = await claimedTask()
      for (const body of [{ values: ['a'] }, { values: 'tekst' }, {}]) {
        const res = await put(task.id, 'pracownik', body)
        expect(res.status, JSON.stringify(body)).to.equal(400)
        expect(res.body.error.code).to.equal('BAD_REQUEST')
      }
    })

    it('should answer 403 and save nothing when the task is outside my groups', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview', candidateGroups: ['family-assistants'], assignee: 'asystent' })
      const res = await put(task.id, 'pracownik', { values: { situationDescription: 'x' } })
      expect(res.status).to.equal(403)
      expect(await db.prisma.taskDraft.count()).to.equal(0)
    })

    it('should record an audit event with ids and counts only when a draft is saved', async () => {
      const task = await claimedTask()
      await put(task.id, 'pracownik', { values: { situationDescription: 'Tajny opis', unknown: 1 } })
      const events = await db.prisma.auditEvent.findMany({ where: { action: 'task.draft-save' } })
      expect(events).to.have.length(1)
      expect(events[0]).to.include({ taskId: task.id })
      expect(events[0].details).to.deep.equal({ keys: 1, dropped: 1 })
      expect(JSON.stringify(events)).not.to.include('Tajny')
    })
  })

  describe('GET and DELETE /api/tasks/:id/draft', () => {
    it('should not show my draft to another person when she asks for the same task', async () => {
      const task = await claimedTask()
      await put(task.id, 'pracownik', { values: { situationDescription: 'moje' } })
      await db.prisma.task.update({ where: { id: task.id }, data: { assignee: 'pracownik2' } })
      const res = await get(task.id, 'pracownik2')
      expect(res.status).to.equal(404)
      expect(res.body.error.code).to.equal('NO_DRAFT')
      expect((await get(task.id, 'pracownik')).body.values).to.deep.equal({ situationDescription: 'moje' })
    })

    it('should delete only my draft when I delete it', async () => {
      const task = await claimedTask()
      await put(task.id, 'pracownik', { values: { situationDescription: 'moje' } })
      await db.prisma.task.update({ where: { id: task.id }, data: { assignee: 'pracownik2' } })
      await put(task.id, 'pracownik2', { values: { situationDescription: 'jej' } })
      const res = await request(app).delete(`/api/tasks/${task.id}/draft`).set(bearer(tokens.pracownik))
      expect(res.status).to.equal(204)
      expect((await get(task.id, 'pracownik')).status).to.equal(404)
      expect((await get(task.id, 'pracownik2')).body.values).to.deep.equal({ situationDescription: 'jej' })
    })
  })

  describe('completion', () => {
    it('should delete every draft of the task when the task completes', async () => {
      const task = await claimedTask()
      await put(task.id, 'pracownik', { values: { situationDescription: 'szkic' } })
      const done = await request(app).post(`/api/tasks/${task.id}/complete`).set(bearer(tokens.pracownik)).send({ variables: validInterview })
      expect(done.status).to.equal(200)
      expect(engine.completed).to.have.length(1)
      expect(await db.prisma.taskDraft.count()).to.equal(0)
      expect((await get(task.id, 'pracownik')).status).to.equal(404)
    })

    it('should keep the draft when the completion is refused by validation', async () => {
      const task = await claimedTask()
      await put(task.id, 'pracownik', { values: { situationDescription: 'szkic' } })
      const refused = await request(app).post(`/api/tasks/${task.id}/complete`).set(bearer(tokens.pracownik)).send({ variables: { situationDescription: 'szkic' } })
      expect(refused.status).to.equal(422)
      expect(await db.prisma.taskDraft.count()).to.equal(1)
    })
  })

  describe('pages', () => {
    it('should require the CSRF token when a cookie session saves a draft', async () => {
      const task = await claimedTask()
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const without = await agent.put(`/api/tasks/${task.id}/draft`).send({ values: { situationDescription: 'x' } })
      expect(without.status).to.equal(403)
      expect(without.body.error.code).to.equal('CSRF_FAILED')
      const pageWithout = await agent.post(`/tasks/${task.id}/draft`).type('form').send({ situationDescription: 'x' })
      expect(pageWithout.status).to.equal(403)
      expect(await db.prisma.taskDraft.count()).to.equal(0)
      const withToken = await agent.put(`/api/tasks/${task.id}/draft`).set('X-CSRF-Token', csrf).send({ values: { situationDescription: 'x' } })
      expect(withToken.status).to.equal(200)
    })

    it('should save the no-JavaScript form as a draft and show it again when the page is reloaded', async () => {
      const task = await claimedTask()
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const page = await agent.get(`/tasks/${task.id}`)
      expect(page.text).to.include(`formaction="/tasks/${task.id}/draft"`).and.include('Zapisz szkic')
      const saved = await agent.post(`/tasks/${task.id}/draft`).type('form')
        .send({ _csrf: csrf, situationDescription: 'Zapisane w szkicu', householdSizeConfirmed: '0', cooperates: 'true', injected: 'x' })
      expect(saved.status).to.equal(303)
      expect(saved.headers.location).to.equal(`/tasks/${task.id}?notice=draft-saved`)
      expect((await agent.get(saved.headers.location)).text).to.include('Szkic zapisany.')
      const reloaded = await agent.get(`/tasks/${task.id}`)
      expect(reloaded.text).to.include('Wczytano Twój szkic zapisany')
      expect(reloaded.text).to.match(/<textarea[^>]*name="situationDescription"[^>]*>Zapisane w szkicu<\/textarea>/)
      expect(reloaded.text).to.match(/name="householdSizeConfirmed" value="0"/)
      const data = JSON.parse(/<script type="application\/json" id="task-form-data">([^<]*)<\/script>/.exec(reloaded.text)![1])
      expect(data.data).to.include({ situationDescription: 'Zapisane w szkicu', householdSizeConfirmed: 0, cooperates: true, householdSize: 2 })
      expect(data.data).not.to.have.property('injected')
      expect(data).to.include({ taskId: task.id, readOnly: false, canSaveDraft: true })
    })

    it('should show the page with the reason and keep what was typed when the task is not claimed', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview' })
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const page = await agent.get(`/tasks/${task.id}`)
      expect(page.text).not.to.include('Zapisz szkic')
      const res = await agent.post(`/tasks/${task.id}/draft`).type('form').send({ _csrf: csrf, situationDescription: 'Wpisane' })
      expect(res.status).to.equal(409)
      expect(res.text).to.include('Najpierw przejmij zadanie').and.include('Wpisane')
    })

    it('should not load my draft into the form when someone else holds the task now', async () => {
      const task = await claimedTask()
      await put(task.id, 'pracownik', { values: { situationDescription: 'mój szkic' } })
      await db.prisma.task.update({ where: { id: task.id }, data: { assignee: 'pracownik2' } })
      const { agent } = await browserFor(app, 'pracownik')
      const page = await agent.get(`/tasks/${task.id}`)
      expect(page.text).not.to.include('mój szkic')
      expect(page.text).to.include('"readOnly":true')
    })

    it('should escape the JSON block so that the schema cannot end the script element when a label holds </script>', async () => {
      await insertForm(db.prisma, { id: 'evil', components: [{ type: 'textfield', id: 'e1', key: 'note', label: '</script><script>alert(1)</script>' }] })
      const task = await insertTask(db.prisma, { formKey: 'evil', assignee: 'pracownik' })
      const { agent } = await browserFor(app, 'pracownik')
      const page = await agent.get(`/tasks/${task.id}`)
      const block = /<script type="application\/json" id="task-form-data">([^<]*)<\/script>/.exec(page.text)
      expect(block).to.not.equal(null)
      expect(JSON.parse(block![1]).schema.components[0].label).to.equal('</script><script>alert(1)</script>')
      expect(page.text).not.to.include('<script>alert(1)')
    })
  })
})
