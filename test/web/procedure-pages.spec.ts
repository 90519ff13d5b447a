// The procedure pages and the editor's server side: list with versions and running cases, the editor page (its
// data in data-* attributes, no inline script, the bundle served from /static), the template for a new
// procedure, roll-back from the list, and the drafts API. Managers only.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { checkDeployment } from '../../src/procedures/check-deployment.ts'
import { procedureTemplate } from '../../src/procedures/procedure-template.ts'

const v1 = bpmnFile('home-care', `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_a')}${userTask('Task_a')}${flow('f2', 'Task_a', 'End')}<bpmn:endEvent id="End" />`)
const v2 = { ...v1, content: v1.content.replace('name="Task_a"', 'name="Krok &lt;A&gt; &amp; &quot;B&quot;"') }

/** Decodes what Handlebars escaped in an attribute value. */
const unescapeAttr = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x60;/g, '`').replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
const attr = (html: string, name: string) => {
  const m = new RegExp(`${name}="([^"]*)"`).exec(html)
  return m ? unescapeAttr(m[1]) : null
}

describe('web: procedure pages, editor page and drafts', function () {
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
    await engine.deploy([v1], { deployedBy: 'system', comment: 'pierwsza' })
    await engine.deploy([v2], { deployedBy: 'kierownik', comment: 'zmiana nazwy' })
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    for (const login of ['pracownik', 'kierownik']) tokens[login] = await tokenFor(app, login)
  })

  describe('pages', () => {
    it('should list procedures with their versions, comments and case counts when a manager opens /procedures', async () => {
      const { agent } = await browserFor(app, 'kierownik')
      const res = await agent.get('/procedures')
      expect(res.status).to.equal(200)
      expect(res.text).to.include('home-care')
      expect(res.text).to.include('zmiana nazwy')
      expect(res.text).to.match(/data-version="2"[\s\S]*data-version="1"/)
      expect(res.text).to.include('action="/procedures/home-care/versions/1/redeploy"')
      expect(res.text).not.to.include('action="/procedures/home-care/versions/2/redeploy"')
    })

    it('should show the changes between two versions with both diagrams when a manager compares them', async () => {
      const { agent } = await browserFor(app, 'kierownik')
      const list = await agent.get('/procedures')
      expect(unescapeAttr(list.text)).to.include('href="/procedures/home-care/diff?from=1&to=2"')
      const res = await agent.get('/procedures/home-care/diff?from=1&to=2')
      expect(res.status).to.equal(200)
      expect(res.text).to.match(/<ul class="diff-changed"><li data-element-id="Task_a">/)
      expect(attr(res.text, 'data-old-xml')).to.equal(v1.content)
      expect(attr(res.text, 'data-new-xml')).to.equal(v2.content)
      expect(JSON.parse(attr(res.text, 'data-changes')!)).to.deep.include({ changed: ['Task_a'] })
      expect([...res.text.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1].trim())).to.deep.equal(['src="/static/build/diff.js"'])
      expect((await agent.get('/procedures/home-care/diff?from=1&to=9')).status).to.equal(404)
    })

    it('should answer 403 when a caseworker opens the procedure pages', async () => {
      const { agent } = await browserFor(app, 'pracownik')
      for (const path of ['/procedures', '/procedures/home-care/edit', '/procedures/new?processId=x&name=y', '/procedures/home-care/diff?from=1&to=2']) {
        expect((await agent.get(path)).status, path).to.equal(403)
      }
      expect(await db.prisma.auditEvent.count({ where: { action: 'procedure.list.forbidden' } })).to.equal(1)
    })

    it('should open the editor with the newest version in data attributes, the bundle from /static and no inline script', async () => {
      const { agent, csrf } = await browserFor(app, 'kierownik')
      const res = await agent.get('/procedures/home-care/edit')
      expect(res.status).to.equal(200)
      expect(attr(res.text, 'data-xml')).to.equal(v2.content)
      expect(attr(res.text, 'data-process-id')).to.equal('home-care')
      expect(attr(res.text, 'data-resource-name')).to.equal('home-care.bpmn')
      expect(attr(res.text, 'data-csrf')).to.equal(csrf)
      expect(JSON.parse(attr(res.text, 'data-texts')!)).to.have.property('draftSaved')
      expect(res.text, 'the XML is escaped').not.to.include('<bpmn:definitions')
      const scripts = [...res.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      expect(scripts.map((s) => s[1].trim())).to.deep.equal(['src="/static/build/editor.js"'])
      expect(scripts.every((s) => s[2] === '')).to.equal(true)
      const csp = res.headers['content-security-policy']
      expect(csp).to.match(/default-src 'self'/)
      expect(csp).not.to.match(/script-src/)
      expect((await agent.get('/static/build/editor.js')).status).to.equal(200)
      expect((await agent.get('/static/build/editor.css')).status).to.equal(200)
    })

    it('should open an older version when ?version=N is given and 404 for a version that does not exist', async () => {
      const { agent } = await browserFor(app, 'kierownik')
      const res = await agent.get('/procedures/home-care/edit?version=1')
      expect(attr(res.text, 'data-xml')).to.equal(v1.content)
      expect(unescapeAttr(res.text)).to.include('href="/procedures/home-care/edit?version=2"')
      expect((await agent.get('/procedures/home-care/edit?version=9')).status).to.equal(404)
      expect((await agent.get('/procedures/nothing/edit')).status).to.equal(404)
    })

    it('should open a template for a new procedure and refuse an id that exists or is invalid', async () => {
      const { agent } = await browserFor(app, 'kierownik')
      const res = await agent.get('/procedures/new?processId=respite-care&name=Opieka%20wytchnieniowa')
      expect(res.status).to.equal(200)
      const xml = attr(res.text, 'data-xml')!
      expect(xml).to.include('<bpmn:process id="respite-care" name="Opieka wytchnieniowa" isExecutable="true">')
      expect(attr(res.text, 'data-resource-name')).to.equal('respite-care.bpmn')
      const taken = await agent.get('/procedures/new?processId=home-care&name=X')
      const invalid = await agent.get('/procedures/new?processId=1%20bad&name=')
      expect(taken.status).to.equal(422)
      expect(invalid.status).to.equal(422)
      expect(invalid.text).to.include('aria-invalid="true"')
    })

    it('should roll back from the list page when a manager presses restore with the CSRF token', async () => {
      const { agent, csrf } = await browserFor(app, 'kierownik')
      const res = await agent.post('/procedures/home-care/versions/1/redeploy').type('form').send({ _csrf: csrf })
      expect(res.status).to.equal(303)
      expect(res.headers.location).to.equal('/procedures?notice=redeployed&version=3')
      const v3 = await db.prisma.processDefinition.findUniqueOrThrow({ where: { processId_version: { processId: 'home-care', version: 3 } } })
      expect(v3).to.include({ xml: v1.content, deployedBy: 'kierownik', comment: 'Przywrócono wersję 1' })
      const list = await agent.get(res.headers.location)
      expect(list.text).to.include('Wdrożono jako wersję 3.')
      expect((await agent.post('/procedures/home-care/versions/1/redeploy').type('form').send({})).status).to.equal(403)
    })
  })

  describe('template', () => {
    it('should pass every deployment check when the template is deployed unchanged', async () => {
      const xml = procedureTemplate('respite-care', 'Opieka <wytchnieniowa> & "dom"', { start: 'Start', task: 'Zadanie', end: 'Koniec' })
      const { problems } = await checkDeployment([{ name: 'respite-care.bpmn', content: xml }], { prisma: db.prisma })
      expect(problems).to.deep.equal([])
      const res = await request(app).post('/api/deployments').set(bearer(tokens.kierownik)).send({ files: [{ name: 'respite-care.bpmn', content: xml }], comment: 'nowa' })
      expect(res.status).to.equal(201)
    })
  })

  describe('drafts API', () => {
    const put = (login: string, body: unknown, id = 'home-care') =>
      request(app).put(`/api/procedures/${id}/draft`).set(bearer(tokens[login])).set('Content-Type', 'application/json').send(JSON.stringify(body))

    it('should save, read, replace and delete the draft and open it in the editor with ?draft=1', async () => {
      const saved = await put('kierownik', { xml: v1.content.replace('Task_a"', 'Task_a" name="Szkic"') })
      expect(saved.status, JSON.stringify(saved.body)).to.equal(200)
      expect(saved.body).to.include({ processId: 'home-care', savedBy: 'kierownik', savedAt: '2026-03-10T09:00:00.000Z' })
      await put('kierownik', { xml: 'second' })
      const read = await request(app).get('/api/procedures/home-care/draft').set(bearer(tokens.kierownik))
      expect(read.body.xml).to.equal('second')
      const { agent } = await browserFor(app, 'kierownik')
      const page = await agent.get('/procedures/home-care/edit?draft=1')
      expect(attr(page.text, 'data-xml')).to.equal('second')
      expect((await agent.get('/procedures')).text).to.include('/procedures/home-care/edit?draft=1')
      expect((await request(app).delete('/api/procedures/home-care/draft').set(bearer(tokens.kierownik))).status).to.equal(204)
      expect((await request(app).get('/api/procedures/home-care/draft').set(bearer(tokens.kierownik))).status).to.equal(404)
    })

    it('should keep a draft of a procedure that is not deployed yet and open it in the editor', async () => {
      const xml = procedureTemplate('respite-care', 'Opieka', { start: 'S', task: 'T', end: 'E' })
      expect((await put('kierownik', { xml }, 'respite-care')).status).to.equal(200)
      const { agent } = await browserFor(app, 'kierownik')
      const page = await agent.get('/procedures/respite-care/edit')
      expect(page.status).to.equal(200)
      expect(attr(page.text, 'data-xml')).to.equal(xml)
      expect((await agent.get('/procedures')).text).to.include('respite-care')
    })

    it('should remove the draft when exactly its XML is deployed', async () => {
      const xml = v1.content.replace('name="Task_a"', 'name="Wdrożony szkic"')
      await put('kierownik', { xml })
      const res = await request(app).post('/api/deployments').set(bearer(tokens.kierownik)).send({ files: [{ name: 'home-care.bpmn', content: xml }], comment: 'ze szkicu' })
      expect(res.status).to.equal(201)
      expect(await db.prisma.processDraft.count()).to.equal(0)
    })

    it('should refuse drafts from caseworkers, with unsafe XML, over the size limit or with a bad process id', async () => {
      expect((await put('pracownik', { xml: 'x' })).status).to.equal(403)
      expect((await put('kierownik', { xml: '<!DOCTYPE x [<!ENTITY a "b">]><x/>' })).status).to.equal(422)
      expect((await put('kierownik', { xml: '' })).status).to.equal(422)
      expect((await put('kierownik', { xml: 'x'.repeat(2 * 1024 * 1024 + 10) })).status).to.equal(413)
      expect((await put('kierownik', { xml: 'x' }, 'bad%20id')).status).to.equal(422)
      expect(await db.prisma.processDraft.count()).to.equal(0)
    })
  })
})
