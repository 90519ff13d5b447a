import { expect } from 'chai'
import { readFileSync, readdirSync } from 'node:fs'
import { checkDateBounds, isDateBound, resolveDateBound } from '../../domain/date-bounds.ts'
import { validateFormSubmission } from '../../src/inbox/form-validation.ts'
import { validateFormSchema } from '../../engine/embedded/form-schema.ts'
import { flattenComponents, type FormSchema } from '../../src/inbox/form-schema.ts'
import { issueText, issueTexts, messagesFor } from '../../web/i18n/index.ts'

const FORMS_DIR = new URL('../../processes/forms/', import.meta.url)

function readForm(id: string): FormSchema {
  return JSON.parse(readFileSync(new URL(`${id}.form`, FORMS_DIR), 'utf8')) as FormSchema
}

const dated = (properties: Record<string, string>, subtype = 'date'): FormSchema => ({
  id: 'dated',
  components: [{ type: 'datetime', id: 'f1', key: 'doneOn', label: 'Data', subtype, properties, validate: { required: true } }],
})

describe('unit: date bounds of form fields (notBefore / notAfter)', () => {
  describe('checkDateBounds', () => {
    it('should resolve yesterday, today, tomorrow and a fixed date when given today', () => {
      expect(resolveDateBound('yesterday', '2026-03-01')).to.equal('2026-02-28')
      expect(resolveDateBound('today', '2026-03-01')).to.equal('2026-03-01')
      expect(resolveDateBound('tomorrow', '2026-12-31')).to.equal('2027-01-01')
      expect(resolveDateBound('2024-02-29', '2026-03-01')).to.equal('2024-02-29')
      expect(resolveDateBound('next week', '2026-03-01')).to.equal(null)
      expect(isDateBound('today')).to.equal(true)
      expect(isDateBound('2026-02-30')).to.equal(false)
    })

    it('should report a future date as futureDate when the bound is notAfter today', () => {
      expect(checkDateBounds('2026-03-11', { notAfter: 'today' }, '2026-03-10')).to.deep.equal({ code: 'futureDate' })
      expect(checkDateBounds('2026-03-10', { notAfter: 'today' }, '2026-03-10')).to.equal(null)
    })

    it('should report the first accepted date when the bound is notBefore tomorrow or a fixed date', () => {
      expect(checkDateBounds('2026-03-10', { notBefore: 'tomorrow' }, '2026-03-10')).to.deep.equal({ code: 'minDate', params: { min: '2026-03-11' } })
      expect(checkDateBounds('2026-03-11', { notBefore: 'tomorrow' }, '2026-03-10')).to.equal(null)
      expect(checkDateBounds('2026-03-09', { notBefore: 'today' }, '2026-03-10')).to.deep.equal({ code: 'inPast' })
      expect(checkDateBounds('2021-12-31', { notBefore: '2022-01-01' }, undefined)).to.deep.equal({ code: 'minDate', params: { min: '2022-01-01' } })
      expect(checkDateBounds('2030-01-01', { notAfter: '2029-12-31' }, undefined)).to.deep.equal({ code: 'maxDate', params: { max: '2029-12-31' } })
    })

    it('should skip relative bounds when no today is given', () => {
      expect(checkDateBounds('2030-01-01', { notAfter: 'today' }, undefined)).to.equal(null)
    })
  })

  describe('validateFormSubmission', () => {
    it('should refuse a date after today when the field has notAfter today', () => {
      const result = validateFormSubmission(dated({ notAfter: 'today' }), { doneOn: '2026-03-11' }, {}, { today: '2026-03-10' })
      expect(result).to.deep.equal({ ok: false, fields: { doneOn: { code: 'futureDate' } } })
      expect(validateFormSubmission(dated({ notAfter: 'today' }), { doneOn: '2026-03-10' }, {}, { today: '2026-03-10' }).ok).to.equal(true)
    })

    it('should compare the Warsaw date of a date-time value when the field is a datetime', () => {
      const form = dated({ notAfter: 'today' }, 'datetime')
      // 23:30 UTC on 10 March is already 11 March in Warsaw
      expect(validateFormSubmission(form, { doneOn: '2026-03-10T23:30:00Z' }, {}, { today: '2026-03-10' }).ok).to.equal(false)
      expect(validateFormSubmission(form, { doneOn: '2026-03-10T22:30:00Z' }, {}, { today: '2026-03-10' }).ok).to.equal(true)
    })

    it('should refuse a future interview date in the family interview form when today is given', () => {
      const form = readForm('family-interview')
      const values = { interviewDate: '2030-01-01', assistanceReason: 'poverty', householdSizeConfirmed: 2, situationDescription: 'Rodzina bez dochodu', cooperates: true }
      const result = validateFormSubmission(form, values, {}, { today: '2026-11-22' })
      expect(result.ok).to.equal(false)
      if (result.ok) return
      expect(issueTexts(messagesFor('pl'), result.fields)).to.deep.equal({ interviewDate: 'Data nie może być z przyszłości' })
      expect(validateFormSubmission(form, { ...values, interviewDate: '2026-11-22' }, {}, { today: '2026-11-22' }).ok).to.equal(true)
    })

    it('should refuse a new art. 36 deadline that is not in the future when the form is checked', () => {
      const form = readForm('art36-notice')
      const values = { noticeSentAt: '2026-11-22', newDeadline: '2026-11-22', delayReason: 'documents' }
      const result = validateFormSubmission(form, values, {}, { today: '2026-11-22' })
      expect(result.ok).to.equal(false)
      if (result.ok) return
      expect(issueTexts(messagesFor('pl'), result.fields)).to.deep.equal({ newDeadline: 'Data nie może być wcześniejsza niż 23.11.2026' })
      const future = validateFormSubmission(form, { ...values, noticeSentAt: '2026-11-23', newDeadline: '2026-12-01' }, {}, { today: '2026-11-22' })
      expect(future.ok).to.equal(false)
      if (!future.ok) expect(future.fields).to.deep.equal({ noticeSentAt: { code: 'futureDate' } })
    })
  })

  describe('bounds naming another date (=variable)', () => {
    const ordered: FormSchema = {
      id: 'ordered',
      components: [
        { type: 'datetime', id: 'f1', key: 'sentOn', label: 'Data wysłania', subtype: 'date', validate: { required: true } },
        { type: 'datetime', id: 'f2', key: 'receivedOn', label: 'Data otrzymania', subtype: 'date', properties: { notBefore: '=sentOn' }, validate: { required: true } },
        { type: 'datetime', id: 'f3', key: 'doneOn', label: 'Data wykonania', subtype: 'date', properties: { notBefore: '=receivedAt', notBeforeLabel: 'data wpływu wniosku', notAfter: 'today' } },
      ],
    }
    const pl = (result: ReturnType<typeof validateFormSubmission>) => (result.ok ? {} : issueTexts(messagesFor('pl'), result.fields))

    it('should refuse a date before a process variable, naming it by its label and date, when the field says notBefore =variable', () => {
      const result = validateFormSubmission(ordered, { sentOn: '2026-03-02', receivedOn: '2026-03-03', doneOn: '2026-02-27' }, { receivedAt: '2026-03-01' }, { today: '2026-03-10' })
      expect(pl(result)).to.deep.equal({ doneOn: 'Data nie może być wcześniejsza niż data wpływu wniosku (01.03.2026)' })
      expect(validateFormSubmission(ordered, { sentOn: '2026-03-02', receivedOn: '2026-03-03', doneOn: '2026-03-01' }, { receivedAt: '2026-03-01' }, { today: '2026-03-10' }).ok).to.equal(true)
    })

    it('should refuse a date before another field of the same form, naming that field by its label', () => {
      const result = validateFormSubmission(ordered, { sentOn: '2026-03-05', receivedOn: '2026-03-04' }, {}, { today: '2026-03-10' })
      expect(pl(result)).to.deep.equal({ receivedOn: 'Data nie może być wcześniejsza niż data wysłania (05.03.2026)' })
    })

    it('should read the Warsaw date of a date-time variable and skip a bound whose variable is missing or not a date', () => {
      // 23:30 UTC on 1 March is 2 March in Warsaw
      const late = validateFormSubmission(ordered, { sentOn: '2026-03-02', receivedOn: '2026-03-02', doneOn: '2026-03-01' }, { receivedAt: '2026-03-01T23:30:00Z' }, { today: '2026-03-10' })
      expect(pl(late)).to.deep.equal({ doneOn: 'Data nie może być wcześniejsza niż data wpływu wniosku (02.03.2026)' })
      expect(validateFormSubmission(ordered, { sentOn: '2026-03-02', receivedOn: '2026-03-02', doneOn: '2020-01-01' }, {}, { today: '2026-03-10' }).ok).to.equal(true)
      expect(validateFormSubmission(ordered, { sentOn: '2026-03-02', receivedOn: '2026-03-02', doneOn: '2020-01-01' }, { receivedAt: 'dawno' }, { today: '2026-03-10' }).ok).to.equal(true)
    })

    it('should keep the other checks of the field first when it also breaks them', () => {
      const result = validateFormSubmission(ordered, { sentOn: '2026-03-02', receivedOn: '2026-03-02', doneOn: '2026-03-11' }, { receivedAt: '2026-03-05' }, { today: '2026-03-10' })
      expect(pl(result)).to.deep.equal({ doneOn: 'Data nie może być z przyszłości' })
    })

    it('should refuse an interview dated before the receipt and a Blue Card receipt before the forwarding when the shipped forms are checked', () => {
      const interview = { interviewDate: '2026-02-27', assistanceReason: 'poverty', householdSizeConfirmed: 2, situationDescription: 'Rodzina bez dochodu', cooperates: true }
      expect(pl(validateFormSubmission(readForm('family-interview'), interview, { receivedAt: '2026-03-02' }, { today: '2026-03-10' })))
        .to.deep.equal({ interviewDate: 'Data nie może być wcześniejsza niż data wpływu wniosku (02.03.2026)' })
      const formA = { formBHandedOver: true, formAForwardedOn: '2026-03-05', chairReceivedOn: '2026-03-04' }
      expect(pl(validateFormSubmission(readForm('blue-card-form-a'), formA, { receivedAt: '2026-03-02' }, { today: '2026-03-10' })))
        .to.deep.equal({ chairReceivedOn: 'Data nie może być wcześniejsza niż data przekazania formularza A przewodniczącemu zespołu interdyscyplinarnego (05.03.2026)' })
      expect(pl(validateFormSubmission(readForm('blue-card-gdp-referral'), { gdpReceivedOn: '2026-03-04', gdpComposition: ['police'] }, { chairReceivedOn: '2026-03-05' }, { today: '2026-03-10' })))
        .to.deep.equal({ gdpReceivedOn: 'Data nie może być wcześniejsza niż data otrzymania formularza A przez przewodniczącego (05.03.2026)' })
      expect(pl(validateFormSubmission(readForm('appeal-registration'), { appealFiledAt: '2026-03-04' }, { deliveredAt: '2026-03-05' }, { today: '2026-03-10' })))
        .to.deep.equal({ appealFiledAt: 'Data nie może być wcześniejsza niż data doręczenia decyzji (05.03.2026)' })
    })

    it('should accept =variable bounds with labels and refuse a bad variable name or label when a form is deployed', () => {
      const problemsOf = (properties: Record<string, unknown>) =>
        validateFormSchema('x.form', JSON.stringify({ id: 'x', components: [{ type: 'datetime', subtype: 'date', id: 'f1', key: 'd', label: 'D', properties }] })).problems.map((p) => p.message)
      expect(problemsOf({ notBefore: '=receivedAt', notBeforeLabel: 'data wpływu', notAfter: 'today' })).to.deep.equal([])
      expect(problemsOf({ notBefore: '=received At' })).to.have.length(1)
      expect(problemsOf({ notBefore: '=1st' })).to.have.length(1)
      expect(problemsOf({ notBefore: '=receivedAt', notBeforeLabel: 'x'.repeat(201) })).to.have.length(1)
    })
  })

  describe('the forms of the procedures', () => {
    // Dates that record something done when the task is completed; the others may lie ahead.
    const mayBeAhead = new Set(['funeralDate', 'shelterFrom', 'newDeadline', 'expectedDueDate'])
    // A registration's dates may be bounded by its receipt date instead, itself never after today.
    const pastBounds = new Set(['today', '=receivedAt'])

    it('should bound every date of a past event by today when a form of processes/forms records one', () => {
      const unbounded: string[] = []
      for (const file of readdirSync(FORMS_DIR).filter((f) => f.endsWith('.form'))) {
        const form = readForm(file.replace(/\.form$/, ''))
        for (const c of flattenComponents(form.components)) {
          if (c.type !== 'datetime' || !c.key || mayBeAhead.has(c.key)) continue
          if (!pastBounds.has(String(c.properties?.notAfter))) unbounded.push(`${file}:${c.key}`)
        }
      }
      expect(unbounded).to.deep.equal([])
    })

    it('should pass the deployment checks when the forms use date bounds', () => {
      for (const file of readdirSync(FORMS_DIR).filter((f) => f.endsWith('.form'))) {
        const checked = validateFormSchema(file, readFileSync(new URL(file, FORMS_DIR), 'utf8'))
        expect(checked.problems, file).to.deep.equal([])
      }
    })
  })

  describe('deployment checks', () => {
    const problemsOf = (component: Record<string, unknown>) =>
      validateFormSchema('x.form', JSON.stringify({ id: 'x', components: [{ id: 'f1', key: 'd', label: 'D', ...component }] })).problems.map((p) => p.message)

    it('should refuse a bound that is not understood when a date field has one', () => {
      expect(problemsOf({ type: 'datetime', subtype: 'date', properties: { notAfter: 'now' } })).to.have.length(1)
      expect(problemsOf({ type: 'datetime', subtype: 'date', properties: { notAfter: 'today', notBefore: '2022-01-01' } })).to.deep.equal([])
    })

    it('should refuse bounds that leave no date and bounds on fields that are not dates when a form has them', () => {
      expect(problemsOf({ type: 'datetime', subtype: 'date', properties: { notBefore: 'tomorrow', notAfter: 'today' } })[0]).to.match(/No date can be entered/)
      expect(problemsOf({ type: 'textfield', properties: { notAfter: 'today' } })[0]).to.match(/date fields only/)
      expect(problemsOf({ type: 'datetime', subtype: 'time', properties: { notAfter: 'today' } })[0]).to.match(/date fields only/)
      expect(problemsOf({ type: 'textfield', properties: { anything: 'else' } })).to.deep.equal([])
    })
  })

  describe('messages', () => {
    it('should show a date limit as DD.MM.YYYY when a min or max message names a date', () => {
      expect(issueText(messagesFor('pl'), { code: 'min', params: { min: '2020-02-03' } })).to.equal('Wartość nie może być mniejsza niż 03.02.2020')
      expect(issueText(messagesFor('en'), { code: 'maxDate', params: { max: '2026-03-24' } })).to.equal('The date may not be after 24.03.2026')
      expect(issueText(messagesFor('pl'), { code: 'min', params: { min: 1 } })).to.equal('Wartość nie może być mniejsza niż 1')
    })
  })
})
