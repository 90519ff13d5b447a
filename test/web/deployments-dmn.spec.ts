// DMN decisions through the deployment API on the real embedded engine: a .dmn file with the BPMN that calls it
// (JSON and multipart), versions (GET /api/decisions…), and every kind of broken DMN refused with its element and
// rule and nothing deployed: FEEL that does not parse, a called decision that does not exist, a DTD.
import { expect } from 'chai'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import request from 'supertest'
import type { Express } from 'express'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask, dmnFile, type TableSpec } from '../helpers/dmn-fixture.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { PROCESSES_DIR } from '../../engine/deploy-folder.ts'

const table = (limit: number, extra: Partial<TableSpec> = {}): TableSpec => ({
  decisionId: 'level',
  name: 'Poziom dochodu',
  inputs: ['income'],
  outputs: ['level'],
  rules: [[`< ${limit}`, '"low"'], [`>= ${limit}`, '"high"']],
  ...extra,
})

const caller = (decisionId = 'level') =>
  bpmnFile('dmn-caller', `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_decide')}${businessRuleTask('Task_decide', decisionId, 'level')}${flow('f2', 'Task_decide', 'Task_a')}${userTask('Task_a', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f3', 'Task_a', 'End')}<bpmn:endEvent id="End" />`)

describe('web: DMN deployments and versions', function () {
  let db: TestDatabase
  let app: Express
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    for (const login of ['pracownik', 'kierownik']) tokens[login] = await tokenFor(app, login)
  })

  const deploy = (body: object, login = 'kierownik') => request(app).post('/api/deployments').set(bearer(tokens[login])).send(body)
  const check = (body: object) => request(app).post('/api/deployments/check').set(bearer(tokens.kierownik)).send(body)
  const counts = async () => [await db.prisma.decisionDefinition.count(), await db.prisma.processDefinition.count()]
  const rules = (problems: { elementId: string | null; rule: string }[]) => problems.map((p) => `${p.elementId}:${p.rule}`)

  it('should deploy a decision with the process that calls it and list its versions when a manager posts JSON', async () => {
    const res = await deploy({ files: [dmnFile(table(1000)), caller()], comment: 'Tabela poziomów' })
    expect(res.status, JSON.stringify(res.body)).to.equal(201)
    expect(res.body.decisions).to.deep.equal([{ decisionId: 'level', name: 'Poziom dochodu', version: 1, duplicate: false }])
    expect(res.body.processes[0]).to.include({ processId: 'dmn-caller', version: 1 })
    const second = await request(app).post('/api/deployments').set(bearer(tokens.kierownik)).attach('files', Buffer.from(dmnFile(table(900)).content), 'level.dmn').field('comment', 'Nowy próg')
    expect(second.status, JSON.stringify(second.body)).to.equal(201)
    expect(second.body.decisions[0]).to.include({ version: 2, duplicate: false })
    const versions = await request(app).get('/api/decisions/level/versions').set(bearer(tokens.kierownik))
    expect(versions.body.map((v: { version: number; comment: string; deployedBy: string }) => [v.version, v.comment, v.deployedBy])).to.deep.equal([
      [2, 'Nowy próg', 'kierownik'],
      [1, 'Tabela poziomów', 'kierownik'],
    ])
    const list = await request(app).get('/api/decisions').set(bearer(tokens.kierownik))
    expect(list.body).to.have.length(1)
    expect(list.body[0]).to.include({ decisionId: 'level', latestVersion: 2 })
    const source = await request(app).get('/api/decisions/level/versions/1').set(bearer(tokens.kierownik))
    expect(source.body).to.include({ decisionId: 'level', version: 1, resourceName: 'level.dmn', latestVersion: 2 })
    expect(source.body.xml).to.include('&lt; 1000')
    expect((await request(app).get('/api/decisions').set(bearer(tokens.pracownik))).status).to.equal(403)
    const { agent } = await browserFor(app, 'kierownik')
    const page = await agent.get('/procedures')
    expect(page.text).to.include('href="/procedures/decisions/level"')
    expect(page.text).to.include('Nowy próg')
    const editor = await agent.get('/procedures/decisions/level?version=1')
    expect(editor.status).to.equal(200)
    expect(editor.text).to.include('data-decision-id="level"').and.include('/static/build/dmn-editor.js')
    expect(editor.headers['content-security-policy']).not.to.match(/script-src[^;]*unsafe/)
    expect((await agent.get('/procedures/decisions/no-such-decision')).status).to.equal(404)
    const caseworker = await browserFor(app, 'pracownik')
    expect((await caseworker.agent.get('/procedures/decisions/level')).status).to.equal(403)
  })

  it('should accept a process calling a decision deployed earlier and the example income criteria', async () => {
    const dmn = await readFile(path.join(PROCESSES_DIR, 'income-criteria.dmn'), 'utf8')
    expect((await deploy({ files: [{ name: 'income-criteria.dmn', content: dmn }, dmnFile(table(1000))] })).status).to.equal(201)
    const res = await check({ files: [caller()] })
    expect(res.body, JSON.stringify(res.body)).to.include({ ok: true })
  })

  it('should refuse a DMN file whose FEEL does not parse, naming the cells, and deploy nothing', async () => {
    const bad = dmnFile(table(1000, { inputs: ['income +'], rules: [['< 1000', '"low"'], ['[1..', 'foo(']] }))
    const res = await deploy({ files: [bad, caller()] })
    expect(res.status).to.equal(400)
    expect(res.body.error.code).to.equal('DEPLOYMENT_REJECTED')
    expect(rules(res.body.error.problems)).to.deep.equal(['in0:feel', 'r1_in0:feel', 'r1_out0:feel'])
    expect(res.body.error.problems[0]).to.include({ resource: 'level.dmn' })
    expect(await counts()).to.deep.equal([0, 0])
    const dry = await check({ files: [bad] })
    expect(dry.body.ok).to.equal(false)
    expect(rules(dry.body.problems)).to.deep.equal(['in0:feel', 'r1_in0:feel', 'r1_out0:feel'])
  })

  it('should refuse a process that calls a decision which is neither deployed nor in the upload', async () => {
    const res = await deploy({ files: [dmnFile(table(1000)), caller('unknown-decision')] })
    expect(res.status).to.equal(400)
    expect(res.body.error.problems).to.deep.equal([
      { resource: 'dmn-caller.bpmn', elementId: 'Task_decide', rule: 'decision', message: 'Decision "unknown-decision" is not deployed' },
    ])
    expect(await counts()).to.deep.equal([0, 0])
  })

  it('should refuse a DMN file with a DTD before parsing it, in JSON and multipart uploads', async () => {
    const content = dmnFile(table(1000)).content.replace('<definitions', '<!DOCTYPE definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<definitions')
    const json = await deploy({ files: [{ name: 'level.dmn', content }] })
    const multipart = await request(app).post('/api/deployments').set(bearer(tokens.kierownik)).attach('files', Buffer.from(content), 'level.dmn')
    for (const res of [json, multipart]) {
      expect(res.status).to.equal(400)
      expect(res.body.error.problems).to.deep.equal([
        { resource: 'level.dmn', elementId: null, rule: 'unsafe-xml', message: 'The file contains a DOCTYPE declaration; DMN files may not declare a DTD or entities' },
      ])
    }
    expect(res404(await request(app).get('/api/decisions/level/versions').set(bearer(tokens.kierownik)))).to.equal(404)
  })

  it('should refuse malformed DMN and two files that define the same decision', async () => {
    const res = await deploy({ files: [{ name: 'broken.dmn', content: '<definitions><oops' }, dmnFile(table(1000)), dmnFile(table(900), 'level-again.dmn')] })
    expect(res.status).to.equal(400)
    expect(rules(res.body.error.problems)).to.deep.equal(['null:xml', 'level:decision-id'])
    expect(await counts()).to.deep.equal([0, 0])
  })
})

const res404 = (res: { status: number }) => res.status
