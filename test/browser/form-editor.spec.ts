// The form editor in Debian's Chromium (playwright-core; launch flags and the REQUIRE_BROWSER rule in
// test/helpers/browser.ts): a manager opens the home-visit form from the forms list on /procedures, changes a
// label in the properties panel, adds a text field from the palette (keyboard), tries the key another field has
// (form-js refuses a duplicate key itself), gives it a nested key form-js accepts but the task page cannot use, the
// server check lists that key problem next to the form and selects the field, the key is fixed in the panel, the check is clean, the form is deployed
// with a comment and version 2 is listed with who and why. No CSP violation, page error or failed request is
// allowed. Screenshots: test-artifacts/.
import { expect } from 'chai'
import type { Server } from 'node:http'
import request from 'supertest'
import type { Page } from 'playwright-core'
import type { Express } from 'express'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { closeServer, listenLocally, signIn, watchPage } from '../helpers/browser-page.ts'
import { describeWithBrowser, launchBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'

const FORM = {
  id: 'home-visit',
  type: 'default',
  components: [
    { type: 'text', id: 'Text_heading', text: '## Wizyta domowa' },
    { type: 'textfield', id: 'Field_note', key: 'note', label: 'Uwagi', validate: { required: true } },
  ],
}
const PROCESS = bpmnFile(
  'home-care',
  `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_visit')}${userTask('Task_visit', '<zeebe:assignmentDefinition candidateGroups="caseworkers" /><zeebe:formDefinition formId="home-visit" />')}${flow('f2', 'Task_visit', 'End')}<bpmn:endEvent id="End" />`,
)
const NEW_LABEL = 'Uwagi z wizyty'
const COMMENT = 'Liczba godzin wizyty'


/** Selects a form field in the editor (as a click on it would). */
async function select(page: Page, id: string): Promise<void> {
  await page.evaluate((fieldId) => {
    const editor = (window as any).welfareFormEditor.editor
    editor.get('selection').set(editor.get('formFieldRegistry').get(fieldId))
  }, id)
}

/** Types into the General group of the properties panel (opened when closed): the label (a CodeMirror
 * templating field) or the key (a plain input). */
async function typeInPanel(page: Page, entry: 'label' | 'key', value: string): Promise<void> {
  const target = page.locator(`#bio-properties-panel-${entry}`)
  const general = page.locator('[data-group-id="group-general"] .bio-properties-panel-group-header') // "Ogólne" on the Polish page
  await general.waitFor()
  if (!/\bopen\b/.test((await general.getAttribute('class')) ?? '')) await general.click()
  await target.waitFor()
  if (entry === 'label') {
    await target.click()
    await page.keyboard.press('Control+A')
    await page.keyboard.type(value)
  } else {
    await target.fill(value)
  }
  await target.press('Tab')
}

const schemaOf = (page: Page) => page.evaluate(() => JSON.parse((window as any).welfareFormEditor.currentSchema()))

/** Waits until the component at `index` has `property` = `value` (the panel applies typing after a debounce). */
async function waitForComponent(page: Page, index: number, property: string, value: string): Promise<void> {
  await page.waitForFunction(({ i, p, v }) => JSON.parse((window as any).welfareFormEditor.currentSchema()).components[i]?.[p] === v, { i: index, p: property, v: value })
}

describeWithBrowser('browser: form editor', function () {
  this.timeout(180_000)
  let db: TestDatabase
  let app: Express
  let engine: EmbeddedEngine
  let server: Server
  let base: string
  let browser: LaunchedBrowser
  let page: Page
  let token: string
  const problems: string[] = []

  before(async function () {
    this.timeout(180_000)
    ensureClientBundle()
    db = await createTestDatabase()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    await engine.start()
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    token = await tokenFor(app, 'kierownik')
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

  it('should let a manager change a label, add a field, see and fix a key problem and deploy the form as version 2', async function () {
    this.timeout(180_000)
    // given: the form and a procedure whose user task links it
    const given = await request(app).post('/api/deployments').set(bearer(token))
      .send({ files: [{ name: 'home-visit.form', content: JSON.stringify(FORM) }, PROCESS], comment: 'Pierwsza wersja' })
    expect(given.status, JSON.stringify(given.body)).to.equal(201)

    // when: the manager opens the form from the forms list, which names the task using it
    await signIn(page, base, 'kierownik')
    await page.goto(`${base}/procedures`)
    expect(await page.textContent('#form-home-visit')).to.include('home-care (v1): Task_visit')
    await Promise.all([page.waitForURL(/\/procedures\/forms\/home-visit$/), page.click('#form-home-visit a[href="/procedures/forms/home-visit"]')])
    await page.waitForSelector('#form-editor[data-ready="true"]')
    await page.waitForSelector('.fjs-palette-field[data-field-type="textfield"]')

    // changes the label in the properties panel
    await select(page, 'Field_note')
    await typeInPanel(page, 'label', NEW_LABEL)
    await waitForComponent(page, 1, 'label', NEW_LABEL)
    // adds a text field from the palette with the keyboard (appended at the end)
    await page.focus('.fjs-palette-field[data-field-type="textfield"]')
    await page.keyboard.press('Enter')
    const added = (await schemaOf(page)).components[2]
    expect(added.type).to.equal('textfield')
    await select(page, added.id)
    await typeInPanel(page, 'label', 'Liczba godzin')
    await waitForComponent(page, 2, 'label', 'Liczba godzin')
    // the key of the first field: form-js itself refuses a duplicate key (in the panel and on import), so the
    // server's duplicate-key check guards uploads; the form keeps the generated key
    await typeInPanel(page, 'key', 'note')
    await page.waitForSelector('[data-entry-id="key"] .bio-properties-panel-error')
    expect(await page.textContent('[data-entry-id="key"] .bio-properties-panel-error')).to.match(/niepowtarzaln|koliduje/) // form-js's "Must be unique.", in Polish
    expect((await schemaOf(page)).components[2].key).to.equal(added.key)
    // a nested key ("visit.hours") form-js accepts, but the task page and the server validation cannot use
    await typeInPanel(page, 'key', 'visit.hours')
    await waitForComponent(page, 2, 'key', 'visit.hours')

    // then the server check lists the key problem next to the form
    await page.click('#form-editor-check')
    const problem = page.locator(`#form-editor-problems li[data-element-id="${added.id}"]`)
    await problem.waitFor()
    expect(await problem.getAttribute('data-rule')).to.equal('form-key')
    expect(await problem.textContent()).to.include('"visit.hours" is not a valid variable name')
    expect(await page.getAttribute('#form-editor-status', 'data-kind')).to.equal('error')
    await page.screenshot({ path: screenshotPath('form-editor-problem.png'), fullPage: true })
    // clicking it selects the field; the key is fixed in the panel
    await problem.locator('button').click()
    await typeInPanel(page, 'key', 'hours')
    await waitForComponent(page, 2, 'key', 'hours')
    await page.click('#form-editor-check')
    await page.waitForSelector('#form-editor-status[data-kind="ok"]')
    expect(await page.locator('#form-editor-problems li').count()).to.equal(0)

    // deployed with a comment
    await page.fill('#form-editor-comment', COMMENT)
    await page.click('#form-editor-deploy')
    await page.waitForFunction(() => /wersję 2/.test(document.getElementById('form-editor-status')?.textContent ?? ''))
    await page.screenshot({ path: screenshotPath('form-editor.png'), fullPage: true })

    // and version 2 is listed with who and why
    await page.goto(`${base}/procedures#forms`)
    await page.click('#form-home-visit details summary')
    const row = page.locator('#form-home-visit tr[data-version="2"]')
    expect(await row.textContent()).to.include(COMMENT)
    expect(await row.textContent()).to.include('kierownik')
    await page.locator('#form-home-visit').screenshot({ path: screenshotPath('form-versions.png') })
    expect(problems, problems.join('\n')).to.deep.equal([])

    const versions = await request(app).get('/api/forms/home-visit/versions').set(bearer(token))
    expect(versions.body.map((v: any) => [v.version, v.deployedBy, v.comment])).to.deep.equal([[2, 'kierownik', COMMENT], [1, 'kierownik', 'Pierwsza wersja']])
    const deployed = await request(app).get('/api/forms/home-visit/versions/2').set(bearer(token))
    const schema = JSON.parse(deployed.body.schema)
    expect(schema.components.map((c: any) => [c.key, c.label])).to.deep.equal([[undefined, undefined], ['note', NEW_LABEL], ['hours', 'Liczba godzin']])
  })
})
