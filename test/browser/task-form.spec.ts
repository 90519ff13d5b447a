// The task page's form-js form, driven through Debian's Chromium against the whole system in-process
// (createSystem, PGlite in memory, port 0): a caseworker claims the family interview, the form-js form replaces
// the plain fields, an invalid value is sent and the server's message appears at the field, a draft is saved and
// comes back after a reload (the refused completion's alert gone, the field's message kept), a change is autosaved,
// what is typed before form-js loads is kept, the corrected form completes the task (and the draft is gone), and the
// closed task shows the form read-only with what was recorded and who completed it; the details name the applicant.
// No CSP violation may reach the console. Screenshot: test-artifacts/task-form.png.
import { expect } from 'chai'
import type { Page } from 'playwright-core'
import type { System } from '../../src/system.ts'
import { startBrowserSystem, type BrowserSystem } from '../helpers/browser-system.ts'
import { eventually } from '../helpers/browser-page.ts'
import { describeWithBrowser, screenshotPath, type LaunchedBrowser } from '../helpers/browser.ts'
import { pesel } from '../helpers/web-fixtures.ts'

describeWithBrowser('browser: the task form with form-js, server validation and drafts', function () {
  this.timeout(180_000)
  let sut: BrowserSystem | undefined
  let system: System
  let browser: LaunchedBrowser
  let base: string

  before(async () => {
    sut = await startBrowserSystem('wf-browser-form-')
    ;({ system, browser, base } = sut)
  })
  after(async () => sut?.close())

  it('should show the server\'s message at the form-js field, keep a saved draft across a reload and complete the task when the form is corrected', async () => {
    const page = await browser.context.newPage()
    const cspViolations: string[] = []
    const pageErrors: string[] = []
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text())
    })
    page.on('pageerror', (err) => pageErrors.push(String(err)))

    // a caseworker registers an application and claims its family interview
    await page.goto(`${base}/login`)
    await page.getByLabel('Login').fill('pracownik')
    await page.getByLabel('Hasło').fill('demo')
    await page.getByRole('button', { name: 'Zaloguj się' }).click()
    await page.waitForURL('**/inbox')
    await page.getByRole('link', { name: 'Zarejestruj wniosek' }).click()
    const [y, m, d] = (await page.locator('[name="receivedAt"]').inputValue()).split('-') // today in Warsaw
    const receivedOn = `${d}.${m}.${y}`
    await page.locator('[name="benefit"]').selectOption('zasilek-okresowy')
    const person = pesel('1968-09-10', 6543)
    await page.locator('[name="applicant.pesel"]').fill(person)
    await page.locator('[name="applicant.firstName"]').fill('Halina')
    await page.locator('[name="applicant.lastName"]').fill('Formularzowa')
    await page.locator('[name="incomes[0].pesel"]').fill(person)
    await page.locator('[name="incomes[0].monthlyNet"]').fill('600')
    await page.getByRole('button', { name: 'Zarejestruj wniosek' }).click()
    await page.waitForURL(/\/cases\/[^/?]+\?notice=registered/)
    await page.goto(`${base}/inbox?tab=group`)
    const row = page.locator('tbody tr', { hasText: 'Formularzowa H.' }).filter({ hasText: 'Rodzinny wywiad środowiskowy' })
    await eventually(page, async () => (await row.count()) === 1, 'the family interview in the inbox')
    await row.getByRole('button', { name: 'Przejmij zadanie: Rodzinny wywiad środowiskowy' }).click()
    await page.getByText('Zadanie przejęte.').waitFor()
    await row.getByRole('link', { name: 'Rodzinny wywiad środowiskowy' }).click()
    await page.waitForURL(/\/tasks\//)
    const taskId = new URL(page.url()).pathname.split('/').pop()!
    // the details name the applicant (surname, first name), never the PESEL
    expect(await page.locator('dl.facts').textContent()).to.include('Formularzowa, Halina')
    expect(await page.content()).not.to.include(person)

    // form-js replaces the plain fields
    await page.locator('#task-form-js[data-ready="true"]').waitFor()
    expect(await page.locator('.fjs-form').count()).to.equal(1)
    expect(await page.locator('.wf-fallback-fields').count()).to.equal(0)
    expect(await page.locator('.fjs-form-field-label', { hasText: 'Główny powód przyznania pomocy (art. 7)' }).count()).to.equal(1)

    // fills it with a household of 0 and sends it: the server's message is shown at the field
    const date = page.getByLabel('Data przeprowadzenia wywiadu')
    // form-js writes the browser's date format as the placeholder; the page puts the Polish one in its place
    expect(await date.getAttribute('placeholder')).to.equal('dd.mm.rrrr')
    await date.fill(receivedOn) // the interview may not be dated before the receipt nor in the future
    await date.press('Enter')
    // form-js writes "Select" itself; the page puts the Polish word in its place, and the chosen value still shows
    expect(await page.locator('.fjs-form-field-select .fjs-select-display').textContent()).to.equal('Wybierz')
    await page.locator('.fjs-form-field-select .fjs-input-group').click()
    await page.locator('.fjs-dropdownlist-item', { hasText: 'Ubóstwo' }).click()
    expect(await page.locator('.fjs-form-field-select .fjs-select-display').textContent()).to.equal('Ubóstwo')
    const household = page.getByLabel('Liczba osób w gospodarstwie domowym')
    await household.fill('0')
    const situation = page.getByLabel('Opis sytuacji rodziny')
    await situation.fill('Osoba samotna, dochód poniżej kryterium.')
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/tasks/${taskId}/complete`)),
      page.getByRole('button', { name: 'Zakończ zadanie' }).click(),
    ])
    expect(answer.status()).to.equal(422)
    const serverFields = (await answer.json()).error.fields as Record<string, string>
    expect(serverFields).to.deep.equal({ householdSizeConfirmed: 'Wartość nie może być mniejsza niż 1' })
    await page.getByRole('alert').filter({ hasText: 'Formularz zawiera błędy' }).waitFor()
    const householdField = page.locator('.fjs-form-field', { has: household })
    await page.waitForTimeout(500) // form-js re-validates a field on its own (a number field re-reports its value once)
    expect(await householdField.locator('.fjs-form-field-error').textContent()).to.equal('Wartość nie może być mniejsza niż 1')
    const shown = await page.evaluate(() => (window as unknown as { welfareTaskForm: { serverErrors(): Record<string, { key: string; message: string }> } }).welfareTaskForm.serverErrors())
    expect(Object.values(shown)).to.deep.equal([{ key: 'householdSizeConfirmed', message: 'Wartość nie może być mniejsza niż 1', value: '0' }])
    expect(await household.getAttribute('aria-describedby')).to.be.a('string')
    expect(await situation.inputValue()).to.equal('Osoba samotna, dochód poniżej kryterium.') // nothing lost
    await page.screenshot({ path: screenshotPath('task-form.png'), fullPage: true })

    // saves a draft: the error alert of the refused completion goes, the field's message stays and the status says
    // the field still needs correcting
    await page.getByRole('button', { name: 'Zapisz szkic' }).click()
    await page.getByText(/Szkic zapisany o \d\d:\d\d\. Przed zakończeniem zadania popraw pola oznaczone błędem\./).waitFor()
    expect(await page.getByRole('alert').filter({ hasText: 'Formularz zawiera błędy' }).count()).to.equal(0)
    expect(await householdField.locator('.fjs-form-field-error').textContent()).to.equal('Wartość nie może być mniejsza niż 1')
    // reloads: the values come back
    await page.reload()
    await page.locator('#task-form-js[data-ready="true"]').waitFor()
    await page.getByText(/Wczytano Twój szkic zapisany/).waitFor()
    expect(await page.getByLabel('Opis sytuacji rodziny').inputValue()).to.equal('Osoba samotna, dochód poniżej kryterium.')
    expect(await page.getByLabel('Liczba osób w gospodarstwie domowym').inputValue()).to.equal('0')
    expect(await page.getByLabel('Data przeprowadzenia wywiadu').inputValue()).to.equal(`${Number(d)}.${m}.${y}`) // Polish short date, as form-js formats it

    // autosave: what the page's 30-second timer calls (setInterval(autosave, autosaveMs)) saves a changed form
    await page.reload()
    await page.locator('#task-form-js[data-ready="true"]').waitFor()
    await page.waitForSelector('#process-diagram[data-ready]')
    const autosaveText = 'Osoba samotna, dochód poniżej kryterium (autozapis).'
    const held = () => page.evaluate(() => (window as unknown as { welfareTaskForm: { values(): Record<string, unknown> } }).welfareTaskForm.values().situationDescription)
    await page.getByLabel('Opis sytuacji rodziny').fill(autosaveText) // typed once: form-js must keep it (no retyping)
    await page.waitForFunction((text) => (window as unknown as { welfareTaskForm: { values(): Record<string, unknown> } }).welfareTaskForm.values().situationDescription === text, autosaveText, { timeout: 5000 })
    expect(await held()).to.equal(autosaveText)
    await page.evaluate(() => (window as unknown as { welfareTaskForm: { autosave(): unknown } }).welfareTaskForm.autosave())
    await page.getByText(/Szkic zapisany o \d\d:\d\d\./).waitFor()
    const autosaved = await system.db.prisma.taskDraft.findFirstOrThrow({ where: { taskId } })
    expect(autosaved.values).to.deep.include({ situationDescription: 'Osoba samotna, dochód poniżej kryterium (autozapis).' })

    // typed into the plain fields while form-js is still loading (held back here for 2 s): carried over, cursor too
    await page.route('**/static/build/task-form.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2000))
      await route.continue()
    })
    await page.goto(`${base}/tasks/${taskId}`, { waitUntil: 'commit' })
    const plainSituation = page.locator('.wf-fallback-fields textarea[name="situationDescription"]')
    await plainSituation.fill('Wpisane, zanim formularz się załadował.')
    await page.locator('.wf-fallback-fields input[name="householdSizeConfirmed"]').fill('2')
    expect(await page.locator('#task-form-js[data-ready="true"]').count()).to.equal(0) // still the plain form
    await plainSituation.focus()
    await page.locator('#task-form-js[data-ready="true"]').waitFor()
    await page.unroute('**/static/build/task-form.js')
    const carried = await page.evaluate(() => (window as unknown as { welfareTaskForm: { values(): Record<string, unknown> } }).welfareTaskForm.values())
    expect(carried).to.deep.include({ situationDescription: 'Wpisane, zanim formularz się załadował.', householdSizeConfirmed: 2 })
    expect(await page.getByLabel('Opis sytuacji rodziny').inputValue()).to.equal('Wpisane, zanim formularz się załadował.')
    expect(await page.getByLabel('Opis sytuacji rodziny').evaluate((el) => el === document.activeElement)).to.equal(true)

    // corrects the household and completes the task; the draft is deleted
    await page.getByLabel('Liczba osób w gospodarstwie domowym').fill('1')
    await page.getByRole('button', { name: 'Zakończ zadanie' }).click()
    await page.waitForURL(/\/inbox\?notice=completed/)
    await page.getByText('Zadanie zakończone.').waitFor()
    const task = await system.db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })
    expect(task.status).to.equal('completed')
    expect(await system.db.prisma.taskDraft.count({ where: { taskId } })).to.equal(0)

    // the closed task: the form is read-only, no buttons
    await page.goto(`${base}/tasks/${taskId}`)
    await page.locator('#task-form-js[data-ready="true"]').waitFor()
    expect(await page.getByRole('button', { name: 'Zakończ zadanie' }).count()).to.equal(0)
    expect(await page.getByRole('button', { name: 'Zapisz szkic' }).count()).to.equal(0)
    expect(await page.getByLabel('Opis sytuacji rodziny').isEditable()).to.equal(false)
    // …and shows what was recorded, by whom
    expect(await page.getByLabel('Opis sytuacji rodziny').inputValue()).to.equal('Wpisane, zanim formularz się załadował.')
    expect(await page.getByLabel('Liczba osób w gospodarstwie domowym').inputValue()).to.equal('1')
    expect(await page.locator('dl.facts').textContent()).to.match(/Zakończone przez\s*Pracownik Socjalny/)
    await page.getByText('Formularz pokazuje dane zapisane przy zakończeniu zadania').waitFor()

    expect(cspViolations, cspViolations.join('\n')).to.deep.equal([])
    expect(pageErrors, pageErrors.join('\n')).to.deep.equal([])
  })
})
