// The editors in Chromium, on the processes folder as the start-up seeds it: deploying an unchanged diagram, form
// or decision table makes no new version although the editor sends its own serialisation (bpmn-js writes the
// diagram's shapes in another order, form-js a newer schemaVersion, dmn-js drops the default hit policy); and a
// shipped version waiting for the manager is shown in the procedure editor, compared and taken with its button.
// No CSP violation, page error or failed request is allowed.
import { expect } from 'chai'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import request from 'supertest'
import type { Page } from 'playwright-core'
import type { Express } from 'express'
import { closeServer, listenLocally, signIn, watchPage } from '../helpers/browser-page.ts'
import { describeWithBrowser, launchBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import { seedProcessesFolder } from '../../src/procedures/seed-processes-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'

const UNCHANGED_BPMN = 'Bez zmian względem najnowszej wersji: nie utworzono nowej.'
const UNCHANGED_FORM = 'Tak samo jak najnowsza wersja: nie utworzono nowej wersji.'

describeWithBrowser('browser: deploying unchanged content and shipped versions', function () {
  this.timeout(240_000)
  let db: TestDatabase
  let app: Express
  let clock: FakeClock
  let server: Server
  let base: string
  let browser: LaunchedBrowser
  let page: Page
  let dir: string
  const problems: string[] = []

  function engine(): EmbeddedEngine {
    const e = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    for (const h of createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' })) e.registerHandler(h)
    return e
  }
  const start = () => seedProcessesFolder({ prisma: db.prisma, engine: engine(), clock, logger: { info() {}, warn() {} } }, dir)

  before(async function () {
    this.timeout(240_000)
    ensureClientBundle()
    db = await createTestDatabase()
    dir = await mkdtemp(path.join(tmpdir(), 'wf-shipped-browser-'))
    await cp(PROCESSES_DIR, dir, { recursive: true })
    clock = new FakeClock('2026-03-10T09:00:00Z')
    await start()
    ;({ app } = await createWebTestApp(db, { engine: engine(), clock }))
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
    await db?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  async function deployFromEditor(commentSelector: string, deploySelector: string, statusSelector: string): Promise<string> {
    await page.fill(commentSelector, 'Bez zmian')
    await page.click(deploySelector)
    await page.waitForFunction((s) => /wersj|version/i.test(document.querySelector(s)?.textContent ?? ''), statusSelector)
    return (await page.textContent(statusSelector)) ?? ''
  }

  it('should make no new version when the manager deploys the unchanged diagram, form and decision table from their editors', async () => {
    // the procedure editor: bpmn-js's saveXML differs from the stored file, the deployment is a duplicate
    await page.goto(`${base}/procedures/benefit-application/edit`)
    await page.waitForSelector('#procedure-editor[data-ready="true"]')
    const stored = await db.prisma.processDefinition.findFirstOrThrow({ where: { processId: 'benefit-application' } })
    const saved: string = await page.evaluate(() => (window as any).welfareEditor.currentXml())
    expect(saved, 'the editor writes the file its own way').not.to.equal(stored.xml)
    expect(await deployFromEditor('#editor-comment', '#editor-deploy', '#editor-status')).to.equal(UNCHANGED_BPMN)
    expect(await db.prisma.processDefinition.count({ where: { processId: 'benefit-application' } })).to.equal(1)

    // the form editor
    await page.goto(`${base}/procedures/forms/family-interview`)
    await page.waitForSelector('#form-editor[data-ready="true"]')
    const schema: string = await page.evaluate(() => (window as any).welfareFormEditor.currentSchema())
    const storedForm = await db.prisma.formDefinition.findFirstOrThrow({ where: { formId: 'family-interview' } })
    expect(JSON.parse(schema).schemaVersion).not.to.equal((storedForm.schema as { schemaVersion?: number }).schemaVersion)
    expect(await deployFromEditor('#form-editor-comment', '#form-editor-deploy', '#form-editor-status')).to.equal(UNCHANGED_FORM)
    expect(await db.prisma.formDefinition.count({ where: { formId: 'family-interview' } })).to.equal(1)

    // the decision table editor
    await page.goto(`${base}/procedures/decisions/income-criteria`)
    await page.waitForSelector('#decision-editor[data-ready="true"]')
    const dmn: string = await page.evaluate(() => (window as any).welfareDmnEditor.currentXml())
    const storedDmn = await db.prisma.decisionDefinition.findFirstOrThrow({ where: { decisionId: 'income-criteria' } })
    expect(dmn).not.to.equal(storedDmn.xml)
    expect(await deployFromEditor('#editor-comment', '#editor-deploy', '#editor-status')).to.equal(UNCHANGED_BPMN)
    expect(await db.prisma.decisionDefinition.count({ where: { decisionId: 'income-criteria' } })).to.equal(1)
    expect(problems, problems.join('\n')).to.deep.equal([])
  })

  it('should show a waiting shipped version in the procedure editor, open the comparison and deploy it with the button', async () => {
    // given: the manager's own version, then a product upgrade of the file and a restart
    const token = await tokenFor(app, 'kierownik')
    const file = path.join(dir, 'benefit-application.bpmn')
    const shipped = await readFile(file, 'utf8')
    const mine = await request(app).post('/api/deployments').set(bearer(token)).send({ files: [{ name: 'benefit-application.bpmn', content: shipped.replace('name="Rodzinny wywiad środowiskowy"', 'name="Wywiad (RWŚ)"') }], comment: 'Nazwa' })
    expect(mine.body.processes[0]).to.include({ version: 2 })
    await writeFile(file, shipped.replace('name="Rodzinny wywiad środowiskowy"', 'name="Rodzinny wywiad środowiskowy (aktualizacja)"'))
    expect((await start()).pending).to.deep.equal([{ kind: 'process', id: 'benefit-application', newestVersion: 2 }])

    // when: she opens the editor
    await page.goto(`${base}/procedures/benefit-application/edit`)
    await page.waitForSelector('#procedure-editor[data-ready="true"]')
    const notice = page.locator('.shipped-version[data-shipped-id="benefit-application"]')
    expect(await notice.locator('p').first().textContent()).to.include('System dostarcza inną wersję: benefit-application.bpmn')
    await page.screenshot({ path: screenshotPath('shipped-version-notice.png') })
    // then she compares it
    await Promise.all([page.waitForURL(/\/diff\?from=2&to=shipped/), notice.locator('a', { hasText: 'Porównaj z wersją 2' }).click()])
    expect(await page.locator('ul.diff-changed li[data-element-id="Task_familyInterview"]').count()).to.equal(1)
    // and takes it from the editor page
    await page.goto(`${base}/procedures/benefit-application/edit`)
    await page.waitForSelector('#procedure-editor[data-ready="true"]')
    await Promise.all([page.waitForURL(/\/procedures\?notice=shipped-taken&version=3/), page.locator('.shipped-version button[type="submit"]').click()])
    expect(await page.textContent('.notice')).to.equal('Wdrożono wersję dostarczoną z systemem jako wersję 3.')
    expect(await page.locator('.shipped-version').count()).to.equal(0)
    const newest = await db.prisma.processDefinition.findFirstOrThrow({ where: { processId: 'benefit-application' }, orderBy: { version: 'desc' } })
    expect(newest).to.include({ version: 3, deployedBy: 'kierownik' })
    expect(newest.xml).to.include('(aktualizacja)')
    expect(problems, problems.join('\n')).to.deep.equal([])
  })
})
