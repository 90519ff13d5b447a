import { expect } from 'chai'
import { validateRegistration } from '../../src/cases/registration-input.ts'
import { firstCoveredDate } from '../../domain/benefit-parameters.ts'
import { checkArt36Values } from '../../src/sla/art36-task.ts'
import { ServiceError } from '../../src/cases/service-error.ts'
import { issueTexts, messagesFor } from '../../web/i18n/index.ts'
import { pesel } from '../helpers/web-fixtures.ts'

const context = { today: '2026-11-22', procedures: ['benefit-application', 'crisis-intervention'] }
const ADULT = pesel('1980-05-14', 1234)

function application(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    procedure: 'benefit-application',
    receivedAt: '2026-11-20',
    benefit: 'zasilek-okresowy',
    applicant: { pesel: ADULT, firstName: 'Anna', lastName: 'Nowak' },
    ...overrides,
  }
}

function fieldsOf(body: Record<string, unknown>): Record<string, string> {
  const result = validateRegistration(body, context)
  return result.ok ? {} : issueTexts(messagesFor('pl'), result.fields)
}

describe('unit: dates in a registration and in the art. 36 notice', () => {
  describe('receivedAt of a benefit application', () => {
    it('should refuse a receipt date before the first day of the legal values when the benefit is applied for', () => {
      expect(firstCoveredDate()).to.equal('2022-01-01')
      expect(fieldsOf(application({ receivedAt: '2020-01-01' }))).to.deep.equal({
        receivedAt: 'Data nie może być wcześniejsza niż 01.01.2022: od tego dnia system zna parametry prawne świadczeń (kryteria dochodowe i kwoty)',
      })
      expect(fieldsOf(application({ receivedAt: '2021-12-31' }))).to.have.key('receivedAt')
    })

    it('should accept the first day of the legal values when the application was received on it', () => {
      expect(validateRegistration(application({ receivedAt: '2022-01-01' }), context).ok).to.equal(true)
    })

    it('should not apply the benefit limit when the procedure is another one', () => {
      const crisis = { procedure: 'crisis-intervention', receivedAt: '2020-01-01', applicant: { pesel: ADULT, firstName: 'Anna', lastName: 'Nowak' } }
      expect(validateRegistration(crisis, context).ok).to.equal(true)
    })
  })

  describe('birth dates in PESEL numbers', () => {
    it('should refuse the applicant’s PESEL when it gives a birth date in the future', () => {
      // 30210100018: born 1 January 2030
      expect(fieldsOf(application({ applicant: { pesel: '30210100018', firstName: 'Anna', lastName: 'Nowak' } }))).to.deep.equal({
        'applicant.pesel': 'Według numeru PESEL data urodzenia jest późniejsza niż data wpływu wniosku',
      })
    })

    it('should refuse a household member born after the receipt date when the PESEL says so', () => {
      const baby = pesel('2026-11-21', 4321)
      const body = application({ household: [{ pesel: baby, firstName: 'Ola', lastName: 'Nowak' }] })
      expect(fieldsOf(body)).to.deep.equal({ 'household[0].pesel': 'Według numeru PESEL data urodzenia jest późniejsza niż data wpływu wniosku' })
      expect(validateRegistration({ ...body, receivedAt: '2026-11-21' }, context).ok).to.equal(true)
    })

    it('should compare with today when the receipt date is itself refused', () => {
      const body = application({ receivedAt: '2026-13-01', applicant: { pesel: '30210100018', firstName: 'Anna', lastName: 'Nowak' } })
      expect(fieldsOf(body)).to.deep.equal({
        receivedAt: 'Nieprawidłowa data (RRRR-MM-DD)',
        'applicant.pesel': 'Według numeru PESEL data urodzenia jest w przyszłości',
      })
    })
  })

  describe('checkArt36Values', () => {
    const task = { variables: { caseDeadlineDate: '2020-02-03' } }
    const refusal = (values: Record<string, unknown>, today: string, t = task): Record<string, string> | null => {
      try {
        checkArt36Values(t, values, today)
        return null
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err
        return issueTexts(messagesFor('pl'), err.fields)
      }
    }

    it('should refuse a new deadline that has already passed when it is after the old one', () => {
      expect(refusal({ noticeSentAt: '2026-11-20', newDeadline: '2025-01-01' }, '2026-11-22')).to.deep.equal({
        newDeadline: 'Data nie może być wcześniejsza niż 23.11.2026',
      })
      expect(refusal({ noticeSentAt: '2026-11-20', newDeadline: '2026-11-22' }, '2026-11-22')).to.have.key('newDeadline')
      expect(refusal({ noticeSentAt: '2026-11-20', newDeadline: '2026-11-23' }, '2026-11-22')).to.equal(null)
    })

    it('should name the day after the current deadline when that deadline is still ahead', () => {
      const ahead = { variables: { caseDeadlineDate: '2026-12-01' } }
      expect(refusal({ noticeSentAt: '2026-11-20', newDeadline: '2026-12-01' }, '2026-11-22', ahead)).to.deep.equal({
        newDeadline: 'Data nie może być wcześniejsza niż 02.12.2026',
      })
      expect(refusal({ noticeSentAt: '2026-11-20', newDeadline: '2026-12-02' }, '2026-11-22', ahead)).to.equal(null)
    })
  })
})
