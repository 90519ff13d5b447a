// The three editors speak the page's language (issue 15): in Chromium, on the Polish pages, the procedure editor
// (bpmn-js palette, context pad, "change element" menu and the Zeebe properties panel for the kinds of elements our
// procedures use), the decision table editor (dmn-js) and the form editor (form-js) show none of the English
// words of those libraries (in their text and in title / aria-label / placeholder attributes); the lint warnings
// of "Sprawdź" read in Polish. The same editor on the English page keeps the libraries' English (the translate
// module is left out), which also shows that the word list catches what the translation hides.
import { expect } from 'chai'
import type { Server } from 'node:http'
import type { Page } from 'playwright-core'
import type { Express } from 'express'
import { closeServer, listenLocally, signIn, watchPage } from '../helpers/browser-page.ts'
import { describeWithBrowser, launchBrowser, type LaunchedBrowser } from '../helpers/browser.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { createWebTestApp } from '../helpers/web-app.ts'
import { englishFound, seenTexts, type SeenText } from '../helpers/visible-text.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'

/** Words bpmn-js, its properties panel, dmn-js and form-js show in English. */
const ENGLISH_WORDS = [
  'General', 'Implementation', 'Assignment', 'Input mapping', 'Output mapping', 'Inputs', 'Outputs', 'Name', 'ID',
  'Documentation', 'Element documentation', 'Create', 'Append', 'Connect', 'Delete', 'Change type', 'Change element',
  'Timer', 'Condition', 'Form', 'Properties', 'Add', 'Message', 'Error', 'Escalation', 'Signal', 'Type', 'Value',
  'Key', 'Job type', 'Retries', 'Task definition', 'Headers', 'Assignee', 'Candidate groups', 'Candidate users',
  'Due date', 'Follow up date', 'Priority', 'Called element', 'Process ID', 'Process name', 'Executable',
  'Version tag', 'Binding', 'Local variable name', 'Variable assignment value', 'Process variable name',
  'Start event', 'End event', 'User task', 'Service task', 'Task', 'Gateway', 'Exclusive gateway', 'Call activity',
  'Sequence flow', 'Boundary event', 'Process', 'Duration', 'Date', 'Cycle', 'Global message reference',
  'Subscription correlation key', 'Execution listeners', 'Extension properties', 'Output propagation',
  'Input propagation', 'Multi-instance', 'Search', 'Activate', 'Select', 'Open', 'Toggle', 'Learn more',
  'Section contains', 'Create new list item', 'Delete item', 'Incoming flows do not join', 'Element overlaps',
  'Gateway forks and joins', 'Sequence flow has superfluous label',
  // dmn-js
  'Decision', 'Hit policy', 'Input', 'Output', 'Annotations', 'Add rule', 'Add input', 'Add output', 'Unique',
  'First', 'Priority', 'Any', 'Collect', 'Rule order', 'Output order', 'Input expression', 'Input label',
  'Output label', 'Output name', 'Expression language', 'Edit', 'Remove', 'Copy', 'Cut', 'Paste',
  // form-js editor
  'Components', 'Text field', 'Text area', 'Number', 'Checkbox', 'Checklist', 'Radio group', 'Dropdown',
  'Tag list', 'Datetime', 'Text view', 'Button', 'Group', 'Label', 'Description', 'Field label', 'Validation',
  'Required', 'Disabled', 'Read only', 'Conditional', 'Layout', 'Appearance', 'Serialization', 'Default value',
  'Custom properties', 'Search components', 'Basic input', 'Selection', 'Presentation', 'Containers', 'Action',
  'Static options', 'Options source', 'Columns', 'Auto', 'Preview', 'Form definition', 'Drag and drop',
] as const

const PROCESS = 'benefit-application'
/** Elements of the shipped benefit diagram, one of each kind our procedures use. */
const ELEMENTS = [
  'Start_applicationReceived', // none start event
  'Task_familyInterview', // user task: Zeebe form, assignment
  'Task_registerCase', // service task: job type, input/output mappings
  'Gateway_approved', // exclusive gateway
  'Flow_returned', // conditional sequence flow
  'Timer_interviewDue', // timer boundary event
  'Error_interviewDateInvalid', // error boundary event
  'Event_decisionDelivered', // message intermediate catch event
  'End_granted', // end event
]

/** DUMP_TEXTS=1 prints what the test saw (to find words a new library version adds). */
function dumpTexts(seen: SeenText[]): void {
  if (!process.env.DUMP_TEXTS) return
  for (const s of seen) console.log(`${s.where} :: ${s.text.replace(/\n/g, ' | ')}`)
}

async function openAllGroups(page: Page, container: string): Promise<void> {
  // every group of the panel and every entry of its lists opened, so their fields show
  await page.evaluate(async (root) => {
    for (let round = 0; round < 3; round++) {
      const closed = Array.from(document.querySelectorAll<HTMLElement>(`${root} .bio-properties-panel-group-header:not(.open), ${root} .bio-properties-panel-collapsible-entry-header:not(.open)`))
      if (closed.length === 0) break
      for (const header of closed.reverse()) header.click()
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)))
    }
  }, container)
}

