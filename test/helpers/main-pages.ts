// The main pages of every role, shared by the browser specs that visit them all (responsive.spec.ts,
// accessibility.spec.ts): one in-process system (createSystem, PGlite in memory, port 0) in which a caseworker has
// registered two applications and claimed a family interview (the inbox, the case page, the task page and the audit
// have rows), and a manager has deployed version 2 of the procedure (the two versions can be compared).
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import type { System } from '../../src/system.ts'
import { eventually, signIn } from './browser-page.ts'
import type { LaunchedBrowser } from './browser.ts'
import { startBrowserSystem } from './browser-system.ts'
import { pesel } from './web-fixtures.ts'

export const NARROW_NOTICE = /Ekran jest zbyt wąski, by edytować (diagram|formularz|tabelę decyzyjną) — użyj komputera lub obróć tablet\./

/** One main page: `ready` waits for what the page draws after load (an editor, the diagram) at the given width. */
export interface MainPage {
  name: string
  path: string
  ready?: (page: Page, width: number) => Promise<void>
  /** On a laptop the whole list is seen at once (responsive.spec.ts checks that its box does not scroll). */
  wholeTableAt1366?: boolean
}

export interface MainPagesSystem {
  system: System
  browser: LaunchedBrowser
  base: string
  caseId: string
  taskId: string
  close(): Promise<void>
}

/** Starts the system and Chromium and fills the system with what the main pages show. */
export async function startMainPagesSystem(tmpPrefix: string): Promise<MainPagesSystem> {
  const { system, browser, base, close } = await startBrowserSystem(tmpPrefix)
  try {
    let caseId = ''

    // a caseworker registers two applications with long names (the inbox, case page and audit have rows)
    const page = await browser.context.newPage()
    await signIn(page, base, 'pracownik')
    for (const person of [
      { pesel: pesel('1971-02-03', 4321), firstName: 'Teresa', lastName: 'Konstantynopolitańczykiewicz-Wielkopolska' },
      { pesel: pesel('1985-06-07', 5432), firstName: 'Piotr', lastName: 'Próbny' },
    ]) {
      await page.goto(`${base}/cases/new`)
      await page.locator('[name="benefit"]').selectOption('zasilek-okresowy')
      await page.locator('[name="applicant.pesel"]').fill(person.pesel)
      await page.locator('[name="applicant.firstName"]').fill(person.firstName)
      await page.locator('[name="applicant.lastName"]').fill(person.lastName)
      await page.locator('[name="incomes[0].pesel"]').fill(person.pesel)
      await page.locator('[name="incomes[0].monthlyNet"]').fill('700')
      await page.getByRole('button', { name: 'Zarejestruj wniosek' }).click()
      await page.waitForURL(/\/cases\/[^/?]+\?notice=registered/)
      if (!caseId) caseId = new URL(page.url()).pathname.split('/')[2]!
    }
    // the first case's family interview, claimed, so the task page has its form
    await page.goto(`${base}/inbox?tab=group`)
    const row = page.locator('tbody tr', { hasText: 'Konstantynopolitańczykiewicz' }).filter({ hasText: 'Rodzinny wywiad środowiskowy' })
    await eventually(page, async () => (await row.count()) === 1, 'the family interview in the inbox')
    await row.getByRole('button', { name: 'Przejmij zadanie: Rodzinny wywiad środowiskowy' }).click()
    await page.getByText('Zadanie przejęte.').waitFor()
    const href = await page.locator('tbody tr', { hasText: 'Konstantynopolitańczykiewicz' }).getByRole('link', { name: 'Rodzinny wywiad środowiskowy' }).getAttribute('href')
    const taskId = href!.split('/').pop()!

    // a manager deploys version 2 of the procedure (the interview renamed), so the two versions can be compared
    await browser.context.clearCookies()
    await signIn(page, base, 'kierownik')
    await page.goto(`${base}/procedures/benefit-application/edit`)
    await page.locator('#procedure-editor[data-ready="true"]').waitFor()
    await page.evaluate(() => {
      const m = (window as any).welfareEditor.modeler
      m.get('modeling').updateLabel(m.get('elementRegistry').get('Task_familyInterview'), 'Wywiad środowiskowy (RWŚ)')
    })
    await page.fill('#editor-comment', 'Nowa nazwa wywiadu')
    await page.click('#editor-deploy')
    await page.waitForFunction(() => /wersję 2/.test(document.getElementById('editor-status')?.textContent ?? ''))
    await page.close()
    return { system, browser, base, caseId, taskId, close }
  } catch (err) {
    await close()
    throw err
  }
}

