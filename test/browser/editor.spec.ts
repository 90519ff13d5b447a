// The procedure editor in Debian's Chromium (playwright-core; launch flags and the REQUIRE_BROWSER rule in
// test/helpers/browser.ts): a manager opens benefit-application from the procedure list, renames the family
// interview and adds a user task with a form (through the modeler API), the check lists the problem (not a Camunda
// user task) and marks the element, the fix makes the check clean, the deploy makes version 2. Then, through the
// API, a new case goes through the new task and the renamed interview while a case started before still follows
// version 1. No CSP violation, page error or failed request is allowed. Screenshot: test-artifacts/.
import { expect } from 'chai'
import type { Server } from 'node:http'
import request from 'supertest'
import type { Page } from 'playwright-core'
import type { Express } from 'express'
import { closeServer, listenLocally, signIn, watchPage } from '../helpers/browser-page.ts'
import { describeWithBrowser, launchBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'

const NEW_TASK = 'Task_documentCheck'
const NEW_TASK_NAME = 'Weryfikacja dokumentów'
const RENAMED = 'Wywiad środowiskowy (RWŚ)'


/** Renames the interview and adds a user task with a form after the start event — its candidate groups FEEL that does not parse. */
async function editDiagram(page: Page): Promise<void> {
  await page.evaluate(({ id, name, renamed }) => {
    const m = (window as any).welfareEditor.modeler
    const registry = m.get('elementRegistry')
    const modeling = m.get('modeling')
    const bpmnFactory = m.get('bpmnFactory')
    const elementFactory = m.get('elementFactory')
    modeling.updateLabel(registry.get('Task_familyInterview'), renamed)
    const start = registry.get('Start_applicationReceived')
    const flow = start.outgoing[0]
    const next = flow.target
    const shape = elementFactory.createShape({ type: 'bpmn:UserTask', businessObject: bpmnFactory.create('bpmn:UserTask', { id, name }) })
    const task = modeling.createShape(shape, { x: start.x + 18, y: start.y + 160 }, start.parent, { createElementsBehavior: false })
    const extensionElements = bpmnFactory.create('bpmn:ExtensionElements', {
      values: [
        bpmnFactory.create('zeebe:UserTask'),
        bpmnFactory.create('zeebe:AssignmentDefinition', { candidateGroups: '=if then' }),
        bpmnFactory.create('zeebe:FormDefinition', { formId: 'document-check' }),
      ],
    })
    modeling.updateProperties(task, { extensionElements })
    modeling.reconnectEnd(flow, task, { x: task.x + task.width / 2, y: task.y })
    modeling.connect(task, next)
  }, { id: NEW_TASK, name: NEW_TASK_NAME, renamed: RENAMED })
}

/** The fix the check asks for: candidate groups that are a plain list. */
async function fixCandidateGroups(page: Page): Promise<void> {
  await page.evaluate((id) => {
    const m = (window as any).welfareEditor.modeler
    const task = m.get('elementRegistry').get(id)
    const assignment = task.businessObject.extensionElements.values.find((v: any) => v.$type === 'zeebe:AssignmentDefinition')
    m.get('modeling').updateModdleProperties(task, assignment, { candidateGroups: 'caseworkers' })
  }, NEW_TASK)
}

async function checkAndExpectProblem(page: Page): Promise<void> {
  await page.click('#editor-check')
  const problem = page.locator(`#editor-problems li[data-element-id="${NEW_TASK}"]`)
  await problem.waitFor()
  expect(await problem.getAttribute('data-rule')).to.equal('feel')
  expect(await problem.textContent(), 'the rule is named in Polish before the technical detail').to.include('wyrażenie FEEL się nie parsuje — ')
  expect(await page.locator(`.djs-element.wf-problem[data-element-id="${NEW_TASK}"]`).count(), 'the element is marked').to.equal(1)
  await problem.locator('button').click()
  await page.waitForSelector('.bio-properties-panel-header-label')
}

async function checkClean(page: Page): Promise<void> {
  await page.click('#editor-check')
  await page.waitForSelector('#editor-status[data-kind="ok"]')
  expect(await page.locator('#editor-problems li').count()).to.equal(0)
  expect(await page.locator('.djs-element.wf-problem').count(), 'markers are cleared').to.equal(0)
}

async function deploy(page: Page, comment: string): Promise<string> {
  await page.fill('#editor-comment', comment)
  await page.click('#editor-deploy')
  await page.waitForFunction(() => /wersję|version/.test(document.getElementById('editor-status')?.textContent ?? ''))
  return (await page.textContent('#editor-status')) ?? ''
}

/** Zooms the diagram onto the new task for the screenshot. */
async function showNewTask(page: Page): Promise<void> {
  await page.evaluate((id) => {
    const m = (window as any).welfareEditor.modeler
    const canvas = m.get('canvas')
    const task = m.get('elementRegistry').get(id)
    canvas.zoom(0.8)
    canvas.scrollToElement(task, { top: 150, left: 300, right: 300, bottom: 150 })
    m.get('selection').select(task)
  }, NEW_TASK)
}

const documentCheckForm = {
  id: 'document-check',
  components: [{ type: 'checkbox', id: 'c1', key: 'documentsComplete', label: 'Dokumenty kompletne' }],
}

describeWithBrowser('browser: procedure editor', function () {
  this.timeout(180_000)
  let db: TestDatabase
  let app: Express
  let engine: EmbeddedEngine
  let server: Server
  let base: string
  let browser: LaunchedBrowser
  let page: Page
  const tokens: Record<string, string> = {}
  const problems: string[] = []

  before(async function () {
    this.timeout(180_000)
    ensureClientBundle()
    db = await createTestDatabase()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    for (const h of createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' })) engine.registerHandler(h)
    await deployProcessesFolder(engine)
    await engine.start()
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    for (const login of ['pracownik', 'kierownik']) tokens[login] = await tokenFor(app, login)
    ;({ server, base } = await listenLocally(app))
    browser = await launchBrowser()
    page = await browser.context.newPage()
    await page.setViewportSize({ width: 1600, height: 1000 })
    await watchPage(page, problems, { consoleIgnore: /Failed to load resource/ })
  })
  after(async () => {
    await browser?.close()
    await closeServer(server)
    await engine?.stop()
    await db?.close()
  })

  const api = {
    get: (p: string, login = 'pracownik') => request(app).get(p).set(bearer(tokens[login])),
    post: (p: string, body: object = {}, login = 'pracownik') => request(app).post(p).set(bearer(tokens[login])).send(body),
  }
  async function openTasks(caseId: string): Promise<{ id: string; name: string }[]> {
    await engine.runDueWork()
    return (await api.get(`/api/cases/${caseId}`)).body.openTasks
  }

  it('should let a manager change benefit-application in the editor, see and fix a problem and deploy it, while a case started before keeps the old version', async function () {
    this.timeout(180_000)
    // given: a form for the new step, and a case started on version 1
    expect((await api.post('/api/deployments', { files: [{ name: 'document-check.form', content: JSON.stringify(documentCheckForm) }] }, 'kierownik')).status).to.equal(201)
    const before = await api.post('/api/cases', benefitApplication())
    expect(before.status, JSON.stringify(before.body)).to.equal(201)
    expect((await openTasks(before.body.id)).map((t) => t.name)).to.deep.equal(['Rodzinny wywiad środowiskowy'])

    // when: the manager opens the procedure from the list, renames the interview, adds a user task with a form
    await signIn(page, base, 'kierownik')
    await page.goto(`${base}/procedures`)
    await Promise.all([page.waitForURL(/\/procedures\/benefit-application\/edit/), page.click('a[href="/procedures/benefit-application/edit"]')])
    await page.waitForSelector('#procedure-editor[data-ready="true"]')
    await page.waitForSelector('.bjs-powered-by')
    await editDiagram(page)
    // then the check finds that the new task's candidate groups do not parse and marks it
    await checkAndExpectProblem(page)
    // when it is fixed, the check is clean, and it is deployed with a comment
    await fixCandidateGroups(page)
    await checkClean(page)
    // the draft is kept on the server until exactly that diagram is deployed
    await page.click('#editor-save')
    await page.waitForFunction(() => document.getElementById('editor-status')?.textContent === 'Szkic zapisany.')
    expect(await db.prisma.processDraft.count({ where: { processId: 'benefit-application', savedBy: 'kierownik' } })).to.equal(1)
    expect(await page.textContent('#editor-version')).to.equal('Wersja 1 z 1')
    const status = await deploy(page, 'Weryfikacja dokumentów przed nadaniem sygnatury')
    expect(status).to.include('2')
    // the page says at once which version it now shows, without a reload
    expect(await page.textContent('#editor-version')).to.equal('Wersja 2 z 2')
    await showNewTask(page)
    await page.screenshot({ path: screenshotPath('procedure-editor.png'), fullPage: true })
    expect(problems, problems.join('\n')).to.deep.equal([])

    // then: version 2 is recorded with who and why, and the draft is gone
    expect(await db.prisma.processDraft.count()).to.equal(0)
    const versions = await api.get('/api/procedures/benefit-application/versions', 'kierownik')
    expect(versions.body[0]).to.include({ version: 2, deployedBy: 'kierownik', comment: 'Weryfikacja dokumentów przed nadaniem sygnatury' })
    expect(versions.body[1].instances).to.deep.equal({ running: 1, total: 1 })
    // and a new case goes through the new task first, then the renamed interview
    const after = await api.post('/api/cases', benefitApplication())
    const [check] = await openTasks(after.body.id)
    expect(check.name).to.equal(NEW_TASK_NAME)
    const detail = await api.get(`/api/tasks/${check.id}`)
    expect(detail.body.form.id).to.equal('document-check')
    expect((await api.post(`/api/tasks/${check.id}/claim`)).status).to.equal(200)
    expect((await api.post(`/api/tasks/${check.id}/complete`, { variables: { documentsComplete: true } })).status).to.equal(200)
    expect((await openTasks(after.body.id)).map((t) => t.name)).to.deep.equal([RENAMED])
    // while the case started before still follows version 1
    expect((await openTasks(before.body.id)).map((t) => t.name)).to.deep.equal(['Rodzinny wywiad środowiskowy'])
    const oldInstance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: before.body.id }, include: { definition: true } })
    const newInstance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: after.body.id }, include: { definition: true } })
    expect([oldInstance.definition.version, newInstance.definition.version]).to.deep.equal([1, 2])
  })
})