async function select(page: Page, id: string | null): Promise<void> {
  await page.evaluate((elementId) => {
    const m = (window as any).welfareEditor.modeler
    const selection = m.get('selection')
    if (elementId === null) selection.select(null)
    else selection.select(m.get('elementRegistry').get(elementId))
  }, id)
  await page.waitForSelector('#editor-properties .bio-properties-panel-header-type')
  await openAllGroups(page, '#editor-properties')
}

/** What the procedure editor shows for each kind of element: panel, palette, context pad, "change element" menu. */
async function procedureEditorTexts(page: Page): Promise<SeenText[]> {
  const seen: SeenText[] = []
  // a call activity, which the shipped diagram has none of: a service task changed into one
  await page.evaluate(() => {
    const m = (window as any).welfareEditor.modeler
    m.get('bpmnReplace').replaceElement(m.get('elementRegistry').get('Task_closeGranted'), { type: 'bpmn:CallActivity' })
  })
  const callActivity = await page.evaluate(() => {
    const m = (window as any).welfareEditor.modeler
    return m.get('elementRegistry').filter((e: any) => e.type === 'bpmn:CallActivity')[0].id as string
  })
  for (const id of [null, ...ELEMENTS, callActivity]) {
    await select(page, id)
    seen.push(...(await seenTexts(page, ['#editor-properties', '.djs-palette', '.djs-context-pad'])).map((s) => ({ ...s, where: `${id ?? 'process'}: ${s.where}` })))
  }
  // the pop-up editor of a FEEL field (the user task's due date), which the panel opens outside itself
  await select(page, 'Task_familyInterview')
  await page.locator('#editor-properties [data-entry-id="taskScheduleDueDate"] .bio-properties-panel-open-feel-popup').first().dispatchEvent('click')
  await page.waitForSelector('.bio-properties-panel-feel-popup')
  seen.push(...(await seenTexts(page, ['.bio-properties-panel-feel-popup', '#editor-properties'])).map((s) => ({ ...s, where: `FEEL pop-up: ${s.where}` })))
  await page.click('.bio-properties-panel-feel-popup .bio-properties-panel-popup__close')
  await page.locator('.bio-properties-panel-feel-popup').waitFor({ state: 'detached' })
  // the "change element" menu of a user task
  await select(page, 'Task_familyInterview')
  await page.click('.djs-context-pad [data-action="replace"]')
  await page.waitForSelector('.djs-popup')
  seen.push(...(await seenTexts(page, ['.djs-popup'])).map((s) => ({ ...s, where: `replace menu: ${s.where}` })))
  await page.keyboard.press('Escape')
  return seen
}

