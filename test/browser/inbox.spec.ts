// The whole system in-process (createSystem, PGlite in memory, the real processes and engine, port 0), driven
// through Debian's Chromium: a caseworker registers applications, filters the inbox, claims the family
// interview, gets a validation error, corrects it and completes it, and sees the case move on; a manager
// reassigns two tasks in bulk. Screenshots go to test-artifacts/ (gitignored).
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import type { System } from '../../src/system.ts'
import { startBrowserSystem, type BrowserSystem } from '../helpers/browser-system.ts'
import { eventually } from '../helpers/browser-page.ts'
import { describeWithBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'
import { pesel } from '../helpers/web-fixtures.ts'

describeWithBrowser('browser: inbox, task form and bulk reassignment', function () {
  this.timeout(180_000)
  let sut: BrowserSystem | undefined
  let system: System
  let browser: LaunchedBrowser
  let base: string

  before(async () => {
    sut = await startBrowserSystem('wf-browser-')
    ;({ system, browser, base } = sut)
  })
  after(async () => sut?.close())

  async function logIn(page: Page, login: string): Promise<void> {
    await page.goto(`${base}/login`)
    await page.getByLabel('Login').fill(login)
    await page.getByLabel('Hasło').fill('demo')
    await page.getByRole('button', { name: 'Zaloguj się' }).click()
    await page.waitForURL('**/inbox')
  }

  /** The receipt date the registration form proposed (today in Warsaw), as the date field takes it: DD.MM.YYYY. */
  let receivedOn = ''

  async function register(page: Page, person: { pesel: string; firstName: string; lastName: string }): Promise<string> {
    await page.getByRole('link', { name: 'Zarejestruj wniosek' }).click()
    const [y, m, d] = (await page.locator('[name="receivedAt"]').inputValue()).split('-')
    receivedOn = `${d}.${m}.${y}`
    await page.locator('[name="benefit"]').selectOption('zasilek-okresowy')
    await page.locator('[name="applicant.pesel"]').fill(person.pesel)
    await page.locator('[name="applicant.firstName"]').fill(person.firstName)
    await page.locator('[name="applicant.lastName"]').fill(person.lastName)
    await page.locator('[name="incomes[0].pesel"]').fill(person.pesel)
    await page.locator('[name="incomes[0].monthlyNet"]').fill('700')
    await page.getByRole('button', { name: 'Zarejestruj wniosek' }).click()
    await page.waitForURL(/\/cases\/[^/?]+\?notice=registered/)
    return new URL(page.url()).pathname
  }

  it('should take a caseworker from registration through the inbox and the task form to the next step, and let a manager reassign in bulk', async () => {
    const page = await browser.context.newPage()

    // a caseworker registers two applications
    await logIn(page, 'pracownik')
    const firstCase = await register(page, { pesel: pesel('1971-02-03', 4321), firstName: 'Teresa', lastName: 'Testowska' })
    await register(page, { pesel: pesel('1985-06-07', 5432), firstName: 'Piotr', lastName: 'Próbny' })

    // filters the inbox by the applicant's surname and finds the family interview; the surname is posted, never
    // put in an address (the page is /inbox?tab=group&f=<id>)
    await page.goto(`${base}/inbox?tab=group`)
    const addresses: string[] = []
    const onRequest = (r: { url(): string }) => addresses.push(r.url())
    page.on('request', onRequest)
    await page.getByText('Filtry', { exact: true }).click()
    await page.getByLabel('Nazwisko wnioskodawcy').fill('testow')
    await page.getByRole('button', { name: 'Filtruj' }).click()
    await page.waitForURL(/\/inbox\?tab=group&f=[\w-]{16}$/)
    await page.getByLabel('Nazwisko wnioskodawcy').and(page.locator('[value="testow"]')).waitFor()
    const interviewRow = page.locator('tbody tr', { hasText: 'Rodzinny wywiad środowiskowy' })
    await eventually(page, async () => (await interviewRow.count()) === 1, 'the family interview in the filtered inbox')
    expect(await page.locator('tbody tr').count()).to.equal(1)
    expect(await interviewRow.textContent()).to.include('Testowska T.').and.include('Zasiłek okresowy')

    // claims it, back on the filtered list
    await interviewRow.getByRole('button', { name: 'Przejmij zadanie: Rodzinny wywiad środowiskowy' }).click()
    await page.getByText('Zadanie przejęte.').waitFor()
    expect(await interviewRow.textContent()).to.include('Ty')
    expect(await page.locator('tbody tr').count()).to.equal(1)
    page.off('request', onRequest)
    expect(addresses.length).to.be.greaterThan(2)
    for (const address of addresses) expect(address, address).not.to.match(/testow/i)
    await page.screenshot({ path: screenshotPath('inbox.png'), fullPage: true })

    // fills the form with mistakes, sees the messages, corrects them and completes the task
    await interviewRow.getByRole('link', { name: 'Rodzinny wywiad środowiskowy' }).click()
    await page.waitForURL(/\/tasks\//)
    // (the form is form-js's, client/task-form.js: a date in the browser's locale format, a dropdown for the select)
    await page.locator('#task-form-js[data-ready="true"]').waitFor()
    await page.getByLabel('Data przeprowadzenia wywiadu').fill(receivedOn) // not before the receipt, not in the future
    await page.getByLabel('Data przeprowadzenia wywiadu').press('Enter')
    await page.locator('.fjs-form-field-select .fjs-input-group').click()
    await page.locator('.fjs-dropdownlist-item', { hasText: 'Ubóstwo' }).click()
    await page.getByLabel('Liczba osób w gospodarstwie domowym').fill('0')
    await page.getByLabel('Opis sytuacji rodziny').fill('krótko')
    await page.getByRole('button', { name: 'Zakończ zadanie' }).click()
    await page.getByRole('alert').filter({ hasText: 'Formularz zawiera błędy' }).waitFor()
    expect(await page.locator('.fjs-form-field-error').allTextContents()).to.include.members(['Wartość nie może być mniejsza niż 1', 'Co najmniej 10 znaków'])
    await page.screenshot({ path: screenshotPath('task.png'), fullPage: true })
    await page.getByLabel('Liczba osób w gospodarstwie domowym').fill('1')
    await page.getByLabel('Opis sytuacji rodziny').fill('Osoba samotna, dochód poniżej kryterium.')
    await page.getByRole('button', { name: 'Zakończ zadanie' }).click()
    await page.waitForURL(/\/inbox\?notice=completed/)
    await page.getByText('Zadanie zakończone.').waitFor()

    // the case moves on: the decision draft is the next open task
    await page.goto(`${base}${firstCase}`)
    const openTasks = page.locator('section[aria-labelledby="case-tasks"]')
    await eventually(page, async () => (await openTasks.textContent())?.includes('Projekt decyzji') ?? false, 'the decision draft on the case page')
    expect(await openTasks.textContent()).not.to.include('Rodzinny wywiad środowiskowy')
    expect(await page.locator('section[aria-labelledby="case-history"]').textContent()).to.include('Zakończono zadanie')
    await page.screenshot({ path: screenshotPath('case.png'), fullPage: true })

    // a manager reassigns the draft and the other applicant's interview to pracownik2 in one go
    await page.getByRole('button', { name: 'Wyloguj' }).click()
    await logIn(page, 'kierownik')
    await page.goto(`${base}/inbox?tab=all`)
    const draftRow = page.locator('tbody tr', { hasText: 'Testowska T.' }).filter({ hasText: 'Projekt decyzji' })
    const otherRow = page.locator('tbody tr', { hasText: 'Próbny P.' }).filter({ hasText: 'Rodzinny wywiad środowiskowy' })
    await eventually(page, async () => (await draftRow.count()) === 1 && (await otherRow.count()) === 1, 'both tasks in the manager\'s inbox')
    await draftRow.getByRole('checkbox').check()
    await otherRow.getByRole('checkbox').check()
    await page.getByLabel('Działanie', { exact: true }).selectOption('assign')
    await page.getByLabel('Osoba (przy przydzielaniu)').selectOption('pracownik2')
    await page.getByRole('button', { name: 'Wykonaj dla zaznaczonych' }).click()
    await page.getByText('Działanie zbiorcze: wykonano 2, nie wykonano 0.').waitFor()
    expect(await draftRow.textContent()).to.include('Pracownik Socjalny 2')
    expect(await otherRow.textContent()).to.include('Pracownik Socjalny 2')
    await page.screenshot({ path: screenshotPath('inbox-bulk-assign.png'), fullPage: true })

    const assigned = await system.db.prisma.task.findMany({ where: { status: 'open', assignee: 'pracownik2' } })
    expect(assigned.map((t) => t.elementId).sort()).to.deep.equal(['Task_draftDecision', 'Task_familyInterview'])
  })
})
