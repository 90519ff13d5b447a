// A manager's procedure edits survive restarts, and a product upgrade of a file she changed waits for her:
// the whole system started twice on one database (createSystem: PGlite in a data folder, or TEST_DATABASE_URL),
// the API (GET /api/shipped-versions, POST …/take) and the pages (notice in Polish on the list and in the editors,
// comparison with the diff page, the take button with its CSRF token, audited), managers only. Version comments
// the system writes are shown in the reader's language.
import { expect } from 'chai'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { loadConfig } from '../../src/config.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import { createLogger } from '../../src/logger.ts'
import { seedProcessesFolder } from '../../src/procedures/seed-processes-folder.ts'
import { SystemComment } from '../../src/procedures/version-comments.ts'
import { createSystem, type System } from '../../src/system.ts'
import { createHandlers } from '../../workers/create-handlers.ts'

const BENEFIT = 'benefit-application.bpmn'
const INTERVIEW = 'name="Rodzinny wywiad środowiskowy"'
const MINE = 'name="Wywiad środowiskowy (RWŚ)"'
const UPGRADE = 'name="Rodzinny wywiad środowiskowy (aktualizacja)"'

const unescape = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'")

async function copyOfProcesses(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wf-shipped-'))
  await cp(PROCESSES_DIR, dir, { recursive: true })
  return dir
}

async function editFile(dir: string, name: string, edit: (text: string) => string): Promise<void> {
  const file = path.join(dir, name)
  const before = await readFile(file, 'utf8')
  const after = edit(before)
  expect(after, `the edit changes ${name}`).not.to.equal(before)
  await writeFile(file, after)
}

