// The decision table editor in Debian's Chromium (playwright-core; test/helpers/browser.ts): a manager opens
// "kryterium dochodowe" (processes/income-criteria.dmn) from the procedure list, types a new amount into a cell of
// the dmn-js table, checks it (no problems), deploys it with a comment and sees version 2 listed; a process then
// evaluates the new version. No CSP violation, page error or failed request is allowed. Screenshot: test-artifacts/.
import { expect } from 'chai'
import type { Server } from 'node:http'
import type { Page } from 'playwright-core'
import type { Express } from 'express'
import { closeServer, listenLocally, signIn, watchPage } from '../helpers/browser-page.ts'
import { describeWithBrowser, launchBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { createWebTestApp } from '../helpers/web-app.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask } from '../helpers/dmn-fixture.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'

const CELL = 'LiteralExpression_single2025'


describeWithBrowser('browser: decision table editor (DMN)', function () {
  this.timeout(180_000)
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
    await page.setViewportSize({ width: 1400, height: 900 })
    await watchPage(page, problems, { consoleIgnore: /Failed to load resource/ })
  })
  after(async () => {
    await browser?.close()
    await closeServer(server)
    await engine?.stop()
    await db?.close()
  })

  it('should let a manager edit a cell of the income criteria table, check it and deploy it as version 2', async function () {
    this.timeout(180_000)
    // given: the manager opens the table from the procedure list
    await signIn(page, base, 'kierownik')
    await page.goto(`${base}/procedures`)
    await Promise.all([page.waitForURL(/\/procedures\/decisions\/income-criteria/), page.click('a[href="/procedures/decisions/income-criteria"]')])
    await page.waitForSelector('#decision-editor[data-ready="true"]')
    await page.waitForSelector('#dmn-canvas .bjs-powered-by')
    // when: a cell is edited by typing in it
    const cell = page.locator(`#dmn-canvas td[data-element-id="${CELL}"]`)
    expect((await cell.textContent())?.trim()).to.equal('1010')
    await cell.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('1011')
    await page.locator('#dmn-canvas td[data-element-id="LiteralExpression_single2022"]').click()
    expect(await page.evaluate(() => (window as any).welfareDmnEditor.currentXml())).to.include('<text>1011</text>')
    // then the check is clean
    await page.click('#editor-check')
    await page.waitForSelector('#editor-status[data-kind="ok"]')
    expect(await page.locator('#editor-problems li').count()).to.equal(0)
    // and deploying with a comment makes version 2
    await page.fill('#editor-comment', 'Korekta kwoty (test)')
    await page.click('#editor-deploy')
    await page.waitForFunction(() => /wersję|version/.test(document.getElementById('editor-status')?.textContent ?? ''))
    expect(await page.textContent('#editor-status')).to.include('2')
    await page.screenshot({ path: screenshotPath('dmn-editor.png'), fullPage: true })
    // the list shows the new version with its comment
    await page.goto(`${base}/procedures`)
    const row = page.locator('table[data-decision-id="income-criteria"] tr[data-version="2"]')
    expect(await row.textContent()).to.include('Korekta kwoty (test)').and.include('kierownik')
    expect(problems, problems.join('\n')).to.deep.equal([])

    // and a business rule task now evaluates version 2
    await engine.deploy([
      bpmnFile('criterion-probe', `<bpmn:startEvent id="s" />${flow('f1', 's', 'd')}${businessRuleTask('d', 'income-criteria', 'criteria')}${flow('f2', 'd', 'u')}${userTask('u')}`),
    ])
    const { instanceId } = await engine.startInstance({ processId: 'criterion-probe', variables: { applicationDate: '2026-03-10' } })
    const inst = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(inst.variables).to.deep.include({ criteria: { criterionSingle: 1011, criterionPerPersonInFamily: 823 } })
  })
})
