// POST /api/deployments and its dry run on the real embedded engine: managers only, every kind of broken file
// refused with its element and rule and nothing deployed, unsafe XML and oversized uploads refused before any
// XML parser sees them, JSON and multipart bodies, an audit event for every attempt.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { bpmnFile, flow, message, serviceTask, timerBoundary, userTask } from '../helpers/bpmn-fixture.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { procedureTemplate } from '../../src/procedures/procedure-template.ts'

const form = (id: string) => ({ name: `${id}.form`, content: JSON.stringify({ id, components: [{ type: 'textfield', id: 'f1', key: 'note', label: 'Uwagi' }] }) })

const simple = (processId: string, taskExtra = '') =>
  bpmnFile(processId, `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_a')}${userTask('Task_a', taskExtra)}${flow('f2', 'Task_a', 'End')}<bpmn:endEvent id="End" />`)

/** A procedure with one element replaced: everything else is valid. */
const withTask = (processId: string, task: string, rootElements = '') =>
  bpmnFile(processId, `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_x')}${task}${flow('f2', 'Task_x', 'End')}<bpmn:endEvent id="End" />`, rootElements)

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:process id="lolz" name="&lol9;" isExecutable="true"><bpmn:startEvent id="Start" /></bpmn:process>
</bpmn:definitions>`

const XXE = `<?xml version="1.0" encoding="UTF-8"?>
<!doctype bpmn:definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:process id="xxe" name="&xxe;" isExecutable="true"><bpmn:startEvent id="Start" /></bpmn:process>
</bpmn:definitions>`

describe('web: procedure deployments (POST /api/deployments)', function () {
  let db: TestDatabase
  let app: Express
  let engine: EmbeddedEngine
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())

  async function build(env: Record<string, string> = {}) {
    await db.reset()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    ;({ app } = await createWebTestApp(db, { engine, clock, env }))
    for (const login of ['pracownik', 'kierownik', 'admin']) tokens[login] = await tokenFor(app, login)
  }
  beforeEach(async () => build())

  const deploy = (login: string, body: object) => request(app).post('/api/deployments').set(bearer(tokens[login])).send(body)
  const check = (login: string, body: object) => request(app).post('/api/deployments/check').set(bearer(tokens[login])).send(body)
  const definitions = () => db.prisma.processDefinition.count()
  const auditActions = async () => (await db.prisma.auditEvent.findMany({ orderBy: { at: 'asc' } })).map((a) => a.action)

  describe('accepted uploads', () => {
    it('should deploy a BPMN file with its form as version 1 and record who and why when a manager posts JSON', async () => {
      // when
      const res = await deploy('kierownik', { files: [form('note-form'), simple('new-procedure', '<zeebe:formDefinition formId="note-form" />')], comment: 'Nowa procedura' })
      // then
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
      expect(res.body.processes).to.deep.equal([{ processId: 'new-procedure', name: 'new-procedure', version: 1, duplicate: false }])
      expect(res.body.forms).to.deep.equal([{ formId: 'note-form', version: 1 }])
      const row = await db.prisma.processDefinition.findFirstOrThrow({ where: { processId: 'new-procedure' } })
      expect(row).to.include({ deployedBy: 'kierownik', comment: 'Nowa procedura', version: 1 })
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'deployment.create' } })
      expect(audit.details).to.deep.include({ files: 2, processes: 'new-procedure:1', newVersions: 1 })
      expect(JSON.stringify(audit.details)).not.to.include('Nowa procedura')
    })

    it('should make version 2 when a changed file is deployed and no new version when it is unchanged', async () => {
      await deploy('kierownik', { files: [simple('p1')] })
      const changed = bpmnFile('p1', `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'End')}<bpmn:endEvent id="End" />`)
      const second = await deploy('admin', { files: [changed], comment: 'krócej' })
      const third = await deploy('kierownik', { files: [changed] })
      expect(second.body.processes[0]).to.include({ version: 2, duplicate: false })
      expect(third.body.processes[0]).to.include({ version: 2, duplicate: true })
      expect(await definitions()).to.equal(2)
    })

    it('should deploy multipart/form-data with the comment field when the browser uploads with its session and CSRF token', async () => {
      // given
      const { agent, csrf } = await browserFor(app, 'kierownik')
      const file = simple('from-browser')
      // when
      const res = await agent
        .post('/api/deployments')
        .set('X-CSRF-Token', csrf)
        .field('comment', 'Wdrożone z edytora')
        .attach('files', Buffer.from(file.content), { filename: file.name, contentType: 'application/octet-stream' })
      // then
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
      const row = await db.prisma.processDefinition.findFirstOrThrow({ where: { processId: 'from-browser' } })
      expect(row).to.include({ deployedBy: 'kierownik', comment: 'Wdrożone z edytora', resourceName: 'from-browser.bpmn' })
    })

    it('should refuse a cookie-authenticated upload when the CSRF header is missing', async () => {
      const { agent } = await browserFor(app, 'kierownik')
      const file = simple('no-csrf')
      const res = await agent.post('/api/deployments').attach('files', Buffer.from(file.content), file.name)
      expect(res.status).to.equal(403)
      expect(res.body.error.code).to.equal('CSRF_FAILED')
      expect(await definitions()).to.equal(0)
    })

    it('should accept registered messages and error codes the handler raises', async () => {
      const file = bpmnFile(
        'registered',
        `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_x')}${serviceTask('Task_x', 'assess-income')}
        <bpmn:boundaryEvent id="Err_x" attachedToRef="Task_x"><bpmn:errorEventDefinition errorRef="E1" /></bpmn:boundaryEvent>
        ${flow('f2', 'Task_x', 'Wait')}<bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>
        ${flow('f3', 'Wait', 'End')}${flow('f4', 'Err_x', 'End')}<bpmn:endEvent id="End" />`,
        `${message('Msg', 'appeal-filed', '=caseId')}<bpmn:error id="E1" errorCode="INVALID_INCOME_DATA" />`,
      )
      const res = await deploy('kierownik', { files: [file] })
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
    })

    it('should accept a form already deployed when a user task links to it', async () => {
      await deploy('kierownik', { files: [form('shared-form')] })
      const res = await deploy('kierownik', { files: [simple('uses-form', '<zeebe:formDefinition formId="shared-form" />')] })
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
    })
  })

  describe('refusals', () => {
    it('should answer 403 and deploy nothing when a caseworker deploys or checks', async () => {
      const res = await deploy('pracownik', { files: [simple('not-mine')] })
      const dry = await check('pracownik', { files: [simple('not-mine')] })
      expect(res.status).to.equal(403)
      expect(res.body.error.code).to.equal('FORBIDDEN')
      expect(dry.status).to.equal(403)
      expect(await definitions()).to.equal(0)
      expect(await auditActions()).to.include.members(['deployment.forbidden', 'deployment.check.forbidden'])
    })

    it('should answer 401 when nobody is signed in', async () => {
      const res = await request(app).post('/api/deployments').send({ files: [simple('anon')] })
      expect(res.status).to.equal(401)
    })

    const broken: [string, { name: string; content: string }[], string, string | null][] = [
      ['malformed XML', [{ name: 'bad.bpmn', content: '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="x">' }], 'xml', null],
      ['a file that is not BPMN or a form', [{ name: 'notes.txt', content: 'hello' }], 'resource', null],
      ['a file name with a folder', [{ name: '../evil.bpmn', content: simple('evil').content }], 'resource', null],
      ['an element outside the supported subset', [withTask('sub', '<bpmn:complexGateway id="Task_x" />')], 'supported-subset', 'Task_x'],
      ['a service task without a job type', [withTask('nojob', '<bpmn:serviceTask id="Task_x" />')], 'job-type', 'Task_x'],
      ['a form that is not deployed', [withTask('noform', userTask('Task_x', '<zeebe:formDefinition formId="missing-form" />'))], 'form', 'Task_x'],
      ['a form that is not valid JSON', [{ name: 'broken.form', content: '{"id": "broken", "components": [' }], 'form', null],
      ['a form without an id', [{ name: 'noid.form', content: '{"components": []}' }], 'form', null],
      ['FEEL that does not parse', [withTask('badfeel', userTask('Task_x', '<zeebe:assignmentDefinition candidateGroups="=if then" />'))], 'feel', 'Task_x'],
      ['a gateway condition that does not parse', [bpmnFile('badcond', `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Gw')}<bpmn:exclusiveGateway id="Gw" default="f3" />${flow('f2', 'Gw', 'End', '= income &lt;')}${flow('f3', 'Gw', 'End')}<bpmn:endEvent id="End" />`)], 'feel', 'f2'],
      ['a timer that does not parse', [withTask('badtimer', `${userTask('Task_x')}${timerBoundary('Timer_x', 'Task_x', 'P14X')}`)], 'timer', 'Timer_x'],
      ['a timer cycle on an interrupting boundary event', [withTask('cycle', `${userTask('Task_x')}<bpmn:boundaryEvent id="Timer_x" attachedToRef="Task_x"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`)], 'timer', 'Timer_x'],
      ['a message outside the registry', [withTask('msg', `<bpmn:intermediateCatchEvent id="Task_x"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>`, message('Msg', 'carrier-pigeon-arrived', '=caseId'))], 'message', 'Task_x'],
      ['a message without a correlation key', [withTask('msgkey', `<bpmn:intermediateCatchEvent id="Task_x"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>`, '<bpmn:message id="Msg" name="m" />')], 'message', 'Task_x'],
      ['an error code outside the registry', [withTask('err', `${serviceTask('Task_x', 'assess-income')}<bpmn:boundaryEvent id="Err_x" attachedToRef="Task_x"><bpmn:errorEventDefinition errorRef="E1" /></bpmn:boundaryEvent>`, '<bpmn:error id="E1" errorCode="PIGEON_LOST" />')], 'error', 'Err_x'],
      ['an error code another handler raises', [withTask('err2', `${serviceTask('Task_x', 'assess-income')}<bpmn:boundaryEvent id="Err_x" attachedToRef="Task_x"><bpmn:errorEventDefinition errorRef="E1" /></bpmn:boundaryEvent>`, '<bpmn:error id="E1" errorCode="INVALID_RECEIVED_AT" />')], 'error', 'Err_x'],
      ['an error end event without a code', [bpmnFile('errend', `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'End')}<bpmn:endEvent id="End"><bpmn:errorEventDefinition /></bpmn:endEvent>`)], 'error', 'End'],
      ['two files defining the same process', [simple('twice'), { ...simple('twice'), name: 'twice-again.bpmn' }], 'process-id', 'twice'],
      ['a process id longer than 100 characters', [{ ...simple(`p${'x'.repeat(120)}`), name: 'long-id.bpmn' }], 'process-id', `p${'x'.repeat(120)}`],
    ]
    for (const [what, files, rule, elementId] of broken) {
      it(`should answer 400 DEPLOYMENT_REJECTED naming the ${rule} problem and deploy nothing when the upload has ${what}`, async () => {
        // when
        const res = await deploy('kierownik', { files: [form('good-form'), ...files], comment: 'x' })
        // then
        expect(res.status, JSON.stringify(res.body)).to.equal(400)
        expect(res.body.error.code).to.equal('DEPLOYMENT_REJECTED')
        expect(res.body.error.message).to.be.a('string').and.not.equal('')
        const problem = res.body.error.problems.find((p: { rule: string }) => p.rule === rule)
        expect(problem, JSON.stringify(res.body.error.problems)).to.not.equal(undefined)
        if (elementId) expect(problem.elementId).to.equal(elementId)
        expect(problem.message).to.be.a('string').and.not.equal('')
        expect(await definitions()).to.equal(0)
        expect(await db.prisma.formDefinition.count(), 'the good form in the same upload is not deployed either').to.equal(0)
        const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'deployment.rejected' } })
        expect((audit.details as { rules: string }).rules).to.include(rule)
      })
    }

    it('should answer 400 when the body has no files array', async () => {
      const res = await deploy('kierownik', { file: 'x' })
      expect(res.status).to.equal(400)
      expect(res.body.error.code).to.equal('BAD_REQUEST')
      expect(await auditActions()).to.include('deployment.rejected')
    })

    it('should read the body itself when the path has a trailing slash', async () => {
      const big = simple('casey').content.replace('</bpmn:definitions>', `<!-- ${'c'.repeat(200_000)} --></bpmn:definitions>`)
      const res = await request(app).post('/api/deployments/').set(bearer(tokens.kierownik)).send({ files: [{ name: 'casey.bpmn', content: big }] })
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
    })

    it('should answer 415 when the body is neither JSON nor multipart', async () => {
      const res = await request(app).post('/api/deployments').set(bearer(tokens.kierownik)).set('Content-Type', 'text/xml').send(simple('x').content)
      expect(res.status).to.equal(415)
    })
  })

  describe('unsafe XML', () => {
    const unsafe: [string, string][] = [
      ['billion laughs (entity expansion)', BILLION_LAUGHS],
      ['XXE with SYSTEM file:///etc/passwd', XXE],
      ['an external DTD', simple('dtd').content.replace('<bpmn:definitions', '<!DocType bpmn:definitions SYSTEM "http://127.0.0.1:9/x.dtd">\n<bpmn:definitions')],
      ['an entity declaration without a DOCTYPE', `${simple('ent').content}\n<!-- --><!ENTITY x "y">`],
    ]
    for (const [what, content] of unsafe) {
      it(`should refuse ${what} with rule unsafe-xml before parsing it`, async () => {
        const res = await deploy('kierownik', { files: [{ name: 'unsafe.bpmn', content }] })
        expect(res.status).to.equal(400)
        expect(res.body.error.problems).to.deep.equal([
          { resource: 'unsafe.bpmn', elementId: null, rule: 'unsafe-xml', message: res.body.error.problems[0].message },
        ])
        expect(res.text).not.to.include('root:')
        expect(res.text).not.to.include('lollol')
        expect(await definitions()).to.equal(0)
      })
    }

    it('should refuse the XXE file in a multipart upload and in the dry run too', async () => {
      const res = await request(app).post('/api/deployments').set(bearer(tokens.kierownik)).attach('files', Buffer.from(XXE), 'xxe.bpmn')
      const dry = await request(app).post('/api/deployments/check').set(bearer(tokens.kierownik)).attach('files', Buffer.from(BILLION_LAUGHS), 'lol.bpmn')
      expect(res.status).to.equal(400)
      expect(res.body.error.problems[0].rule).to.equal('unsafe-xml')
      expect(dry.status).to.equal(200)
      expect(dry.body.problems[0].rule).to.equal('unsafe-xml')
    })
  })

  describe('oversized uploads', () => {
    it('should answer 413 and deploy nothing when one file is over 2 MiB', async () => {
      const big = simple('big')
      const content = big.content.replace('</bpmn:definitions>', `<!-- ${'x'.repeat(2 * 1024 * 1024)} --></bpmn:definitions>`)
      const json = await deploy('kierownik', { files: [{ name: 'big.bpmn', content }] })
      const multipart = await request(app).post('/api/deployments').set(bearer(tokens.kierownik)).attach('files', Buffer.from(content), 'big.bpmn')
      expect(json.status).to.equal(413)
      expect(json.body.error.code).to.equal('PAYLOAD_TOO_LARGE')
      expect(multipart.status).to.equal(413)
      expect(await definitions()).to.equal(0)
      const audits = await db.prisma.auditEvent.findMany({ where: { action: 'deployment.rejected' } })
      expect(audits.map((a) => (a.details as { reason: string }).reason)).to.deep.equal(['too-large', 'too-large'])
    })

    it('should answer 413 when the whole request is over MAX_DEPLOYMENT_BYTES (5 MiB by default)', async () => {
      const filler = `<!-- ${'y'.repeat(1_900_000)} -->`
      const files = [1, 2, 3].map((n) => ({ name: `part${n}.bpmn`, content: simple(`part${n}`).content.replace('</bpmn:definitions>', `${filler}</bpmn:definitions>`) }))
      const res = await deploy('kierownik', { files })
      expect(res.status).to.equal(413)
      expect(res.body.error.limit).to.equal(5 * 1024 * 1024)
      expect(await definitions()).to.equal(0)
    })

    it('should use MAX_DEPLOYMENT_BYTES when it is configured lower', async () => {
      await build({ MAX_DEPLOYMENT_BYTES: '4096' })
      const ok = await deploy('kierownik', { files: [simple('small')] })
      const file = simple('medium')
      const tooBig = await request(app)
        .post('/api/deployments')
        .set(bearer(tokens.kierownik))
        .attach('files', Buffer.from(file.content.replace('</bpmn:definitions>', `<!-- ${'z'.repeat(5000)} --></bpmn:definitions>`)), file.name)
      expect(ok.status, JSON.stringify(ok.body)).to.equal(201)
      expect(tooBig.status).to.equal(413)
      expect(tooBig.body.error.limit).to.equal(4096)
    })
  })

  describe('dry run (POST /api/deployments/check)', () => {
    it('should return the problems and deploy nothing when the files are broken', async () => {
      const res = await check('kierownik', { files: [withTask('dry', '<bpmn:serviceTask id="Task_x" />')] })
      expect(res.status).to.equal(200)
      expect(res.body.ok).to.equal(false)
      expect(res.body.problems).to.deep.include({ resource: 'dry.bpmn', elementId: 'Task_x', rule: 'job-type', message: 'A service task needs a job type (zeebe:taskDefinition type)' })
      expect(await definitions()).to.equal(0)
    })

    it('should check FEEL without running it and say where it fails when a condition would loop for ever or does not parse', async () => {
      // evaluated, the first condition would count to 10^11 and hold the process: this run would never end
      const endless = '= count(for i in 1..100000000000 return i) &gt; 0'
      const gateway = (id: string, condition: string) => bpmnFile(id, `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Gw')}<bpmn:exclusiveGateway id="Gw" default="f3" />${flow('f2', 'Gw', 'End', condition)}${flow('f3', 'Gw', 'End')}<bpmn:endEvent id="End" />`)
      const res = await check('kierownik', { files: [gateway('feel-endless', endless), gateway('feel-broken', '= if income then')] })
      expect(res.status).to.equal(200)
      const feel = res.body.problems.filter((p: { rule: string }) => p.rule === 'feel')
      expect(feel.map((p: { resource: string }) => p.resource), 'the endless loop parses: no problem').to.deep.equal(['feel-broken.bpmn'])
      expect(feel[0].message).to.match(/syntax error: the expression ends too early \(character \d+\)/)
      expect(await definitions()).to.equal(0)
    })

    it('should answer ok with no problems and deploy nothing when the file is the template', async () => {
      const xml = procedureTemplate('dry-good', 'Dobra', { start: 'Start', task: 'Zadanie', end: 'Koniec' })
      const res = await check('kierownik', { files: [{ name: 'dry-good.bpmn', content: xml }] })
      expect(res.body.ok).to.equal(true)
      expect(res.body.problems).to.deep.equal([])
      // the one hint: the template's user task has no form yet
      expect(res.body.warnings.map((w: { rule: string; elementId: string }) => `${w.rule} ${w.elementId}`)).to.deep.equal(['lint:camunda-compat/user-task-definition Task_first'])
      expect(await definitions()).to.equal(0)
    })

    it('should list bpmnlint warnings (recommended and Camunda 8.9 rules) without blocking when the file is deployable', async () => {
      // a file without diagram interchange, labels or incoming/outgoing references: deployable, but untidy
      const res = await check('kierownik', { files: [simple('untidy')] })
      expect(res.body.ok).to.equal(true)
      expect(res.body.problems).to.deep.equal([])
      expect(res.body.warnings).to.deep.include({ resource: 'untidy.bpmn', elementId: 'End', rule: 'lint:label-required', message: 'Element is missing label/name' })
      expect(res.body.warnings.map((w: { rule: string }) => w.rule)).to.include('lint:no-bpmndi')
      const deployed = await deploy('kierownik', { files: [simple('untidy')] })
      expect(deployed.status).to.equal(201)
      expect(deployed.body.warnings, 'the same warnings every time (bpmnlint rules keep state)').to.deep.equal(res.body.warnings)
    })

    it('should deploy a job type no handler takes with a warning, as Zeebe and Operaton do, when the rest is deployable', async () => {
      const file = withTask('unknownjob', serviceTask('Task_x', 'send-carrier-pigeon'))
      const res = await check('kierownik', { files: [file] })
      expect(res.body.ok).to.equal(true)
      expect(res.body.warnings).to.deep.include({
        resource: 'unknownjob.bpmn',
        elementId: 'Task_x',
        rule: 'job-type',
        message: 'No handler is registered for job type "send-carrier-pigeon": its jobs wait until a worker for it runs',
      })
      const deployed = await deploy('kierownik', { files: [file] })
      expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201)
      expect(deployed.body.warnings.map((w: { rule: string }) => w.rule)).to.include('job-type')
    })

    it('should not repeat as a warning what is already a problem of the same element', async () => {
      const res = await check('kierownik', { files: [withTask('dup', '<bpmn:serviceTask id="Task_x" />')] })
      expect(res.body.problems.map((p: { elementId: string }) => p.elementId)).to.include('Task_x')
      expect(res.body.warnings.map((w: { elementId: string }) => w.elementId)).not.to.include('Task_x')
    })
  })
})