describeWithBrowser('browser: the editors in Polish', function () {
  this.timeout(240_000)
  let db: TestDatabase
  let app: Express
  let engine: EmbeddedEngine
  let server: Server
  let base: string
  let browser: LaunchedBrowser
  let page: Page
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
    ;({ server, base } = await listenLocally(app))
    browser = await launchBrowser()
    page = await browser.context.newPage()
    await page.setViewportSize({ width: 1600, height: 1000 })
    await watchPage(page, problems, { consoleIgnore: /Failed to load resource/ })
    await signIn(page, base, 'kierownik')
  })
  after(async () => {
    await browser?.close()
    await closeServer(server)
    await engine?.stop()
    await db?.close()
  })

  async function openProcedureEditor(lang: 'pl' | 'en'): Promise<void> {
    await page.goto(`${base}/procedures/${PROCESS}/edit?lang=${lang}`)
    await page.waitForSelector('#procedure-editor[data-ready="true"]')
  }

  it('should show the procedure editor (palette, context pad, change menu, properties panel) without English words', async function () {
    await openProcedureEditor('pl')
    const seen = await procedureEditorTexts(page)
    dumpTexts(seen)
    expect(englishFound(seen, ENGLISH_WORDS), 'English words on the Polish page').to.deep.equal([])
    expect(problems, problems.join('\n')).to.deep.equal([])
  })

  it('should list the lint warnings of "Sprawdź" in Polish', async function () {
    await openProcedureEditor('pl')
    await page.click('#editor-check')
    await page.waitForSelector('#editor-warnings li')
    const warnings = await page.locator('#editor-warnings li').allInnerTexts()
    expect(warnings.length, 'the shipped benefit diagram has lint warnings').to.be.greaterThan(3)
    expect(warnings.join('\n')).to.include('Przepływy wchodzące się nie łączą')
    expect(englishFound(warnings.map((text) => ({ where: 'warnings', text })), ENGLISH_WORDS), 'English lint messages').to.deep.equal([])
    expect(warnings.filter((text) => /\b(flows?|Sequence|Gateway|Incoming|overlaps|superfluous|missing|label)\b/.test(text)), 'English lint messages').to.deep.equal([])
    expect(problems, problems.join('\n')).to.deep.equal([])
  })

  it('should keep the libraries\' English on the English page (and so the word list finds what the Polish page translates)', async function () {
    await openProcedureEditor('en')
    expect(await page.getAttribute('html', 'lang')).to.equal('en')
    const seen = await procedureEditorTexts(page)
    const found = englishFound(seen, ENGLISH_WORDS).map((line) => line.split(' — ')[0])
    expect(found).to.include.members(['General', 'Name', 'ID', 'Documentation', 'Implementation', 'Assignment', 'Input mapping', 'Output mapping', 'Append', 'Delete', 'Timer', 'Message', 'Form'])
    await page.click('#editor-check')
    await page.waitForSelector('#editor-warnings li')
    expect((await page.locator('#editor-warnings li').allInnerTexts()).join('\n')).to.include('Incoming flows do not join')
    // back to Polish for the other tests (the choice is kept in a cookie)
    await openProcedureEditor('pl')
    expect(problems, problems.join('\n')).to.deep.equal([])
  })

  it('should show the decision table editor (header, hit policy, column and rule menus) without English words', async function () {
    await page.goto(`${base}/procedures/decisions/income-criteria?lang=pl`)
    await page.waitForSelector('#decision-editor[data-ready="true"]')
    const seen: SeenText[] = [...(await seenTexts(page, ['#dmn-canvas']))]
    // the context menu of a rule cell and of an input column header
    await page.locator('#dmn-canvas tbody td').first().click({ button: 'right' })
    await page.waitForSelector('.context-menu')
    seen.push(...(await seenTexts(page, ['.context-menu'])).map((s) => ({ ...s, where: `rule menu: ${s.where}` })))
    await page.keyboard.press('Escape')
    await page.locator('#dmn-canvas th.input-cell').first().click({ button: 'right' })
    await page.waitForSelector('.context-menu')
    seen.push(...(await seenTexts(page, ['.context-menu'])).map((s) => ({ ...s, where: `column menu: ${s.where}` })))
    await page.keyboard.press('Escape')
    // the editor of an input column, with the list of hit policies
    await page.locator('#dmn-canvas th.input-cell .edit-button').first().dispatchEvent('click') // the column's drag handle lies over it
    await page.waitForSelector('.context-menu')
    seen.push(...(await seenTexts(page, ['.context-menu'])).map((s) => ({ ...s, where: `input editor: ${s.where}` })))
    await page.keyboard.press('Escape')
    await page.locator('#dmn-canvas .hit-policy-edit-policy-select').first().click()
    await page.waitForSelector('.dms-select-options')
    seen.push(...(await seenTexts(page, ['.dms-select-options'])).map((s) => ({ ...s, where: `hit policies: ${s.where}` })))
    await page.keyboard.press('Escape')
    dumpTexts(seen)
    expect(englishFound(seen, ENGLISH_WORDS), 'English words on the Polish page').to.deep.equal([])
    expect(problems, problems.join('\n')).to.deep.equal([])
  })

  it('should show the form editor (palette, properties panel of a field) without English words', async function () {
    await page.goto(`${base}/procedures/forms/family-interview?lang=pl`)
    await page.waitForSelector('#form-editor[data-ready="true"]')
    const seen = await seenTexts(page, ['#form-editor-canvas .fjs-palette-container'])
    // a field of each type the task page shows, added and selected, so the properties panel shows its groups (its
    // label and options are the form's content, written in Polish as a manager would)
    const types = ((await page.getAttribute('#form-editor', 'data-supported-types')) ?? '').split(',').filter(Boolean)
    expect(types).to.include.members(['textfield', 'select', 'checkbox', 'datetime'])
    for (const type of types) {
      await page.evaluate((fieldType) => {
        const editor = (window as any).welfareFormEditor.editor
        const root = editor.get('formFieldRegistry').getAll().find((f: any) => f.type === 'default')
        const field = editor.get('modeling').addFormField({ type: fieldType, label: 'Pole testowe', dateLabel: 'Data testowa', text: '# Tekst', values: [{ label: 'Opcja', value: 'opcja' }] }, root, 0)
        editor.get('selection').set(field)
      }, type)
      await page.waitForSelector('#form-editor-canvas .bio-properties-panel-header-type')
      await openAllGroups(page, '#form-editor-canvas')
      seen.push(...(await seenTexts(page, ['#form-editor-canvas .fjs-properties-container'])).map((s) => ({ ...s, where: `${type}: ${s.where}` })))
    }
    // the new date field's preview: the date format in Polish
    expect(await page.locator('#form-editor-canvas .fjs-form-field-datetime input[placeholder]').first().getAttribute('placeholder')).to.equal('dd.mm.rrrr')
    dumpTexts(seen)
    expect(seen.length, 'the palette and the panel are there').to.be.greaterThan(2)
    expect(englishFound(seen, ENGLISH_WORDS), 'English words on the Polish page').to.deep.equal([])
    expect(problems, problems.join('\n')).to.deep.equal([])
  })
})
