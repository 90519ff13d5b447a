// The registration page's start form with form-js, through Debian's Chromium against the whole system in-process:
// a caseworker picks the municipal funeral, form-js replaces the plain fields, a death dated after the report comes
// back with the server's message at its form-js field and the values kept, and the corrected form registers the case,
// whose page shows the registration data. No CSP violation may reach the console.
// Screenshot: test-artifacts/register-start-form.png.
import { expect } from 'chai'
import type { System } from '../../src/system.ts'
import { startBrowserSystem, type BrowserSystem } from '../helpers/browser-system.ts'
import { describeWithBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'

describeWithBrowser('browser: a procedure registers with its start form in form-js', function () {
  this.timeout(180_000)
  let sut: BrowserSystem | undefined
  let system: System
  let browser: LaunchedBrowser
  let base: string

  before(async () => {
    sut = await startBrowserSystem('wf-browser-register-')
    ;({ system, browser, base } = sut)
  })
  after(async () => sut?.close())

  it('should register a funeral through the form-js start form and show the server\'s message at its field when the date of death is after the report', async () => {
    const page = await browser.context.newPage()
    const cspViolations: string[] = []
    const pageErrors: string[] = []
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text())
    })
    page.on('pageerror', (err) => pageErrors.push(String(err)))
    await page.goto(`${base}/login`)
    await page.getByLabel('Login').fill('pracownik')
    await page.getByLabel('Hasło').fill('demo')
    await page.getByRole('button', { name: 'Zaloguj się' }).click()
    await page.waitForURL('**/inbox')

    await page.goto(`${base}/cases/new`)
    await page.getByLabel('Procedura').selectOption('municipal-funeral')
    await page.getByRole('button', { name: 'Pokaż formularz procedury' }).click()
    await page.locator('#register-form-js .fjs-container').waitFor()
    expect(await page.locator('#register-start-fields').count(), 'the plain fields are gone').to.equal(0)

    const formJs = page.locator('#register-form-js')
    await page.locator('#r-receivedAt').fill('2026-03-09')
    await formJs.getByLabel('Imię osoby zmarłej').fill('Stefan')
    await formJs.getByLabel('Nazwisko osoby zmarłej').fill('Wiśniewski')
    await formJs.getByLabel('Miejsce zgonu').fill('Szpital Miejski')
    await formJs.getByLabel('Imię i nazwisko lub nazwa zgłaszającego').fill('Szpital Miejski')
    // the date of death after the report: the server sends it back at the field
    await fillDate(formJs, 'Data zgonu', '2026-03-10')
    await chooseSelect(page, formJs, 'Zgłaszający', 'Szpital lub zakład opieki')
    await page.getByRole('button', { name: 'Zarejestruj wniosek' }).click()
    await page.locator('#register-form-js .fjs-container').waitFor()
    await page.screenshot({ path: screenshotPath('register-start-form-refused.png'), fullPage: true })
    expect(await formJs.textContent()).to.include('Data nie może być późniejsza niż data wpływu zgłoszenia (09.03.2026)')
    expect(await formJs.getByLabel('Nazwisko osoby zmarłej').inputValue()).to.equal('Wiśniewski')

    await fillDate(formJs, 'Data zgonu', '2026-03-05')
    await page.getByRole('button', { name: 'Zarejestruj wniosek' }).click()
    await page.waitForURL(/\/cases\/[^/?]+\?notice=registered/)
    const caseText = await page.locator('main').textContent()
    expect(caseText).to.include('Dane z rejestracji').and.include('Szpital lub zakład opieki').and.include('05.03.2026')
    await page.screenshot({ path: screenshotPath('register-start-form.png'), fullPage: true })
    expect(cspViolations).to.deep.equal([])
    expect(pageErrors).to.deep.equal([])
  })
})

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function fillDate(scope: any, label: string, isoDate: string): Promise<void> {
  const [y, m, d] = isoDate.split('-')
  const input = scope.getByLabel(label)
  await input.fill(`${d}.${m}.${y}`)
  await input.press('Tab')
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function chooseSelect(page: any, scope: any, label: string, option: string): Promise<void> {
  const field = scope.locator('.fjs-form-field-select', { hasText: label })
  await field.locator('.fjs-input-group').click()
  await field.locator('.fjs-dropdownlist-item', { hasText: option }).click()
}
