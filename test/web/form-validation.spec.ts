import { expect } from 'chai'
import { validateFormSubmission } from '../../src/inbox/form-validation.ts'
import type { FormSchema } from '../../src/inbox/form-schema.ts'
import { validateRegistration } from '../../src/cases/registration-input.ts'
import { APPLICANT_PESEL } from '../helpers/web-fixtures.ts'

describe('task form validation (server side)', () => {
  const form: FormSchema = {
    components: [
      { type: 'checkbox', key: 'consent', label: 'Zgoda', validate: { required: true } },
      { type: 'radio', key: 'decision', label: 'Decyzja', values: [{ label: 'Tak', value: 'yes' }, { label: 'Nie', value: 'no' }] },
      { type: 'textfield', key: 'reason', label: 'Powód', validate: { required: true }, conditional: { hide: '=decision = "yes"' } },
      { type: 'textfield', key: 'email', label: 'E-mail', validate: { validationType: 'email' } },
      { type: 'number', key: 'computed', label: 'Wyliczone', disabled: true },
      { type: 'checklist', key: 'documents', label: 'Dokumenty', values: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] },
      { type: 'group', label: 'Grupa', components: [{ type: 'number', key: 'nested', label: 'W grupie', validate: { max: 5 } }] },
    ],
  }

  it('should require a checked checkbox when the checkbox is required', () => {
    const result = validateFormSubmission(form, { decision: 'yes' })
    expect(result).to.deep.equal({ ok: false, fields: { consent: { code: 'required' } } })
  })

  it('should skip a field when its conditional.hide expression is true', () => {
    const hidden = validateFormSubmission(form, { consent: true, decision: 'yes', reason: 'ignored' })
    expect(hidden).to.deep.equal({ ok: true, variables: { consent: true, decision: 'yes' } })
    const shown = validateFormSubmission(form, { consent: true, decision: 'no' })
    expect(shown).to.deep.equal({ ok: false, fields: { reason: { code: 'required' } } })
  })

  it('should drop disabled fields and keys the form does not have when building the variables', () => {
    const result = validateFormSubmission(form, { consent: 'true', decision: 'no', reason: 'r', computed: 1000, eligible: true })
    expect(result).to.deep.equal({ ok: true, variables: { consent: true, decision: 'no', reason: 'r' } })
  })

  it('should check e-mail, checklist values and fields inside groups when they are given', () => {
    const result = validateFormSubmission(form, { consent: true, decision: 'yes', email: 'nope', documents: ['a', 'c'], nested: '6' })
    expect(result).to.deep.equal({
      ok: false,
      fields: { email: { code: 'email' }, documents: { code: 'notAllowed' }, nested: { code: 'max', params: { max: 5 } } },
    })
    const ok = validateFormSubmission(form, { consent: true, decision: 'yes', documents: 'b', nested: '4,5' })
    expect(ok).to.deep.equal({ ok: true, variables: { consent: true, decision: 'yes', documents: ['b'], nested: 4.5 } })
  })
})

describe('registration validation', () => {
  const context = { today: '2026-03-10', procedures: ['benefit-application'] }

  it('should accept amounts written with a comma or spaces when they are strings', () => {
    const result = validateRegistration({
      procedure: 'benefit-application', receivedAt: '2026-03-10', benefit: 'zasilek-staly',
      applicant: { pesel: APPLICANT_PESEL, firstName: ' Anna ', lastName: 'Nowak' },
      incomes: [{ pesel: APPLICANT_PESEL, monthlyNet: '1 200,50' }],
    }, context)
    expect(result.ok).to.equal(true)
    if (result.ok) {
      expect(result.value.incomes).to.deep.equal([{ pesel: APPLICANT_PESEL, monthlyNet: 1200.5 }])
      expect(result.value.applicant?.firstName).to.equal('Anna')
    }
  })

  it('should refuse a body that is not an object, a non-boolean urgent and too many household members', () => {
    expect(validateRegistration('x', context)).to.have.nested.property('fields._.code', 'invalidType')
    const result = validateRegistration({
      procedure: 'benefit-application', receivedAt: '2026-03-10', benefit: 'zasilek-staly', urgent: 'yes',
      applicant: { pesel: APPLICANT_PESEL, firstName: 'A', lastName: 'B' },
      household: Array.from({ length: 21 }, () => ({})),
    }, context)
    expect(result).to.deep.equal({ ok: false, fields: { urgent: { code: 'invalidType' }, household: { code: 'tooMany', params: { max: 20 } } } })
  })
})
