// Forms for managers on the real embedded engine: the server checks on the dry run and on deploy (broken forms
// refused, nothing deployed, also by the engine's own deploy), versions with who / when / why and the user tasks
// that link each form, drafts, the form editor page and the new-form template, managers only, and a task keeping
// the form version it was created with after a new version is deployed.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { APPLICANT_PESEL } from '../helpers/web-fixtures.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { DeploymentError } from '../../engine/port.ts'

const visitForm = (components: unknown[]) => ({ id: 'home-visit', components })
const V1 = visitForm([{ type: 'textfield', id: 'Field_note', key: 'note', label: 'Uwagi', validate: { required: true } }])
const V2 = visitForm([
  { type: 'textfield', id: 'Field_note', key: 'note', label: 'Uwagi z wizyty', validate: { required: true } },
  { type: 'number', id: 'Field_hours', key: 'hours', label: 'Liczba godzin', validate: { required: true, min: 1, max: 40 } },
])
const file = (schema: object) => ({ name: 'home-visit.form', content: JSON.stringify(schema, null, 2) })
const process = bpmnFile(
  'home-care',
  `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_visit')}${userTask('Task_visit', '<zeebe:assignmentDefinition candidateGroups="caseworkers" /><zeebe:formDefinition formId="home-visit" />')}${flow('f2', 'Task_visit', 'End')}<bpmn:endEvent id="End" />`,
).content.replace('name="Task_visit"', 'name="Wizyta domowa"')
const processFile = { name: 'home-care.bpmn', content: process }

const attr = (html: string, name: string) => {
  const m = new RegExp(`${name}="([^"]*)"`).exec(html)
  return m ? m[1].replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x60;/g, '`').replace(/&amp;/g, '&') : null
}