/** A diagram editor: at 700 px and wider it is ready; narrower it says the screen is too narrow and starts nothing. */
export function editorReady(rootSelector: string, readySelector: string) {
  return async (page: Page, width: number): Promise<void> => {
    if (width >= 700) {
      await page.locator(readySelector).first().waitFor({ timeout: 15_000 })
      expect(await page.getByText(NARROW_NOTICE).isVisible(), `no narrow-screen notice at ${width} px`).to.equal(false)
    } else {
      await page.getByText(NARROW_NOTICE).waitFor({ timeout: 5_000 })
      expect(await page.locator(`${rootSelector}[data-ready="true"]`).count(), `the editor is not started at ${width} px`).to.equal(0)
    }
  }
}

/** The main pages, by who sees them (the login each group signs in with; null: signed out). */
export function mainPages(ids: { caseId: string; taskId: string }) {
  const { caseId, taskId } = ids
  return {
    signedOut: { login: null, pages: [{ name: 'login', path: '/login' }] as MainPage[] },
    caseworker: {
      login: 'pracownik',
      pages: [
        { name: 'inbox-mine', path: '/inbox', wholeTableAt1366: true },
        { name: 'inbox-group', path: '/inbox?tab=group', wholeTableAt1366: true },
        { name: 'register', path: '/cases/new' },
        // procedures that register with their start form (form-js over the plain fields)
        { name: 'register-blue-card', path: '/cases/new?procedure=blue-card', ready: (page) => page.locator('#register-form-js .fjs-container').waitFor() },
        { name: 'register-funeral', path: '/cases/new?procedure=municipal-funeral', ready: (page) => page.locator('#register-form-js .fjs-container').waitFor() },
        { name: 'registered', path: `/cases/${caseId}/registered` },
        { name: 'case', path: `/cases/${caseId}`, ready: (page) => page.locator('#process-diagram[data-ready="true"] .djs-element').first().waitFor() },
        { name: 'task', path: `/tasks/${taskId}`, ready: (page) => page.locator('#task-form-js[data-ready="true"]').waitFor() },
        { name: 'absences', path: '/absences' },
      ] as MainPage[],
    },
    manager: {
      login: 'kierownik',
      pages: [
        { name: 'inbox-all', path: '/inbox?tab=all', wholeTableAt1366: true },
        { name: 'sla', path: '/sla' },
        { name: 'sla-items', path: '/sla/items' },
        { name: 'sla-case-items', path: '/sla/items?kind=case' },
        { name: 'sla-policies', path: '/sla/policies?key=benefit-application%2Fcase' },
        { name: 'procedures', path: '/procedures' },
        { name: 'procedure-diff', path: '/procedures/benefit-application/diff?from=1&to=2', ready: (page) => page.locator('#procedure-diff[data-ready="true"] #diff-new .djs-element').first().waitFor({ timeout: 15_000 }) },
        { name: 'absences', path: '/absences' },
      ] as MainPage[],
    },
    editors: {
      login: 'kierownik',
      pages: [
        { name: 'procedure-editor', path: '/procedures/benefit-application/edit', ready: editorReady('#procedure-editor', '#procedure-editor[data-ready="true"] .djs-element') },
        { name: 'form-editor', path: '/procedures/forms/family-interview', ready: editorReady('#form-editor', '#form-editor[data-ready="true"] .fjs-editor-container') },
        { name: 'decision-editor', path: '/procedures/decisions/income-criteria', ready: editorReady('#decision-editor', '#decision-editor[data-ready="true"] table') },
      ] as MainPage[],
    },
    administrator: {
      login: 'admin',
      pages: [
        { name: 'inbox', path: '/inbox?tab=all' },
        { name: 'audit', path: '/admin/audit', wholeTableAt1366: true },
        { name: 'incidents', path: '/admin/incidents' },
        { name: 'restrictions', path: '/admin/restrictions' },
      ] as MainPage[],
    },
  }
}
