// Money has two decimals everywhere: a form number field with decimalDigits (every amount in złoty in the shipped
// forms) refuses a third decimal instead of rounding it, the decision draft check sends such an amount back, and
// decimalPlaces counts digits as written (numbers and Polish "155,004" alike).
import { expect } from 'chai'
import { readFileSync, readdirSync } from 'node:fs'
import { decimalPlaces } from '../../domain/decimal-places.ts'
import { validateFormSubmission } from '../../src/inbox/form-validation.ts'
import { flattenComponents, type FormSchema } from '../../src/inbox/form-schema.ts'
import { validateFormSchema } from '../../engine/embedded/form-schema.ts'
import { draftProblems } from '../../workers/handlers/check-decision-draft.ts'
import { issueTexts, messagesFor } from '../../web/i18n/index.ts'

const FORMS_DIR = new URL('../../processes/forms/', import.meta.url)
const readForm = (id: string): FormSchema => JSON.parse(readFileSync(new URL(`${id}.form`, FORMS_DIR), 'utf8')) as FormSchema

const amountForm = (decimalDigits: number): FormSchema => ({
  id: 'amount',
  components: [{ type: 'number', key: 'amount', label: 'Kwota (zł)', decimalDigits, validate: { min: 0, max: 100000 } }],
})
const pl = (result: ReturnType<typeof validateFormSubmission>) => (result.ok ? {} : issueTexts(messagesFor('pl'), result.fields))

describe('unit: money inputs (at most 2 decimals)', () => {
  it('should count the digits after the decimal point as written when given numbers and strings', () => {
    expect(decimalPlaces(155)).to.equal(0)
    expect(decimalPlaces(155.5)).to.equal(1)
    expect(decimalPlaces(155.004)).to.equal(3)
    expect(decimalPlaces(0.1 + 0.2)).to.equal(17)
    expect(decimalPlaces(1e-7)).to.equal(7)
    expect(decimalPlaces(1e21)).to.equal(0)
    expect(decimalPlaces('155,004')).to.equal(3)
    expect(decimalPlaces('155.00')).to.equal(2)
    expect(decimalPlaces('abc')).to.equal(null)
    expect(decimalPlaces(Number.NaN)).to.equal(null)
  })

  it('should refuse an amount with a third decimal, as a number or typed with a comma, when the field has decimalDigits 2', () => {
    expect(pl(validateFormSubmission(amountForm(2), { amount: 155.004 }))).to.deep.equal({ amount: 'Najwyżej 2 miejsca po przecinku' })
    expect(pl(validateFormSubmission(amountForm(2), { amount: '155,004' }))).to.deep.equal({ amount: 'Najwyżej 2 miejsca po przecinku' })
    expect(validateFormSubmission(amountForm(2), { amount: '155,00' })).to.deep.equal({ ok: true, variables: { amount: 155 } })
    expect(validateFormSubmission(amountForm(2), { amount: 155.5 })).to.deep.equal({ ok: true, variables: { amount: 155.5 } })
  })

  it('should ask for a whole number when decimalDigits is 0 and name the limit for other values', () => {
    expect(pl(validateFormSubmission(amountForm(0), { amount: 2.5 }))).to.deep.equal({ amount: 'Podaj liczbę całkowitą' })
    expect(pl(validateFormSubmission(amountForm(3), { amount: 1.2345 }))).to.deep.equal({ amount: 'Liczba cyfr po przecinku: najwyżej 3' })
  })

  it('should refuse 155.004 in the decision draft and the funeral amounts when the shipped forms are checked', () => {
    const draft = { proposedOutcome: 'grant', proposedAmount: 155.004, periodMonths: 3, justification: 'Uzasadnienie dłuższe niż dwadzieścia znaków.' }
    expect(pl(validateFormSubmission(readForm('decision-draft'), draft, { benefit: 'zasilek-okresowy' }))).to.deep.equal({ proposedAmount: 'Najwyżej 2 miejsca po przecinku' })
    const invoice = { invoiceNumber: 'FV/1/2026', invoiceAmount: 4000.005, invoicePaidOn: '2026-03-01' }
    expect(pl(validateFormSubmission(readForm('funeral-invoice'), invoice, {}, { today: '2026-03-10' }))).to.deep.include({ invoiceAmount: 'Najwyżej 2 miejsca po przecinku' })
  })

  it('should give every editable amount in złoty of the shipped forms decimalDigits 2', () => {
    const missing: string[] = []
    for (const file of readdirSync(FORMS_DIR).filter((f) => f.endsWith('.form'))) {
      for (const c of flattenComponents(readForm(file.replace(/\.form$/, '')).components)) {
        const money = c.type === 'number' && /(^|[\s(])(zł|PLN)([\s).,;:]|$)/.test(c.label ?? '')
        if (money && !c.readonly && !c.disabled && c.decimalDigits !== 2) missing.push(`${file}:${c.key}`)
      }
    }
    expect(missing).to.deep.equal([])
  })

  it('should send a draft back when its amount has more than 2 decimals, whatever the form version said', () => {
    const base = { receivedAt: '2026-03-02', benefit: 'zasilek-okresowy', proposedOutcome: 'grant', periodMonths: 3, benefitEligible: true, benefitMinimumAmount: 100, benefitMaximumAmount: 500 }
    expect(draftProblems({ ...base, proposedAmount: 155.004 })).to.deep.equal(['Kwota może mieć najwyżej 2 miejsca po przecinku (grosze).'])
    expect(draftProblems({ ...base, proposedAmount: 155.05 })).to.deep.equal([])
  })

  it('should refuse decimalDigits that are not a whole number from 0 to 10, or on a field that is not a number, when a form is deployed', () => {
    const problemsOf = (component: Record<string, unknown>) =>
      validateFormSchema('x.form', JSON.stringify({ id: 'x', components: [{ id: 'f1', key: 'a', label: 'A', ...component }] })).problems.map((p) => p.message)
    expect(problemsOf({ type: 'number', decimalDigits: 2 })).to.deep.equal([])
    expect(problemsOf({ type: 'number', decimalDigits: 1.5 })).to.have.length(1)
    expect(problemsOf({ type: 'number', decimalDigits: -1 })).to.have.length(1)
    expect(problemsOf({ type: 'textfield', decimalDigits: 2 })).to.have.length(1)
  })
})
