// Issue 15: an automated accessibility check (axe-core) on every main page of every role — signed out, caseworker,
// manager, administrator, and the three editors with their canvases — at a laptop width (1366×768), and the inbox,
// case and task pages also at a phone width (390×844). The pages (test/helpers/main-pages.ts) are the ones
// responsive.spec.ts visits, in one in-process system for the whole spec. axe-core runs the WCAG 2.0/2.1 A and AA
// rules; no violation of impact 'serious' or 'critical' may remain. The pages' Content-Security-Policy allows no
// inline script, so axe is evaluated through the DevTools protocol (page.evaluate), which the CSP does not govern.
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { signIn } from '../helpers/browser-page.ts'
import { describeWithBrowser } from '../helpers/browser.ts'
import { mainPages, startMainPagesSystem, type MainPage, type MainPagesSystem } from '../helpers/main-pages.ts'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

const LAPTOP = { width: 1366, height: 768 }
const PHONE = { width: 390, height: 844 }
/** The pages also checked on a phone. */
const AT_PHONE_WIDTH = new Set(['inbox-mine', 'inbox-group', 'case', 'task'])

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/**
 * Markup of third-party libraries that we cannot change from outside, left out of the check by its exact selector
 * (never a whole page or a whole rule). Each entry names the library and the rule it breaks.
 */
const THIRD_PARTY_EXCLUDE: string[] = []

interface Violation { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }

/** axe-core's violations of the WCAG 2.1 A/AA rules on the page as it is now. */
async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => typeof (window as any).axe === 'object'))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async ({ tags, exclude }) => {
    const axe = (window as any).axe
    const result = await axe.run(
      { include: [document], exclude: exclude.map((selector: string) => [selector]) },
      { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
    )
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => ({ target: n.target })) }))
  }, { tags: WCAG_AA, exclude: THIRD_PARTY_EXCLUDE })
}

describeWithBrowser('browser: no serious or critical WCAG 2.1 AA violation (axe-core) on any main page (issue 15)', function () {
  this.timeout(300_000)
  let sut: MainPagesSystem
  let pages: ReturnType<typeof mainPages>

  before(async () => {
    sut = await startMainPagesSystem('wf-browser-a11y-')
    pages = mainPages(sut)
  })
  after(async () => {
    await sut?.close()
  })

  /** Opens each page as `login` at 1366 px (and the phone pages at 390 px) and collects axe's serious and critical findings. */
  async function checkPages(login: string | null, list: MainPage[]): Promise<void> {
    await sut.browser.context.clearCookies()
    const page = await sut.browser.context.newPage()
    const failures: string[] = []
    try {
      if (login) await signIn(page, sut.base, login)
      for (const size of [LAPTOP, PHONE]) {
        await page.setViewportSize(size)
        for (const p of list) {
          if (size === PHONE && !AT_PHONE_WIDTH.has(p.name)) continue
          await page.goto(`${sut.base}${p.path}`)
          await p.ready?.(page, size.width)
          for (const v of await axeViolations(page)) {
            if (v.impact !== 'serious' && v.impact !== 'critical') continue
            const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')
            failures.push(`${p.name} (${p.path}) at ${size.width} px: ${v.id} [${v.impact}] ${v.help} — ${v.nodes.length} × ${targets}`)
          }
        }
      }
      // every page is checked before the verdict, so one failure lists all violations (in the message itself: a
      // long array's diff may be cut short)
      expect(failures.length, `serious or critical accessibility violations:\n${failures.join('\n')}\n`).to.equal(0)
    } finally {
      await page.close()
    }
  }

  it('should have no serious or critical violation on the login page', async () => {
    await checkPages(pages.signedOut.login, pages.signedOut.pages)
  })

  it('should have no serious or critical violation on a caseworker\'s inbox, registration, case, task and absences pages', async () => {
    await checkPages(pages.caseworker.login, pages.caseworker.pages)
  })

  it('should have no serious or critical violation on a manager\'s inbox, SLA pages, procedures, version comparison and absences', async () => {
    await checkPages(pages.manager.login, pages.manager.pages)
  })

  it('should have no serious or critical violation on the procedure, form and decision editors with their canvases', async () => {
    await checkPages(pages.editors.login, pages.editors.pages)
  })

  it('should have no serious or critical violation on an administrator\'s inbox, audit, incidents and restrictions', async () => {
    await checkPages(pages.administrator.login, pages.administrator.pages)
  })
})
