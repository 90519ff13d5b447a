// The process diagram on the case page in Debian's Chromium (playwright-core; launch flags and the REQUIRE_BROWSER
// rule in test/helpers/browser.ts), on the real embedded engine with the real benefit-application procedure: a
// caseworker registers an application and completes the family interview through the API; the case page's
// bpmn-js viewer (/static/build/viewer.js) renders the instance's own version with the decision draft marked
// current (wf-active) and the steps passed marked completed (wf-completed). No CSP violation, page error, console
// error or failed request is allowed. It opens at a readable zoom with the current step in view. Screenshots:
// test-artifacts/case-diagram.png (page), case-diagram-viewer.png, case-diagram-opened.png (the box as it opens).
import { expect } from 'chai'
import type { Server } from 'node:http'
import type { Express } from 'express'
import type { Page } from 'playwright-core'
import request from 'supertest'
import { FakeClock } from '../../engine/clock.ts'
import type { TestEngine } from '../helpers/engine-under-test.ts'
import { closeServer, listenLocally, signIn, watchPage } from '../helpers/browser-page.ts'
import { describeWithBrowser, launchBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { startProceduresEngine } from '../helpers/procedures-engine.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'

const INTERVIEW = {
  interviewDate: '2026-03-09',
  assistanceReason: 'poverty',
  householdSizeConfirmed: 3,
  situationDescription: 'Rodzina w trudnej sytuacji.',
  cooperates: true,
}


/** The classes of the diagram element's SVG group (bpmn-js puts markers there). */
async function markerClasses(page: Page, elementId: string): Promise<string[]> {
  const cls = await page.locator(`#process-diagram .djs-element[data-element-id="${elementId}"]`).first().getAttribute('class')
  return (cls ?? '').split(/\s+/).filter(Boolean)
}

/** The stroke colour the marker's style sheet gives the element's shape (proves viewer.css is applied). */
async function shapeStroke(page: Page, elementId: string): Promise<string> {
  return page
    .locator(`#process-diagram .djs-element[data-element-id="${elementId}"] .djs-visual > :nth-child(1)`)
    .first()
    .evaluate((el) => getComputedStyle(el).stroke)
}

describeWithBrowser('browser: process diagram on the case page', function () {
  this.timeout(180_000)
  let db: TestDatabase
  let app: Express
  let engine: TestEngine
  let server: Server
  let base: string
  let browser: LaunchedBrowser
  let page: Page
  const problems: string[] = []

  before(async function () {
    this.timeout(180_000)
    ensureClientBundle()
    db = await createTestDatabase()
    await db.reset()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = await startProceduresEngine(db.prisma, clock)
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    ;({ server, base } = await listenLocally(app))
    browser = await launchBrowser()
    page = await browser.context.newPage()
    await watchPage(page, problems, { requestFailures: true })
  })
  after(async () => {
    await browser?.close()
    await closeServer(server)
    await engine?.stop()
    await db?.close()
  })

  it('should mark the decision draft current and the interview and earlier steps completed when the case page shows its diagram after the interview', async () => {
    // given: a registered benefit application whose family interview a caseworker completed
    const token = await tokenFor(app, 'pracownik')
    const created = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())
    expect(created.status, JSON.stringify(created.body)).to.equal(201)
    const caseId = created.body.id as string
    await engine.idle()
    const interview = await db.prisma.task.findFirstOrThrow({ where: { caseId, status: 'open', elementId: 'Task_familyInterview' } })
    expect((await request(app).post(`/api/tasks/${interview.id}/claim`).set(bearer(token))).status).to.equal(200)
    const completed = await request(app).post(`/api/tasks/${interview.id}/complete`).set(bearer(token)).send({ variables: INTERVIEW })
    expect(completed.status, JSON.stringify(completed.body)).to.equal(200)
    await engine.idle()
    const open = await db.prisma.task.findMany({ where: { caseId, status: 'open' }, select: { elementId: true } })
    expect(open.map((t) => t.elementId)).to.deep.equal(['Task_draftDecision'])

    // when: the caseworker opens the case page
    await signIn(page, base, 'pracownik')
    await page.goto(`${base}/cases/${caseId}`)
    await page.waitForSelector('#process-diagram[data-ready]')

    // then: the viewer rendered the diagram of the instance's version
    expect(await page.getAttribute('#process-diagram', 'data-ready')).to.equal('true')
    expect(await page.locator('#process-diagram .djs-element[data-element-id="Task_familyInterview"]').count()).to.be.greaterThan(0)
    expect((await page.textContent('#process-diagram .wf-diagram-status'))?.trim()).to.equal('')
    // the current task carries the "current" marker, in the marker's colour
    const current = await markerClasses(page, 'Task_draftDecision')
    expect(current).to.include('wf-active')
    expect(current).not.to.include('wf-completed')
    expect(await shapeStroke(page, 'Task_draftDecision')).to.equal('rgb(224, 112, 0)')
    // the interview and the steps before it carry the "completed" marker
    for (const id of ['Start_applicationReceived', 'Task_registerCase', 'Task_computeDeadlines', 'Task_familyInterview']) {
      const classes = await markerClasses(page, id)
      expect(classes, id).to.include('wf-completed')
      expect(classes, id).not.to.include('wf-active')
    }
    expect(await shapeStroke(page, 'Task_familyInterview')).to.equal('rgb(42, 122, 42)')
    // steps not reached yet carry neither
    const later = await markerClasses(page, 'Task_approveDecision')
    expect(later).to.include('djs-element')
    expect(later).not.to.include('wf-active')
    expect(later).not.to.include('wf-completed')
    // the bpmn.io watermark stays
    expect(await page.locator('#process-diagram .bjs-powered-by').count()).to.equal(1)
    // it opens readable (at least 90 %: the 11 px labels stay 10 px or more) with the current step inside the box
    const scale = () => page.evaluate(() => (window as unknown as { welfareViewer: { get(n: string): { zoom(): number } } }).welfareViewer.get('canvas').zoom())
    expect(await scale()).to.be.at.least(0.9)
    const box = (await page.locator('#process-diagram .wf-diagram-canvas').boundingBox())!
    const step = (await page.locator('#process-diagram .djs-element[data-element-id="Task_draftDecision"]').first().boundingBox())!
    expect(step.x).to.be.at.least(box.x)
    expect(step.y).to.be.at.least(box.y)
    expect(step.x + step.width).to.be.at.most(box.x + box.width)
    expect(step.y + step.height).to.be.at.most(box.y + box.height)
    await page.locator('#process-diagram').screenshot({ path: screenshotPath('case-diagram-opened.png') })
    // the zoom buttons change the scale: in, out, the whole diagram, back to the current step at 100 %
    const before = await scale()
    await page.getByRole('button', { name: 'Powiększ' }).click()
    expect(await scale()).to.be.closeTo(before * 1.25, 0.01)
    await page.getByRole('button', { name: 'Pomniejsz' }).click()
    await page.getByRole('button', { name: 'Pomniejsz' }).click()
    expect(await scale()).to.be.closeTo(before / 1.25, 0.01)
    await page.getByRole('button', { name: 'Bieżący krok' }).click()
    expect(await scale()).to.be.closeTo(1, 0.01)
    await page.getByRole('button', { name: 'Cały diagram' }).click()
    expect(await scale()).to.be.below(1)
    await page.getByRole('button', { name: 'Bieżący krok' }).click()

    await page.locator('section[aria-labelledby="process-diagram-title"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('case-diagram.png'), fullPage: true })
    await page.locator('#process-diagram').screenshot({ path: screenshotPath('case-diagram-viewer.png') })
    expect(problems, problems.join('\n')).to.deep.equal([])
  })

  it('should refuse on the page, before sending it, a file larger than the limit and keep what was typed', async () => {
    const token = await tokenFor(app, 'pracownik')
    const created = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())
    const caseId = created.body.id as string
    await browser.context.clearCookies() // a session of its own, whatever ran before
    await signIn(page, base, 'pracownik')
    await page.goto(`${base}/cases/${caseId}`)
    await page.locator('#document-kind').selectOption('certificate')
    await page.locator('#document-title').fill('Zaświadczenie o dochodach')
    await page.locator('#document-file').setInputFiles({ name: 'skan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x25) })
    const alert = page.locator('#case-document-status')
    await alert.waitFor()
    expect(await alert.textContent()).to.match(/10 MB/)
    await page.getByRole('button', { name: 'Dodaj dokument' }).click()
    await page.waitForTimeout(300)
    expect(new URL(page.url()).pathname).to.equal(`/cases/${caseId}`) // not sent
    expect(await page.locator('#document-title').inputValue()).to.equal('Zaświadczenie o dochodach')
    expect(await db.prisma.caseDocument.count({ where: { caseId } })).to.equal(0)
    expect(problems, problems.join('\n')).to.deep.equal([])
  })
})
