// The administrators' incident view (GET /admin/incidents, GET /api/incidents) and the retry
// (POST /admin/incidents/jobs/:jobId/retry, POST /api/incidents/jobs/:jobId/retry), on the real embedded engine with
// the real benefit-application procedure and a fake clock: the compute-deadlines handler is made to fail (as if a
// service it needs were down) until its retries run out, then "fixed" and the job retried.
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import type { FakeClock } from '../../engine/clock.ts'
import type { TestEngine } from '../helpers/engine-under-test.ts'
import { listIncidents } from '../../src/incidents/list-incidents.ts'
import { TaskType } from '../../workers/task-types.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { failTimer, startIncidentHarness, type IncidentHarness } from '../helpers/incident-harness.ts'
import { bearer, browserFor, tokenFor } from '../helpers/web-app.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'
import { bpmnFile, flow, serviceTask } from '../helpers/bpmn-fixture.ts'

const FAILURE = 'SMTP <script>alert("x")</script> & unavailable'

describe('web: incidents (administrators)', function () {
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
  })
  afterEach(async () => engine?.stop())

  it('should list the job in incident with its type, attempts, message and case number when its retries ran out', async () => {
    // given
    const { caseId, number, instanceId, jobId } = await h.caseInIncident()
    const admin = await tokenFor(app, 'admin')
    // when
    const res = await request(app).get('/api/incidents').set(bearer(admin))
    // then
    expect(res.status).to.equal(200)
    expect(res.headers['cache-control']).to.equal('no-store')
    expect(res.body.total).to.equal(1)
    expect(res.body.limit).to.equal(200)
    const [item] = res.body.items
    expect(item).to.include({ instanceId, processId: 'benefit-application', caseId, caseNumber: number, caseHidden: false, kind: 'job', message: `Error: ${FAILURE}` })
    expect(item.procedureName).to.be.a('string').and.not.equal('')
    expect(item.procedureVersion).to.equal(1)
    expect(item.elementIds).to.deep.equal(['Task_computeDeadlines'])
    expect(item.jobs).to.deep.equal([
      { jobId, elementId: 'Task_computeDeadlines', type: 'compute-deadlines', attempts: 3, retries: 0, errorMessage: `Error: ${FAILURE}`, at: clock.now().toISOString() },
    ])
    expect(item.at).to.equal(clock.now().toISOString())
    const audit = await db.prisma.auditEvent.findMany({ where: { action: 'incidents.list' } })
    expect(audit.map((e) => e.details)).to.deep.equal([{ format: 'json', count: 1, total: 1 }])
  })

  it('should list jobs of a type no handler takes as waiting for a worker, by type, on the API and the page, when a deployed procedure uses one', async () => {
    // given: a procedure a manager deployed with a job type of her own (deployment warned of it)
    const processId = `waiting_${Date.now()}`
    await engine.deploy([
      bpmnFile(processId, `<bpmn:startEvent id="s" />${flow('f1', 's', 'ask')}${serviceTask('ask', 'ask-the-archive')}${flow('f2', 'ask', 'e')}<bpmn:endEvent id="e" />`),
    ])
    for (let i = 0; i < 2; i++) await engine.startInstance({ processId, businessKey: `waiting-${processId}-${i}` })
    await engine.idle()
    const admin = await tokenFor(app, 'admin')
    // when
    const res = await request(app).get('/api/incidents').set(bearer(admin))
    const page = await (await browserFor(app, 'admin')).agent.get('/admin/incidents')
    // then: not incidents, but seen
    expect(res.body.total).to.equal(0)
    expect(res.body.waitingForWorker.map((w: { type: string; count: number }) => ({ type: w.type, count: w.count }))).to.deep.equal([{ type: 'ask-the-archive', count: 2 }])
    expect(page.text).to.include('Czekają na wykonawcę')
    expect(page.text).to.include('<tr data-job-type="ask-the-archive">')
    expect(page.text).not.to.include('Żadne zadanie nie czeka na wykonawcę.')
    const manager = await tokenFor(app, 'kierownik')
    expect((await request(app).get('/api/incidents').set(bearer(manager))).status, 'administrators only').to.equal(403)
  })

  it('should show the incident on the admin page with the message escaped and a retry form when an administrator opens it', async () => {
    // given
    const { caseId, number, jobId } = await h.caseInIncident()
    const { agent, csrf } = await browserFor(app, 'admin')
    // when
    const page = await agent.get('/admin/incidents')
    // then
    expect(page.status).to.equal(200)
    expect(page.text).to.include('<h1>Incydenty procesów</h1>')
    expect(page.text).to.include('<a href="/admin/incidents" aria-current="page">Incydenty</a>')
    expect(page.text).to.include('compute-deadlines')
    expect(page.text).to.include(`<a href="/cases/${caseId}">${number}</a>`)
    expect(page.text).to.include('Task_computeDeadlines')
    expect(page.text).to.include('SMTP &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; unavailable')
    expect(page.text).not.to.include('<script>alert')
    expect(page.text).to.include('3 / 0')
    expect(page.text).to.include(`action="/admin/incidents/jobs/${jobId}/retry"`)
    expect(page.text).to.include(`<input type="hidden" name="_csrf" value="${csrf}">`)
    expect(page.text).to.include('>Ponów</button>')
    const english = await agent.get('/admin/incidents?lang=en')
    expect(english.text).to.include('<h1>Process incidents</h1>')
    expect(english.text).to.include('>Retry</button>')
    expect(await db.prisma.auditEvent.count({ where: { action: 'incidents.list' } })).to.equal(2)
  })

  it('should refuse with 403 and audit the refusals when a caseworker or a manager asks for or retries incidents', async () => {
    // given
    const { jobId } = await h.caseInIncident()
    for (const login of ['pracownik', 'kierownik']) {
      const token = await tokenFor(app, login)
      const { agent, csrf } = await browserFor(app, login)
      // when
      const list = await request(app).get('/api/incidents').set(bearer(token))
      const retry = await request(app).post(`/api/incidents/jobs/${jobId}/retry`).set(bearer(token)).send({})
      const page = await agent.get('/admin/incidents')
      const form = await agent.post(`/admin/incidents/jobs/${jobId}/retry`).type('form').send({ _csrf: csrf })
      const inbox = await agent.get('/inbox')
      // then
      expect([list.status, retry.status, page.status, form.status], login).to.deep.equal([403, 403, 403, 403])
      expect(list.body.items).to.equal(undefined)
      expect(page.text).not.to.include('compute-deadlines')
      expect(inbox.text).not.to.include('href="/admin/incidents"')
    }
    expect(await db.prisma.job.count({ where: { id: jobId, status: 'incident' } })).to.equal(1)
    expect(await db.prisma.auditEvent.count({ where: { action: 'incidents.list-denied' } })).to.equal(4)
    expect(await db.prisma.auditEvent.count({ where: { action: 'incident.retry-denied' } })).to.equal(4)
    expect(await db.prisma.auditEvent.count({ where: { action: { in: ['incidents.list', 'incident.retry'] } } })).to.equal(0)
  })

  it('should refuse with 403 when the retry is posted with the session cookie but without the CSRF token', async () => {
    // given
    const { jobId } = await h.caseInIncident()
    h.fix()
    const { agent } = await browserFor(app, 'admin')
    // when
    const form = await agent.post(`/admin/incidents/jobs/${jobId}/retry`).type('form').send({})
    const api = await agent.post(`/api/incidents/jobs/${jobId}/retry`).send({})
    // then
    expect(form.status).to.equal(403)
    expect(api.status).to.equal(403)
    expect(api.body.error.code).to.equal('CSRF_FAILED')
    expect(await db.prisma.job.count({ where: { id: jobId, status: 'incident' } })).to.equal(1)
  })

  it('should resume the instance and show the next task when an administrator retries the job from the page after the cause is fixed', async () => {
    // given
    const { caseId, instanceId, jobId } = await h.caseInIncident()
    h.fix()
    const { agent, csrf } = await browserFor(app, 'admin')
    // when
    const res = await agent.post(`/admin/incidents/jobs/${jobId}/retry`).type('form').send({ _csrf: csrf })
    await engine.idle()
    // then
    expect(res.status).to.equal(303)
    expect(res.headers.location).to.equal('/admin/incidents?notice=retried')
    const job = await db.prisma.job.findUniqueOrThrow({ where: { id: jobId } })
    expect(job.status).to.equal('completed')
    const instance = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(instance.status).to.equal('waiting')
    expect(instance.incident).to.equal(null)
    const tasks = await db.prisma.task.findMany({ where: { instanceId, status: 'open' } })
    expect(tasks.map((t) => t.elementId)).to.deep.equal(['Task_familyInterview'])
    const audit = await db.prisma.auditEvent.findMany({ where: { action: 'incident.retry' } })
    expect(audit).to.have.length(1)
    expect(audit[0].caseId).to.equal(caseId)
    expect(audit[0].details).to.deep.equal({ jobId, jobType: 'compute-deadlines', instanceId, retries: 3 })
    const page = await agent.get(res.headers.location)
    expect(page.text).to.include('Zadanie techniczne ponowione')
    expect(page.text).to.include('Brak otwartych incydentów.')
  })

  it('should resume the instance when an administrator retries the job through the API with a number of retries', async () => {
    // given
    const { caseId, instanceId, jobId } = await h.caseInIncident()
    h.fix()
    const admin = await tokenFor(app, 'admin')
    // when
    const res = await request(app).post(`/api/incidents/jobs/${jobId}/retry`).set(bearer(admin)).send({ retries: 5 })
    await engine.idle()
    // then
    expect(res.status).to.equal(200)
    expect(res.body).to.deep.equal({ jobId, type: 'compute-deadlines', instanceId, caseId, retries: 5 })
    expect((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status).to.equal('waiting')
    expect(await db.prisma.task.count({ where: { instanceId, status: 'open', elementId: 'Task_familyInterview' } })).to.equal(1)
    const list = await request(app).get('/api/incidents').set(bearer(admin))
    expect(list.body).to.deep.equal({ total: 0, limit: 200, items: [], waitingForWorker: [] })
  })

  it('should go back into incident with the new attempts counted when the retried job fails again', async () => {
    // given
    const { instanceId, jobId } = await h.caseInIncident()
    const admin = await tokenFor(app, 'admin')
    // when: still broken, one retry
    const res = await request(app).post(`/api/incidents/jobs/${jobId}/retry`).set(bearer(admin)).send({ retries: 1 })
    await engine.idle()
    // then
    expect(res.status).to.equal(200)
    const job = await db.prisma.job.findUniqueOrThrow({ where: { id: jobId } })
    expect([job.status, job.attempts, job.retries]).to.deep.equal(['incident', 4, 0])
    expect((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status).to.equal('incident')
  })

  it('should answer 404 and audit the rejection when the job is not in incident or does not exist', async () => {
    // given
    const { caseId, instanceId } = await h.caseInIncident()
    const done = await db.prisma.job.findFirstOrThrow({ where: { instanceId, type: TaskType.registerCase } })
    expect(done.status).to.equal('completed')
    const admin = await tokenFor(app, 'admin')
    const { agent, csrf } = await browserFor(app, 'admin')
    // when
    const completed = await request(app).post(`/api/incidents/jobs/${done.id}/retry`).set(bearer(admin)).send({})
    const unknown = await request(app).post('/api/incidents/jobs/00000000-0000-0000-0000-000000000000/retry').set(bearer(admin)).send({})
    const form = await agent.post(`/admin/incidents/jobs/${done.id}/retry`).type('form').send({ _csrf: csrf })
    // then
    expect(completed.status).to.equal(404)
    expect(completed.body.error.code).to.equal('NOT_FOUND')
    expect(unknown.status).to.equal(404)
    expect(form.status).to.equal(303)
    expect(form.headers.location).to.equal('/admin/incidents?notice=notFound')
    const rejected = await db.prisma.auditEvent.findMany({ where: { action: 'incident.retry-rejected' } })
    const summary = rejected.map((e) => ({ caseId: e.caseId, ...(e.details as Record<string, unknown>) }))
    expect(summary).to.have.deep.members([
      { caseId, jobId: done.id, status: 'completed' },
      { caseId, jobId: done.id, status: 'completed' },
      { caseId: null, jobId: '00000000-0000-0000-0000-000000000000', status: null },
    ])
    expect(await db.prisma.auditEvent.count({ where: { action: 'incident.retry' } })).to.equal(0)
  })

  it('should answer 422 when the number of retries is not a whole number from 1 to 10', async () => {
    // given
    const { jobId } = await h.caseInIncident()
    const admin = await tokenFor(app, 'admin')
    for (const retries of [0, 11, 2.5, 'many']) {
      // when
      const res = await request(app).post(`/api/incidents/jobs/${jobId}/retry`).set(bearer(admin)).send({ retries })
      // then
      expect(res.status, String(retries)).to.equal(422)
      expect(res.body.error.fields).to.have.property('retries')
    }
    expect(await db.prisma.job.count({ where: { id: jobId, status: 'incident' } })).to.equal(1)
  })

  it('should tell staff on the case page that the case is stopped, without technical details, when its process is in incident', async () => {
    // given
    const { caseId } = await h.caseInIncident()
    const { agent: caseworker } = await browserFor(app, 'pracownik')
    const { agent: admin } = await browserFor(app, 'admin')
    // when
    const staffPage = await caseworker.get(`/cases/${caseId}`)
    const adminPage = await admin.get(`/cases/${caseId}`)
    // then
    expect(staffPage.status).to.equal(200)
    expect(staffPage.text).to.include('Sprawa wstrzymana przez błąd techniczny; administrator może ją wznowić.')
    expect(staffPage.text).not.to.include('SMTP')
    expect(staffPage.text).not.to.include('compute-deadlines')
    expect(staffPage.text).not.to.include('href="/admin/incidents"')
    expect(adminPage.text).to.include('Sprawa wstrzymana przez błąd techniczny')
    expect(adminPage.text).to.include('<a href="/admin/incidents">Zobacz incydenty</a>')
  })

  it('should not show the notice on the case page when the case runs normally', async () => {
    // given
    h.fix()
    const token = await tokenFor(app, 'pracownik')
    const created = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())
    await engine.idle()
    const { agent } = await browserFor(app, 'pracownik')
    // when
    const page = await agent.get(`/cases/${created.body.id}`)
    // then
    expect(page.status).to.equal(200)
    expect(page.text).not.to.include('Sprawa wstrzymana')
  })

  it('should list an incident without a job with the instance message and how to retry the step when a user task completion failed', async () => {
    // given: a case waiting at the family interview whose completion failed in the run (as a decision table can)
    h.fix()
    const token = await tokenFor(app, 'pracownik')
    const created = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())
    await engine.idle()
    const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: created.body.id } })
    await db.prisma.processInstance.update({ where: { id: instance.id }, data: { status: 'incident', incident: 'Decision "income" failed: <b>two rules</b> matched' } })
    const admin = await tokenFor(app, 'admin')
    const { agent } = await browserFor(app, 'admin')
    // when
    const res = await request(app).get('/api/incidents').set(bearer(admin))
    const page = await agent.get('/admin/incidents')
    // then
    expect(res.body.total).to.equal(1)
    const [item] = res.body.items
    expect(item).to.include({ kind: 'step', caseId: created.body.id, caseNumber: created.body.number, message: 'Decision "income" failed: <b>two rules</b> matched' })
    expect(item.jobs).to.deep.equal([])
    expect(item.at).to.equal('2026-03-10T09:00:00.000Z') // no job: the instance's last recorded step
    expect(item.elementIds).to.deep.equal(['Task_familyInterview'])
    expect(item.openTasks.map((t: { elementId: string }) => t.elementId)).to.deep.equal(['Task_familyInterview'])
    expect(page.text).to.include('Decision &quot;income&quot; failed: &lt;b&gt;two rules&lt;/b&gt; matched')
    expect(page.text).to.include('krok ponawia się, wykonując ponownie zadanie „Rodzinny wywiad środowiskowy”')
    expect(page.text).not.to.include('/retry"')
  })

  it('should list a timer whose firing failed with its element and due time when an instance is in incident on a timer', async () => {
    // given: the family interview's deadline timer failed to fire
    h.fix()
    const token = await tokenFor(app, 'pracownik')
    const created = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())
    await engine.idle()
    const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: created.body.id } })
    const timer = await db.prisma.timer.findFirstOrThrow({ where: { instanceId: instance.id, status: 'pending' } })
    await db.prisma.timer.update({ where: { id: timer.id }, data: { status: 'incident' } })
    await db.prisma.processInstance.update({ where: { id: instance.id }, data: { status: 'incident', incident: 'FEEL failed' } })
    const { agent } = await browserFor(app, 'admin')
    // when
    const res = await request(app).get('/api/incidents').set(bearer(await tokenFor(app, 'admin')))
    const page = await agent.get('/admin/incidents')
    // then
    const [item] = res.body.items
    expect(item).to.include({ kind: 'timer', message: 'FEEL failed', at: timer.dueAt.toISOString() })
    expect(item.elementIds).to.deep.equal([timer.elementId])
    expect(item.openTasks).to.deep.equal([])
    expect(page.text).to.include('Nie zadziałało zdarzenie czasowe (timer)')
    expect(page.text).to.include(`action="/admin/incidents/instances/${instance.id}/resume"`)
    expect(page.text).to.include('>Wznów</button>')
  })

  it('should fire a failed timer again and take the instance out of incident when an administrator resumes it', async () => {
    // given: the family interview's deadline timer (due in 14 working days) failed to fire when it was due
    h.fix()
    const created = await request(app).post('/api/cases').set(bearer(await tokenFor(app, 'pracownik'))).send(benefitApplication())
    await engine.idle()
    const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: created.body.id } })
    const timer = await db.prisma.timer.findFirstOrThrow({ where: { instanceId: instance.id, status: 'pending' } })
    clock.set(new Date(timer.dueAt.getTime() + 60_000))
    await failTimer(db, engine, instance.id, timer.id, 'FEEL failed')
    await engine.runDueWork()
    expect((await db.prisma.timer.findUniqueOrThrow({ where: { id: timer.id } })).status).to.equal('incident') // not on its own
    // refused to a manager (API) and without the CSRF token (page)
    const manager = await request(app).post(`/api/incidents/instances/${instance.id}/resume`).set(bearer(await tokenFor(app, 'kierownik'))).send({})
    expect(manager.status).to.equal(403)
    const { agent, csrf } = await browserFor(app, 'admin')
    expect((await agent.post(`/admin/incidents/instances/${instance.id}/resume`).type('form').send({})).status).to.equal(403)
    // when
    const resumed = await agent.post(`/admin/incidents/instances/${instance.id}/resume`).type('form').send({ _csrf: csrf })
    await engine.runDueWork()
    await engine.idle()
    // then
    expect(resumed.status).to.equal(303)
    expect(resumed.headers.location).to.equal('/admin/incidents?notice=resumed')
    expect((await agent.get(resumed.headers.location)).text).to.include('Zdarzenie czasowe wznowione')
    expect((await db.prisma.timer.findUniqueOrThrow({ where: { id: timer.id } })).status).to.equal('fired')
    expect((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instance.id } })).status).to.equal('waiting')
    const events = await db.prisma.auditEvent.findMany({ where: { action: { startsWith: 'incident.resume' } }, orderBy: { at: 'asc' } })
    expect(events.map((e) => [e.action, e.caseId])).to.deep.include.members([['incident.resume-denied', null], ['incident.resume', created.body.id]])
    // a second time: nothing in incident any more
    const again = await request(app).post(`/api/incidents/instances/${instance.id}/resume`).set(bearer(await tokenFor(app, 'admin'))).send({})
    expect(again.status).to.equal(404)
  })

  it('should list the newest incident first and bound the list with the total count when there are several', async () => {
    // given: two cases stopped an hour apart
    const first = await h.caseInIncident()
    clock.advance(3_600_000)
    const second = await h.caseInIncident()
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const actor = { user: { id: admin.id, login: 'admin', displayName: 'admin', groups: ['admins', 'managers'] }, ip: null }
    // when
    const res = await request(app).get('/api/incidents').set(bearer(await tokenFor(app, 'admin')))
    const bounded = await listIncidents({ prisma: db.prisma, clock }, actor, { limit: 1 })
    // then
    expect(res.body.total).to.equal(2)
    expect(res.body.items.map((i: { caseId: string }) => i.caseId)).to.deep.equal([second.caseId, first.caseId])
    expect(bounded.total).to.equal(2)
    expect(bounded.items.map((i) => i.caseId)).to.deep.equal([second.caseId])
  })

  it('should hide the case number of a case the administrator may not see when it is in incident', async () => {
    // given
    const { caseId, number } = await h.caseInIncident()
    await db.prisma.case.update({ where: { id: caseId }, data: { procedure: 'blue-card', ownerGroup: 'blue-card-team' } })
    const admin = await tokenFor(app, 'admin')
    const { agent } = await browserFor(app, 'admin')
    // when
    const res = await request(app).get('/api/incidents').set(bearer(admin))
    const page = await agent.get('/admin/incidents')
    // then
    expect(res.body.items[0]).to.include({ caseId, caseNumber: null, caseHidden: true })
    expect(page.text).not.to.include(number)
    expect(page.text).to.include('sprawa zastrzeżona')
  })
})
