// The SLA pages in Debian's Chromium: a late application registered through the API shows its statutory deadline
// overdue on the case page, with the art. 36 notice task in the inbox; a manager opens the dashboard (cards, tables,
// the breaches chart), drills down to the overdue items and opens the policies form. No CSP violation, page error,
// console error or failed request. Screenshots: test-artifacts/sla-dashboard.png, sla-case-deadline.png,
// sla-policies.png.
import { expect } from 'chai'
import type { Server } from 'node:http'
import type { Express } from 'express'
import type { Page } from 'playwright-core'
import request from 'supertest'
import { FakeClock } from '../../engine/clock.ts'
import type { TestEngine } from '../helpers/engine-under-test.ts'
import { createApp } from '../../web/app.ts'
import { createLogger } from '../../src/logger.ts'
import { SlaMonitor } from '../../src/sla/sla-monitor.ts'
import { seedDefaultPolicies } from '../../src/sla/sla-policies.ts'
import { closeServer, listenLocally, signIn, watchPage } from '../helpers/browser-page.ts'
import { describeWithBrowser, launchBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { startProceduresEngine } from '../helpers/procedures-engine.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'


describeWithBrowser('browser: SLA dashboard and the case deadline', function () {
  this.timeout(180_000)
  let db: TestDatabase
  let app: Express
  let engine: TestEngine
  let server: Server
  let base: string
  let browser: LaunchedBrowser
  const problems: string[] = []

  before(async function () {
    this.timeout(180_000)
    ensureClientBundle()
    db = await createTestDatabase()
    await db.reset()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = await startProceduresEngine(db.prisma, clock)
    const web = await createWebTestApp(db, { engine, clock })
    await seedDefaultPolicies(db.prisma, clock)
    const sla = new SlaMonitor({ prisma: db.prisma, engine, clock, logger: createLogger({ level: 'error' }) })
    app = createApp({ config: web.config, db, engine, clock, logger: createLogger({ level: 'error' }), sla })
    ;({ server, base } = await listenLocally(app))
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await closeServer(server)
    await engine?.stop()
    await db?.close()
  })

  async function newPage(): Promise<Page> {
    const page = await browser.context.newPage()
    await watchPage(page, problems)
    return page
  }

  it('should show a late case overdue with its art. 36 task, and the manager’s dashboard, drill-down and policies', async () => {
    const token = await tokenFor(app, 'pracownik')
    const created = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication({ receivedAt: '2026-01-20' }))
    expect(created.status, JSON.stringify(created.body)).to.equal(201)
    const caseId = created.body.id as string
    await engine.idle()

    const worker = await newPage()
    await signIn(worker, base, 'pracownik')
    await worker.goto(`${base}/cases/${caseId}`)
    const section = worker.locator('section[aria-labelledby="case-deadline"]')
    await section.waitFor()
    expect(await section.textContent()).to.include('20.02.2026')
    expect(await section.locator('.sla-state-overdue').textContent()).to.equal('przekroczony')
    await section.scrollIntoViewIfNeeded()
    await worker.screenshot({ path: screenshotPath('sla-case-deadline.png'), fullPage: true })
    await worker.goto(`${base}/inbox`)
    // in the task list, and in the notification that announced it
    const notice = await db.prisma.task.findFirstOrThrow({ where: { caseId, elementId: 'Task_art36Notice' } })
    const links = worker.getByRole('link', { name: 'Zawiadomienie o niezałatwieniu sprawy w terminie (art. 36 KPA)' })
    expect(await links.count()).to.equal(2)
    const hrefs = await links.evaluateAll((els) => els.map((e) => e.getAttribute('href')))
    const announcements = await db.prisma.notification.findMany({ where: { taskId: notice.id, login: 'pracownik' } })
    const allowed = [`/tasks/${notice.id}`, ...announcements.map((n) => `/notifications/${n.id}`)]
    for (const href of hrefs) expect(allowed).to.include(href)
    const announcement = announcements.find((n) => hrefs.includes(`/notifications/${n.id}`))!
    expect(announcement, 'a notification links to the task').not.to.equal(undefined)
    await worker.goto(`${base}/notifications/${announcement.id}`) // opens the task, marked read
    expect(new URL(worker.url()).pathname).to.equal(`/tasks/${notice.id}`)
    expect((await db.prisma.notification.findUniqueOrThrow({ where: { id: announcement.id } })).readAt).not.to.equal(null)

    await browser.context.clearCookies() // one browser profile: the caseworker's session goes
    const manager = await newPage()
    await signIn(manager, base, 'kierownik')
    await manager.getByRole('link', { name: 'Terminy (SLA)' }).click()
    await manager.waitForURL(`${base}/sla`)
    expect(await manager.locator('.sla-chart rect.sla-bar').count()).to.be.greaterThan(10)
    const caseCards = manager.locator('section[aria-labelledby="sla-cases"] .sla-card.sla-overdue .sla-number')
    expect(await caseCards.textContent()).to.equal('1')
    // the family interview (due 9 Feb) and the art. 36 task (due with the case, 20 Feb) are both overdue
    const taskCards = manager.locator('section[aria-labelledby="sla-totals"] .sla-card.sla-overdue .sla-number')
    expect(await taskCards.textContent()).to.equal('2')
    await manager.screenshot({ path: screenshotPath('sla-dashboard.png'), fullPage: true })
    await manager.locator('section[aria-labelledby="sla-cases"] .sla-card.sla-overdue a').click()
    await manager.waitForURL(/\/sla\/items\?kind=case&state=overdue/)
    expect(await manager.locator('tbody tr.overdue').count()).to.equal(1)
    await manager.goto(`${base}/sla/policies?key=benefit-application%2Fcase`)
    expect(await manager.locator('#anchor').inputValue()).to.equal('received')
    expect(await manager.locator('#step0Action').inputValue()).to.equal('art36-notice')
    await manager.screenshot({ path: screenshotPath('sla-policies.png'), fullPage: true })

    expect(problems).to.deep.equal([])
  })
})
