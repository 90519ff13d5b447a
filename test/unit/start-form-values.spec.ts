// A registration against the procedure's start form (src/cases/start-form-values.ts, registration-input.ts) and the
// rule on which start-form fields may be process variables (src/cases/start-form-fields.ts,
// engine/embedded/form-schema.ts).
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { validateStartForm } from '../../src/cases/start-form-values.ts'
import { validateRegistration } from '../../src/cases/registration-input.ts'
import { processVariableProblem } from '../../src/cases/start-form-fields.ts'
import { validateFormSchema } from '../../engine/embedded/form-schema.ts'
import type { FormSchema } from '../../src/inbox/form-schema.ts'
import { APPLICANT_PESEL, CHILD_PESEL } from '../helpers/web-fixtures.ts'
import { blueCardRegistration, PERPETRATOR_PESEL } from '../helpers/start-form-fixtures.ts'

const FORMS = new URL('../../processes/forms/', import.meta.url)
const blueCard = JSON.parse(readFileSync(new URL('blue-card-start.form', FORMS), 'utf8')) as FormSchema
const context = { today: '2026-03-10', receivedAt: '2026-03-09' }
const formA = (values: Record<string, unknown> = {}) => ({ ...(blueCardRegistration().form as Record<string, unknown>), ...values })

describe('validateStartForm', () => {
  it('should take the case person from the fields marked casePerson and only marked non-personal fields as variables when form A is valid', () => {
    const result = validateStartForm(blueCard, formA(), context)
    expect(result.ok).to.equal(true)
    if (!result.ok) return
    expect(result.value.person).to.deep.equal({ pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' })
    expect(result.value.variables).to.deep.equal({ perpetratorPresent: false, perpetratorLivesWithVictim: true, childrenInHousehold: 2, childWitnessed: true, filledByInstitution: 'police' })
    expect(result.value.values).to.include({ perpetratorPesel: PERPETRATOR_PESEL, filledByName: 'asp. Piotr Kowalski, dzielnicowy' })
  })

  it('should report every bad field under form.<key> when PESELs are invalid and required fields are missing', () => {
    const result = validateStartForm(blueCard, formA({ victimPesel: '80051412345', perpetratorPesel: 'abc', perpetratorLastName: '', childrenInHousehold: 1.5 }), context)
    expect(result.ok).to.equal(false)
    if (result.ok) return
    expect(result.fields).to.deep.equal({
      'form.perpetratorLastName': { code: 'required' },
      'form.childrenInHousehold': { code: 'wholeNumber' },
      'form.victimPesel': { code: 'invalidPesel' },
      'form.perpetratorPesel': { code: 'invalidPesel' },
    })
  })

  it('should refuse a PESEL of someone born after the receipt date when the form marks the field as a PESEL', () => {
    const result = validateStartForm(blueCard, formA({ perpetratorPesel: CHILD_PESEL }), { today: '2026-03-10', receivedAt: '2010-01-04' })
    expect(result.ok).to.equal(false)
    if (!result.ok) expect(result.fields['form.perpetratorPesel']).to.deep.equal({ code: 'peselBornAfterReceipt' })
  })

  it('should answer required for the whole form when no form values are sent', () => {
    const result = validateStartForm(blueCard, undefined, context)
    expect(result).to.deep.equal({ ok: false, fields: { form: { code: 'required' } } })
  })

  it('should name nobody when the form has no casePerson fields', () => {
    const form: FormSchema = { components: [{ type: 'checkbox', key: 'agreed', label: 'Zgoda', properties: { processVariable: 'true' } }] }
    const result = validateStartForm(form, { agreed: 'true' }, context)
    expect(result).to.deep.equal({ ok: true, value: { values: { agreed: true }, person: null, variables: { agreed: true } } })
  })

  it('should store a date and time typed without an offset as the Warsaw instant when the field is a date-time', () => {
    const form: FormSchema = { components: [{ type: 'datetime', subtype: 'datetime', key: 'reportedAt', label: 'Zgłoszono', properties: { processVariable: 'true' } }] }
    const summer = validateStartForm(form, { reportedAt: '2026-07-01T08:30' }, context)
    expect(summer.ok && summer.value.variables).to.deep.equal({ reportedAt: '2026-07-01T06:30:00.000Z' })
  })

  it('should never pass free text on even when an undeployed form marks it as a process variable', () => {
    const form: FormSchema = { components: [{ type: 'textfield', key: 'address', label: 'Adres', properties: { processVariable: 'true' } }] }
    const result = validateStartForm(form, { address: 'ul. Polna 3' }, context)
    expect(result.ok && result.value.variables).to.deep.equal({})
    expect(result.ok && result.value.values).to.deep.equal({ address: 'ul. Polna 3' })
  })
})

describe('the process-variable rule of start forms', () => {
  it('should allow a checkbox, number, date, select or radio and refuse text, a PESEL and the case person when a field is marked processVariable', () => {
    const marked = { processVariable: 'true' }
    for (const type of ['checkbox', 'number', 'datetime', 'select', 'radio']) expect(processVariableProblem({ type, key: 'x', properties: marked }), type).to.equal(null)
    for (const type of ['textfield', 'textarea', 'checklist', 'taglist']) expect(processVariableProblem({ type, key: 'x', properties: marked }), type).to.be.a('string')
    expect(processVariableProblem({ type: 'select', key: 'x', properties: { ...marked, pesel: 'true' } })).to.be.a('string')
    expect(processVariableProblem({ type: 'textfield', key: 'x', properties: { casePerson: 'lastName' } })).to.equal(null)
  })

  it('should refuse to deploy a form that marks a textarea as a process variable or names an unknown casePerson part', () => {
    const checked = validateFormSchema('x.form', JSON.stringify({
      id: 'x',
      components: [
        { type: 'textarea', id: 'Field_notes', key: 'notes', properties: { processVariable: 'true' } },
        { type: 'textfield', id: 'Field_who', key: 'who', properties: { casePerson: 'surname' } },
      ],
    }))
    expect(checked.problems.map((p) => [p.elementId, p.rule])).to.deep.equal([['Field_notes', 'form-personal-data'], ['Field_who', 'form-personal-data']])
  })
})

describe('validateRegistration with a start form', () => {
  const procedures = ['blue-card', 'benefit-application']

  it('should refuse the fields of the benefit application and variables when the procedure has a start form', () => {
    const result = validateRegistration({ ...blueCardRegistration(), benefit: 'zasilek-celowy', household: [{ pesel: APPLICANT_PESEL }], variables: { caseId: 'x' } }, { today: '2026-03-10', procedures, startForm: blueCard })
    expect(result.ok).to.equal(false)
    if (!result.ok) expect(Object.keys(result.fields)).to.deep.equal(['benefit', 'household', 'variables'])
  })

  it('should refuse form values when the procedure has no start form', () => {
    const result = validateRegistration({ procedure: 'blue-card', receivedAt: '2026-03-09', applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' }, form: {} }, { today: '2026-03-10', procedures })
    expect(result.ok).to.equal(false)
    if (!result.ok) expect(result.fields).to.deep.equal({ form: { code: 'notAllowed' } })
  })

  it('should keep the structured benefit application whatever start form is passed when the procedure is the benefit application', () => {
    const result = validateRegistration({ procedure: 'benefit-application', receivedAt: '2026-03-09', benefit: 'zasilek-celowy', applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' } }, { today: '2026-03-10', procedures, startForm: blueCard })
    expect(result.ok).to.equal(true)
  })
})