describe('web: shipped versions and restarts', function () {
  this.timeout(120_000)

  describe('the system started again on the same database (createSystem twice)', () => {
    let db: TestDatabase
    let dir: string
    let dataDir: string
    let system: System | null = null
    const lines: string[] = []

    before(async () => {
      db = await createTestDatabase()
    })
    after(async () => db?.close())
    beforeEach(async () => {
      await db.reset()
      dir = await copyOfProcesses()
      dataDir = await mkdtemp(path.join(tmpdir(), 'wf-shipped-data-'))
      lines.length = 0
    })
    afterEach(async () => {
      await system?.close()
      system = null
      await rm(dir, { recursive: true, force: true })
      await rm(dataDir, { recursive: true, force: true })
    })

    /** Starts the whole system on the test's database: the PostgreSQL one on the PostgreSQL pass, else PGlite in a data folder. */
    async function restart(): Promise<Express> {
      await system?.close()
      const url = process.env.TEST_DB_BACKEND === 'postgresql' ? testDatabaseUrl() : null
      const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SCHEDULER_INTERVAL_MS: '60000', LOG_LEVEL: 'info', PROCESSES_DIR: dir, DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) })
      system = await createSystem(config, { logger: createLogger({ level: 'info', write: (line) => lines.push(line) }) })
      return system.app
    }
    const versions = async (app: Express, token: string) => (await request(app).get('/api/procedures/benefit-application/versions').set(bearer(token))).body as { version: number; deployedBy: string; comment: string | null }[]

    it('should keep the manager\'s version the newest after restarts and offer the changed shipped file to her, who takes it as a new version', async () => {
      // given: a fresh database is seeded from the folder at the first start
      let app = await restart()
      let token = await tokenFor(app, 'kierownik')
      expect((await versions(app, token)).map((v) => `${v.version} ${v.deployedBy} ${v.comment}`)).to.deep.equal([`1 system ${SystemComment.shipped}`])
      // and the manager deploys her own version
      const shipped = await readFile(path.join(dir, BENEFIT), 'utf8')
      const mine = await request(app).post('/api/deployments').set(bearer(token)).send({ files: [{ name: BENEFIT, content: shipped.replace(INTERVIEW, MINE) }], comment: 'Nazwa wywiadu' })
      expect(mine.status, JSON.stringify(mine.body)).to.equal(201)

      // when: the system restarts with the same files
      app = await restart()
      token = await tokenFor(app, 'kierownik')
      // then: her version is still the newest and nothing is offered
      expect((await versions(app, token)).map((v) => `${v.version} ${v.deployedBy}`)).to.deep.equal(['2 kierownik', '1 system'])
      expect((await request(app).get('/api/shipped-versions').set(bearer(token))).body).to.deep.equal([])

      // when: a product upgrade changes the shipped file, and the system restarts
      await editFile(dir, BENEFIT, (t) => t.replace(INTERVIEW, UPGRADE))
      app = await restart()
      token = await tokenFor(app, 'kierownik')
      // then: not deployed, offered, logged with ids only
      expect((await versions(app, token)).map((v) => v.version)).to.deep.equal([2, 1])
      const offered = await request(app).get('/api/shipped-versions').set(bearer(token))
      expect(offered.body).to.have.length(1)
      expect(offered.body[0]).to.include({ kind: 'process', id: 'benefit-application', fileName: BENEFIT, latestVersion: 2, latestDeployedBy: 'kierownik' })
      const log = lines.map((l) => JSON.parse(l)).find((l) => String(l.msg).startsWith('shipped version available'))
      expect(log).to.include({ level: 'warn', kind: 'process', id: 'benefit-application', newestVersion: 2 })

      // when: she takes it through the API
      const taken = await request(app).post('/api/shipped-versions/process/benefit-application/take').set(bearer(token)).send({})
      // then: a new version with the shipped content, audited, nothing offered any more
      expect(taken.status, JSON.stringify(taken.body)).to.equal(201)
      expect(taken.body).to.deep.equal({ kind: 'process', id: 'benefit-application', version: 3, duplicate: false })
      expect((await versions(app, token))[0]).to.include({ version: 3, deployedBy: 'kierownik', comment: SystemComment.shippedTaken })
      const source = await request(app).get('/api/procedures/benefit-application/versions/3').set(bearer(token))
      expect(source.body.xml).to.include(UPGRADE)
      const audit = await system!.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'deployment.create', details: { path: ['shippedOf'], equals: 'process:benefit-application' } } })
      expect(audit.details).to.deep.include({ processes: 'benefit-application:3', newVersions: 1 })
      expect((await request(app).get('/api/shipped-versions').set(bearer(token))).body).to.deep.equal([])

      // and a further restart changes nothing
      app = await restart()
      token = await tokenFor(app, 'kierownik')
      expect((await versions(app, token)).map((v) => v.version)).to.deep.equal([3, 2, 1])
      expect((await request(app).get('/api/shipped-versions').set(bearer(token))).body).to.deep.equal([])
    })
  })

  describe('pages and API (a shipped version waiting)', () => {
    let db: TestDatabase
    let dir: string
    let app: Express
    let clock: FakeClock
    const tokens: Record<string, string> = {}

    before(async () => {
      db = await createTestDatabase()
    })
    after(async () => db?.close())
    afterEach(async () => rm(dir, { recursive: true, force: true }))

    function engine(): EmbeddedEngine {
      const e = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
      for (const h of createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' })) e.registerHandler(h)
      return e
    }
    const start = () => seedProcessesFolder({ prisma: db.prisma, engine: engine(), clock, logger: { info() {}, warn() {} } }, dir)

    /** Seeded; the manager changed benefit-application, the family interview form and the income criteria; the product changed all three files; restarted. */
    beforeEach(async () => {
      await db.reset()
      dir = await copyOfProcesses()
      clock = new FakeClock('2026-03-10T09:00:00Z')
      await start()
      const e = engine()
      ;({ app } = await createWebTestApp(db, { engine: e, clock }))
      for (const login of ['pracownik', 'kierownik']) tokens[login] = await tokenFor(app, login)
      const shipped = await readFile(path.join(dir, BENEFIT), 'utf8')
      const form = JSON.parse(await readFile(path.join(dir, 'forms/family-interview.form'), 'utf8'))
      const dmn = await readFile(path.join(dir, 'income-criteria.dmn'), 'utf8')
      const mine = await request(app).post('/api/deployments').set(bearer(tokens.kierownik)).send({
        files: [
          { name: BENEFIT, content: shipped.replace(INTERVIEW, MINE) },
          { name: 'family-interview.form', content: JSON.stringify({ ...form, components: [...form.components, { type: 'textfield', id: 'Field_extra', key: 'extraNote', label: 'Uwagi' }] }) },
          { name: 'income-criteria.dmn', content: dmn.replace('<text>776</text>', '<text>777</text>') },
        ],
        comment: 'Zmiany ośrodka',
      })
      expect(mine.status, JSON.stringify(mine.body)).to.equal(201)
      await editFile(dir, BENEFIT, (t) => t.replace(INTERVIEW, UPGRADE))
      await editFile(dir, 'forms/family-interview.form', (t) => t.replace('Data przeprowadzenia wywiadu', 'Data wywiadu'))
      await editFile(dir, 'income-criteria.dmn', (t) => t.replace('<text>600</text>', '<text>601</text>'))
      expect((await start()).pending).to.have.length(3)
    })

    it('should list the waiting shipped versions to a manager and give one with its content', async () => {
      const list = await request(app).get('/api/shipped-versions').set(bearer(tokens.kierownik))
      expect(list.body.map((v: { kind: string; id: string; latestVersion: number }) => `${v.kind}:${v.id}:${v.latestVersion}`)).to.deep.equal(['process:benefit-application:2', 'form:family-interview:2', 'decision:income-criteria:2'])
      const forms = await request(app).get('/api/shipped-versions?kind=form').set(bearer(tokens.kierownik))
      expect(forms.body.map((v: { id: string }) => v.id)).to.deep.equal(['family-interview'])
      const one = await request(app).get('/api/shipped-versions/decision/income-criteria').set(bearer(tokens.kierownik))
      expect(one.body).to.include({ kind: 'decision', id: 'income-criteria', fileName: 'income-criteria.dmn' })
      expect(one.body.content).to.include('<text>601</text>')
      expect((await request(app).get('/api/shipped-versions?kind=other').set(bearer(tokens.kierownik))).status).to.equal(400)
      expect((await request(app).get('/api/shipped-versions/process/blue-card').set(bearer(tokens.kierownik))).status, 'nothing waits for blue-card').to.equal(404)
    })

    it('should refuse caseworkers the list, the content and taking, on the API and the page, and audit it', async () => {
      expect((await request(app).get('/api/shipped-versions').set(bearer(tokens.pracownik))).status).to.equal(403)
      expect((await request(app).get('/api/shipped-versions/process/benefit-application').set(bearer(tokens.pracownik))).status).to.equal(403)
      expect((await request(app).post('/api/shipped-versions/process/benefit-application/take').set(bearer(tokens.pracownik)).send({})).status).to.equal(403)
      const { agent, csrf } = await browserFor(app, 'pracownik')
      expect((await agent.post('/procedures/shipped/process/benefit-application/take').type('form').send({ _csrf: csrf })).status).to.equal(403)
      expect(await db.prisma.processDefinition.count({ where: { processId: 'benefit-application' } })).to.equal(2)
      const actions = (await db.prisma.auditEvent.findMany()).map((a) => a.action)
      expect(actions).to.include.members(['shipped.list.forbidden', 'shipped.read.forbidden', 'shipped.take.forbidden'])
    })

    it('should tell the manager in Polish on the procedure list and in the editors, with a comparison, the shipped version in the editor and a take button', async () => {
      const { agent } = await browserFor(app, 'kierownik')
      // the list: one notice per waiting thing, each with the take form and its CSRF token
      const list = unescape((await agent.get('/procedures')).text)
      for (const [kind, id] of [['process', 'benefit-application'], ['form', 'family-interview'], ['decision', 'income-criteria']]) {
        expect(list).to.include(`data-shipped-kind="${kind}" data-shipped-id="${id}"`)
        expect(list).to.match(new RegExp(`<form method="post" action="/procedures/shipped/${kind}/${id}/take" class="inline">\\s*<input type="hidden" name="_csrf" value="[^"]+">`))
      }
      expect(list).to.include('System dostarcza inną wersję: benefit-application.bpmn (odczytano 10.03.2026')
      expect(list).to.include('obowiązuje nowsza wersja 2 wdrożona przez: kierownik')
      expect(list).to.include('href="/procedures/benefit-application/diff?from=2&to=shipped"')
      expect(list).not.to.include('data-shipped-id="blue-card"')
      // the editors
      const editor = unescape((await agent.get('/procedures/benefit-application/edit')).text)
      expect(editor).to.include('data-shipped-id="benefit-application"')
      expect(editor).to.include('href="/procedures/benefit-application/edit?shipped=1"')
      const shippedInEditor = unescape((await agent.get('/procedures/benefit-application/edit?shipped=1')).text)
      expect(shippedInEditor).to.include('Wersja dostarczona z systemem (benefit-application.bpmn), niewdrożona')
      expect(shippedInEditor).to.include('(aktualizacja)')
      expect(shippedInEditor).not.to.include('edit?shipped=1"', 'no link to what is shown')
      const formEditor = unescape((await agent.get('/procedures/forms/family-interview?shipped=1')).text)
      expect(formEditor).to.include('data-shipped-id="family-interview"')
      expect(formEditor).to.include('Data wywiadu')
      const dmnEditor = unescape((await agent.get('/procedures/decisions/income-criteria')).text)
      expect(dmnEditor).to.include('data-shipped-id="income-criteria"')
      expect(dmnEditor).to.include('href="/procedures/decisions/income-criteria?shipped=1"')
      expect(unescape((await agent.get('/procedures/decisions/income-criteria?shipped=1')).text)).to.include('&lt;text&gt;601&lt;/text&gt;')
      // the comparison: the renamed interview (the manager's name → the shipped one)
      const diff = unescape((await agent.get('/procedures/benefit-application/diff?from=2&to=shipped')).text)
      expect(diff).to.include('Procedura „Wniosek o zasiłek”: zmiany z wersji 2 na wersję dostarczoną z systemem')
      expect(diff).to.match(/<ul class="diff-changed"><li data-element-id="Task_familyInterview">/)
      const api = await request(app).get('/api/procedures/benefit-application/diff?from=2&to=shipped').set(bearer(tokens.kierownik))
      expect(api.body.changed.map((c: { id: string }) => c.id)).to.deep.equal(['Task_familyInterview'])
      expect(api.body.to).to.equal('shipped')
    })

    it('should deploy the shipped version as a new version when the manager takes it on the page, audited, and refuse the form without its CSRF token', async () => {
      const { agent, csrf } = await browserFor(app, 'kierownik')
      // without the token: refused, nothing deployed
      expect((await agent.post('/procedures/shipped/process/benefit-application/take').type('form').send({})).status).to.equal(403)
      expect(await db.prisma.processDefinition.count({ where: { processId: 'benefit-application' } })).to.equal(2)
      // when
      const res = await agent.post('/procedures/shipped/process/benefit-application/take').type('form').send({ _csrf: csrf })
      // then
      expect(res.status).to.equal(303)
      expect(res.headers.location).to.equal('/procedures?notice=shipped-taken&version=3#proc-benefit-application')
      const newest = await db.prisma.processDefinition.findFirstOrThrow({ where: { processId: 'benefit-application' }, orderBy: { version: 'desc' } })
      expect(newest).to.include({ version: 3, deployedBy: 'kierownik', comment: SystemComment.shippedTaken })
      expect(newest.xml).to.include(UPGRADE)
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'deployment.create', details: { path: ['shippedOf'], equals: 'process:benefit-application' } } })
      expect(audit.details).to.deep.include({ processes: 'benefit-application:3' })
      const list = unescape((await agent.get(res.headers.location)).text)
      expect(list).to.include('Wdrożono wersję dostarczoną z systemem jako wersję 3.')
      expect(list).to.include('Przyjęto wersję dostarczoną z systemem')
      expect(list).not.to.include('data-shipped-id="benefit-application"')
      // the form and the decision table are taken the same way
      const form = await agent.post('/procedures/shipped/form/family-interview/take').type('form').send({ _csrf: csrf })
      expect(form.headers.location).to.equal('/procedures?notice=shipped-taken&version=3#form-family-interview')
      const decision = await request(app).post('/api/shipped-versions/decision/income-criteria/take').set(bearer(tokens.kierownik)).send({ comment: 'Nowe kwoty z aktualizacji' })
      expect(decision.body).to.deep.equal({ kind: 'decision', id: 'income-criteria', version: 3, duplicate: false })
      expect(await db.prisma.decisionDefinition.findFirstOrThrow({ where: { decisionId: 'income-criteria', version: 3 } })).to.include({ comment: 'Nowe kwoty z aktualizacji' })
      expect((await request(app).get('/api/shipped-versions').set(bearer(tokens.kierownik))).body).to.deep.equal([])
      expect((await request(app).post('/api/shipped-versions/decision/income-criteria/take').set(bearer(tokens.kierownik)).send({})).status, 'nothing waits any more').to.equal(404)
    })

    it('should stop offering a shipped version the manager deployed herself', async () => {
      const row = await db.prisma.shippedResource.findUniqueOrThrow({ where: { kind_resourceId: { kind: 'process', resourceId: 'benefit-application' } } })
      const res = await request(app).post('/api/deployments').set(bearer(tokens.kierownik)).send({ files: [{ name: BENEFIT, content: row.content }], comment: 'Z aktualizacji' })
      expect(res.body.processes[0]).to.include({ version: 3, duplicate: false })
      const list = await request(app).get('/api/shipped-versions').set(bearer(tokens.kierownik))
      expect(list.body.map((v: { id: string }) => v.id)).to.deep.equal(['family-interview', 'income-criteria'])
    })

    it('should show the comments the system wrote in the reader\'s language, old English ones too, never as codes', async () => {
      await db.prisma.processDefinition.updateMany({ where: { processId: 'blue-card' }, data: { comment: 'processes folder at start-up' } })
      const { agent } = await browserFor(app, 'kierownik')
      const pl = unescape((await agent.get('/procedures')).text)
      expect(pl).to.include('<td>Wersja dostarczona z systemem (wdrożona przy uruchomieniu)</td>')
      expect(pl).not.to.include(SystemComment.shipped)
      expect(pl).not.to.include('processes folder at start-up')
      const en = unescape((await agent.get('/procedures?lang=en')).text)
      expect(en).to.include('<td>Shipped with the system (deployed at start-up)</td>')
      expect(en).to.include('The system ships a different version: benefit-application.bpmn')
    })
  })
})
