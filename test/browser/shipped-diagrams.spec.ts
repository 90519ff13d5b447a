// The six shipped diagrams as a manager sees them in the procedure editor in Debian's Chromium (playwright-core;
// launch flags and the REQUIRE_BROWSER rule in test/helpers/browser.ts), with the fonts Chromium really has: every
// name bpmn-js wraps (tasks inside their shape, events, gateways and flows in their label box) is broken only
// between words or after a hyphen, never inside a word ("Przekroczeni e odnotowane", issue 15). The geometry is
// checked without a browser in test/unit/shipped-diagram-layout.spec.ts. Screenshots of each diagram at 100 %:
// test-artifacts/shipped-diagram-<procedure>.png. No CSP violation, page error or failed request is allowed.
import { expect } from 'chai'
import type { Server } from 'node:http'
import type { Page } from 'playwright-core'
import { closeServer, listenLocally, signIn, watchPage } from '../helpers/browser-page.ts'
import { describeWithBrowser, launchBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'
import { ensureClientBundle } from '../helpers/client-bundle.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { createWebTestApp } from '../helpers/web-app.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'

const PROCEDURES = ['benefit-application', 'blue-card', 'crisis-intervention', 'family-assistant', 'municipal-funeral', 'za-zyciem-coordination']

interface RenderedName { id: string; name: string; lines: string[] }

/** Every named element's name and the lines bpmn-js drew it in (tasks inside, others in their external label). */
async function renderedNames(page: Page): Promise<RenderedName[]> {
  return page.evaluate(() => {
    const modeler = (window as any).welfareEditor.modeler
    const registry = modeler.get('elementRegistry')
    const out: Array<{ id: string; name: string; lines: string[] }> = []
    for (const element of registry.getAll()) {
      const name = element.businessObject?.name
      if (!name || element.type === 'label' || element.type === 'bpmn:Process') continue
      const drawn = element.label ?? element
      const gfx = registry.getGraphics(drawn)
      const lines = [...gfx.querySelectorAll('.djs-visual text tspan')].map((t) => (t as SVGTSpanElement).textContent ?? '')
      out.push({ id: element.id, name, lines })
    }
    return out
  })
}

/** The lines put together again as the name reads: a space between lines, none after a line's hyphen. */
function rejoined(lines: string[]): string {
  return lines.map((l) => l.trim()).reduce((text, line) => (text === '' ? line : text.endsWith('-') ? text + line : `${text} ${line}`), '')
}

describeWithBrowser('browser: the shipped diagrams in the procedure editor', function () {
  this.timeout(240_000)
  let db: TestDatabase
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
    const { app } = await createWebTestApp(db, { engine, clock })
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

  for (const procedure of PROCEDURES) {
    it(`should break no word of a name when the editor draws ${procedure}`, async () => {
      await page.goto(`${base}/procedures/${procedure}/edit`)
      await page.waitForSelector('#procedure-editor[data-ready="true"]')

      const names = await renderedNames(page)
      expect(names.length).to.be.greaterThan(10)
      const broken = names.filter((n) => rejoined(n.lines) !== n.name.replace(/\s+/g, ' ').trim()).map((n) => `${n.id}: ${JSON.stringify(n.lines)}`)
      expect(broken, broken.join('\n')).to.deep.equal([])

      await page.evaluate(() => (window as any).welfareEditor.modeler.get('canvas').zoom(1, { x: 0, y: 0 }))
      await page.locator('#procedure-editor').screenshot({ path: screenshotPath(`shipped-diagram-${procedure}.png`) })
      expect(problems, problems.join('\n')).to.deep.equal([])
    })
  }
})