describe('web: forms (checks, versions, drafts, editor page)', function () {
  let db: TestDatabase
  let app: Express
  let engine: EmbeddedEngine
  const tokens: Record<string, string> = {}

  before(async function () {
    this.timeout(120_000)
    ensureClientBundle()
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    await engine.start()
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    for (const login of ['pracownik', 'kierownik']) tokens[login] = await tokenFor(app, login)
  })
  afterEach(async () => engine?.stop())

  const get = (path: string, login = 'kierownik') => request(app).get(path).set(bearer(tokens[login]))
  const post = (path: string, body: object = {}, login = 'kierownik') => request(app).post(path).set(bearer(tokens[login])).send(body)
  const put = (path: string, body: object, login = 'kierownik') => request(app).put(path).set(bearer(tokens[login])).send(body)

  describe('checks', () => {
    it('should list the problems of a broken form with component and rule when the dry run checks it, and refuse to deploy it', async () => {
      // given: a duplicate key, min > max, an unsupported type and a select without values
      const broken = visitForm([
        { type: 'textfield', id: 'Field_a', key: 'note', label: 'A' },
        { type: 'textfield', id: 'Field_b', key: 'note', label: 'B' },
        { type: 'number', id: 'Field_c', key: 'hours', validate: { min: 5, max: 1 } },
        { type: 'button', id: 'Field_submit', action: 'submit' },
        { type: 'select', id: 'Field_kind', key: 'kind' },
      ])
      // when
      const checked = await post('/api/deployments/check', { files: [file(broken)] })
      const deployed = await post('/api/deployments', { files: [file(broken)], comment: 'zepsuty' })
      // then
      expect(checked.status).to.equal(200)
      expect(checked.body.ok).to.equal(false)
      expect(checked.body.problems.map((p: any) => [p.resource, p.elementId, p.rule])).to.deep.equal([
        ['home-visit.form', 'Field_b', 'form-key'],
        ['home-visit.form', 'Field_c', 'form-validation'],
        ['home-visit.form', 'Field_submit', 'form-component'],
        ['home-visit.form', 'Field_kind', 'form-values'],
      ])
      expect(deployed.status).to.equal(400)
      expect(deployed.body.error.code).to.equal('DEPLOYMENT_REJECTED')
      expect(deployed.body.error.problems).to.have.length(4)
      expect(await db.prisma.formDefinition.count()).to.equal(0)
    })

    it('should refuse a broken form when the engine deploys it directly (the processes folder at start-up)', async () => {
      const broken = visitForm([{ type: 'textfield', id: 'Field_a', key: 'note', validate: { pattern: '(a+)+' } }])
      let error: unknown = null
      try {
        await engine.deploy([file(broken)], { deployedBy: 'system' })
      } catch (err) {
        error = err
      }
      expect(error).to.be.instanceOf(DeploymentError)
      expect((error as DeploymentError).problems.map((p) => [p.elementId, p.rule])).to.deep.equal([['Field_a', 'form-validation']])
      expect(await db.prisma.formDefinition.count()).to.equal(0)
    })

    it('should refuse a user task linking a form that is neither deployed nor in the upload, and accept it with the form', async () => {
      const without = await post('/api/deployments/check', { files: [processFile] })
      expect(without.body.problems.map((p: any) => [p.elementId, p.rule])).to.deep.equal([['Task_visit', 'form']])
      const withForm = await post('/api/deployments/check', { files: [processFile, file(V1)] })
      expect(withForm.body).to.include({ ok: true })
    })
  })

  describe('versions', () => {
    it('should list form versions with author, time, comment and the user tasks linking the form when forms are deployed through the API', async () => {
      // given
      expect((await post('/api/deployments', { files: [file(V1), processFile], comment: 'pierwsza wersja' })).status).to.equal(201)
      const second = await post('/api/deployments', { files: [file(V2)], comment: 'liczba godzin' })
      expect(second.status).to.equal(201)
      expect(second.body.forms).to.deep.equal([{ formId: 'home-visit', version: 2 }])
      // unchanged content makes no new version
      expect((await post('/api/deployments', { files: [file(V2)], comment: 'bez zmian' })).body.forms).to.deep.equal([{ formId: 'home-visit', version: 2 }])
      // when
      const list = await get('/api/forms')
      const versions = await get('/api/forms/home-visit/versions')
      const source = await get('/api/forms/home-visit/versions/1')
      // then
      expect(list.status).to.equal(200)
      expect(list.body).to.have.length(1)
      expect(list.body[0]).to.include({ formId: 'home-visit', latestVersion: 2 })
      expect(list.body[0].references).to.deep.equal([{ processId: 'home-care', processName: 'home-care', processVersion: 1, elementId: 'Task_visit', taskName: 'Wizyta domowa' }])
      expect(versions.body.map((v: any) => [v.version, v.deployedBy, v.comment, v.deployedAt])).to.deep.equal([
        [2, 'kierownik', 'liczba godzin', versions.body[0].deployedAt],
        [1, 'kierownik', 'pierwsza wersja', versions.body[1].deployedAt],
      ])
      expect(JSON.parse(source.body.schema)).to.deep.equal(V1)
      expect((await get('/api/forms/unknown/versions')).status).to.equal(404)
      expect((await get('/api/forms/home-visit/versions/9')).status).to.equal(404)
      // and the engine's own deploy records who and why too
      await engine.deploy([file(visitForm([{ type: 'textarea', id: 'Field_note', key: 'note' }]))], { deployedBy: 'system', comment: 'processes folder at start-up' })
      expect((await get('/api/forms/home-visit/versions')).body[0]).to.include({ version: 3, deployedBy: 'system', comment: 'processes folder at start-up' })
    })

    it('should keep showing and validating the form version a task was created with when a newer version is deployed', async () => {
      // given: a case waiting on the visit with form version 1
      expect((await post('/api/deployments', { files: [file(V1), processFile], comment: 'v1' })).status).to.equal(201)
      const startCase = async () => {
        const res = await post('/api/cases', { procedure: 'home-care', receivedAt: '2026-03-09', applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' } }, 'pracownik')
        expect(res.status, JSON.stringify(res.body)).to.equal(201)
        await engine.runDueWork()
        const [task] = (await get(`/api/cases/${res.body.id}`, 'pracownik')).body.openTasks
        return task.id as string
      }
      const oldTask = await startCase()
      // when: version 2 adds a required field, and a second case starts after it
      expect((await post('/api/deployments', { files: [file(V2)], comment: 'v2' })).status).to.equal(201)
      const newTask = await startCase()
      // then: each task shows its own version
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: oldTask } })).formVersion).to.equal(1)
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: newTask } })).formVersion).to.equal(2)
      const oldForm = (await get(`/api/tasks/${oldTask}`, 'pracownik')).body.form
      const newForm = (await get(`/api/tasks/${newTask}`, 'pracownik')).body.form
      expect(oldForm.components.map((c: any) => c.key)).to.deep.equal(['note'])
      expect(newForm.components.map((c: any) => c.key)).to.deep.equal(['note', 'hours'])
      const versions = (await get('/api/forms/home-visit/versions')).body
      expect(versions.map((v: any) => [v.version, v.openTasks])).to.deep.equal([[2, 1], [1, 1]])
      // the old task completes with version 1's fields; the new one needs version 2's required field
      for (const id of [oldTask, newTask]) expect((await post(`/api/tasks/${id}/claim`, {}, 'pracownik')).status).to.equal(200)
      const oldDone = await post(`/api/tasks/${oldTask}/complete`, { variables: { note: 'ok' } }, 'pracownik')
      expect(oldDone.status, JSON.stringify(oldDone.body)).to.equal(200)
      const newRefused = await post(`/api/tasks/${newTask}/complete`, { variables: { note: 'ok' } }, 'pracownik')
      expect(newRefused.status).to.equal(422)
      expect(newRefused.body.error.fields).to.have.property('hours')
    })
  })

  describe('drafts', () => {
    it('should save, read and delete a form draft and remove it when exactly that form is deployed', async () => {
      const text = JSON.stringify(V2, null, 2)
      const saved = await put('/api/forms/home-visit/draft', { schema: text })
      expect(saved.status).to.equal(200)
      expect(saved.body).to.include({ formId: 'home-visit', savedBy: 'kierownik', savedAt: '2026-03-10T09:00:00.000Z' })
      expect((await get('/api/forms/home-visit/draft')).body.schema).to.equal(text)
      // invalid drafts are refused
      expect((await put('/api/forms/home-visit/draft', { schema: '{not json' })).status).to.equal(422)
      expect((await put('/api/forms/bad%20id/draft', { schema: text })).status).to.equal(422)
      expect((await put('/api/forms/home-visit/draft', { schema: '' })).status).to.equal(422)
      // deploying other content keeps it; deploying exactly it removes it
      expect((await post('/api/deployments', { files: [file(V1)], comment: 'v1' })).status).to.equal(201)
      expect(await db.prisma.formDraft.count()).to.equal(1)
      expect((await post('/api/deployments', { files: [{ name: 'home-visit.form', content: text }], comment: 'v2' })).status).to.equal(201)
      expect(await db.prisma.formDraft.count()).to.equal(0)
      // delete
      await put('/api/forms/home-visit/draft', { schema: text })
      expect((await request(app).delete('/api/forms/home-visit/draft').set(bearer(tokens.kierownik))).status).to.equal(204)
      expect((await get('/api/forms/home-visit/draft')).status).to.equal(404)
    })
  })

  describe('access', () => {
    it('should refuse caseworkers every form API and page and audit the refusal', async () => {
      expect((await post('/api/deployments', { files: [file(V1)], comment: 'v1' })).status).to.equal(201)
      for (const path of ['/api/forms', '/api/forms/home-visit/versions', '/api/forms/home-visit/versions/1', '/api/forms/home-visit/draft']) {
        expect((await get(path, 'pracownik')).status, path).to.equal(403)
      }
      expect((await put('/api/forms/home-visit/draft', { schema: '{}' }, 'pracownik')).status).to.equal(403)
      expect((await request(app).delete('/api/forms/home-visit/draft').set(bearer(tokens.pracownik))).status).to.equal(403)
      expect(await db.prisma.formDraft.count()).to.equal(0)
      const { agent } = await browserFor(app, 'pracownik')
      for (const path of ['/procedures/forms/home-visit', '/procedures/forms/new?formId=other-form']) {
        expect((await agent.get(path)).status, path).to.equal(403)
      }
      expect(await db.prisma.auditEvent.count({ where: { action: { in: ['form.list.forbidden', 'form.draft.forbidden', 'form.new.forbidden'] } } })).to.be.greaterThan(2)
    })
  })

  describe('pages', () => {
    it('should list forms with links, versions and the tasks using them when a manager opens /procedures', async () => {
      expect((await post('/api/deployments', { files: [file(V1), processFile], comment: 'pierwsza <wersja>' })).status).to.equal(201)
      await put('/api/forms/new-form/draft', { schema: JSON.stringify({ id: 'new-form', components: [] }) })
      const { agent } = await browserFor(app, 'kierownik')
      const page = await agent.get('/procedures')
      expect(page.status).to.equal(200)
      expect(page.text).to.include('id="form-home-visit"')
      expect(page.text).to.include('href="/procedures/forms/home-visit"')
      expect(page.text).to.include('href="/procedures/forms/home-visit?version=1"')
      expect(page.text).to.include('data-element-id="Task_visit"')
      expect(page.text).to.include('home-care (v1): Wizyta domowa')
      expect(page.text).to.include('pierwsza &lt;wersja&gt;')
      expect(page.text).to.include('<th scope="col" class="num">Otwarte zadania</th>')
      expect(page.text.slice(page.text.indexOf('id="form-home-visit"'))).to.match(/<tr data-version="1">\s*<td class="num">1 <span class="badge">najnowsza<\/span>/)
      expect(page.text).to.include('href="/procedures/forms/new-form?draft=1"')
      expect(page.text).to.include('action="/procedures/forms/new"')
    })

    it('should open the newest version, a chosen version or the draft in the form editor with its data in attributes and a strict script policy', async () => {
      expect((await post('/api/deployments', { files: [file(V1)], comment: 'v1' })).status).to.equal(201)
      expect((await post('/api/deployments', { files: [file(V2)], comment: 'v2' })).status).to.equal(201)
      const { agent } = await browserFor(app, 'kierownik')
      const latest = await agent.get('/procedures/forms/home-visit')
      expect(latest.status).to.equal(200)
      expect(JSON.parse(attr(latest.text, 'data-schema')!)).to.deep.equal(V2)
      expect(attr(latest.text, 'data-form-id')).to.equal('home-visit')
      expect(attr(latest.text, 'data-latest-version')).to.equal('2')
      expect(latest.text).to.include('<script src="/static/build/formEditor.js"></script>')
      expect(latest.text).not.to.match(/<script>(?!<\/script>)/)
      const csp = latest.headers['content-security-policy']
      expect(csp).to.match(/default-src 'self'/)
      expect(csp).not.to.match(/script-src/)
      expect(csp).not.to.match(/unsafe-eval/)
      const chosen = await agent.get('/procedures/forms/home-visit?version=1')
      expect(JSON.parse(attr(chosen.text, 'data-schema')!)).to.deep.equal(V1)
      await put('/api/forms/home-visit/draft', { schema: JSON.stringify({ ...V1, components: [] }) })
      const draft = await agent.get('/procedures/forms/home-visit?draft=1')
      expect(JSON.parse(attr(draft.text, 'data-schema')!).components).to.deep.equal([])
      expect((await agent.get('/procedures/forms/unknown')).status).to.equal(404)
      const bundle = await agent.get('/static/build/formEditor.js')
      expect(bundle.status).to.equal(200)
      expect((await agent.get('/static/build/formEditor.css')).status).to.equal(200)
    })

    it('should open a new form from the template when the id is free and refuse a taken or invalid id', async () => {
      expect((await post('/api/deployments', { files: [file(V1)], comment: 'v1' })).status).to.equal(201)
      const { agent } = await browserFor(app, 'kierownik')
      const fresh = await agent.get('/procedures/forms/new?formId=home-care-plan')
      expect(fresh.status).to.equal(200)
      const schema = JSON.parse(attr(fresh.text, 'data-schema')!)
      expect(schema.id).to.equal('home-care-plan')
      // the template passes the checks
      expect((await post('/api/deployments/check', { files: [{ name: 'home-care-plan.form', content: JSON.stringify(schema) }] })).body.ok).to.equal(true)
      const taken = await agent.get('/procedures/forms/new?formId=home-visit')
      expect(taken.status).to.equal(422)
      expect(taken.text).to.include('id="new-form-id-error"')
      expect((await agent.get('/procedures/forms/new?formId=bad%20id')).status).to.equal(422)
    })
  })
})
