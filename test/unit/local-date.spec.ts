import { expect } from 'chai'
import {
  addDays, addMonths, compareDates, dateParts, dayOfWeek, daysInMonth, makeIsoDate, parseIsoDate, toIsoDate,
} from '../../domain/local-date.ts'

describe('local-date', () => {
  describe('parseIsoDate', () => {
    it('should return the string for a real YYYY-MM-DD date', () => {
      expect(parseIsoDate('2026-05-04')).to.equal('2026-05-04')
      expect(parseIsoDate('0001-01-01')).to.equal('0001-01-01')
      expect(parseIsoDate('9999-12-31')).to.equal('9999-12-31')
    })

    it('should accept 29 February only in leap years', () => {
      expect(parseIsoDate('2024-02-29')).to.equal('2024-02-29')
      expect(parseIsoDate('2000-02-29')).to.equal('2000-02-29')
      expect(parseIsoDate('2026-02-29')).to.equal(null)
      expect(parseIsoDate('1900-02-29')).to.equal(null)
    })

    it('should return null for days that do not exist', () => {
      for (const s of ['2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32', '0000-01-01']) {
        expect(parseIsoDate(s), s).to.equal(null)
      }
    })

    it('should return null for other formats and non-strings', () => {
      for (const s of ['2026-2-3', '26-02-03', '2026/02/03', '03.02.2026', '2026-02-03T00:00', ' 2026-02-03', '2026-02-03 ', '', '２０２６-02-03']) {
        expect(parseIsoDate(s), s).to.equal(null)
      }
      expect(parseIsoDate(20260203)).to.equal(null)
      expect(parseIsoDate(undefined)).to.equal(null)
      expect(parseIsoDate(new Date())).to.equal(null)
    })
  })

  describe('makeIsoDate and dateParts', () => {
    it('should pad the parts', () => {
      expect(makeIsoDate(2026, 1, 6)).to.equal('2026-01-06')
      expect(makeIsoDate(33, 4, 5)).to.equal('0033-04-05')
    })

    it('should throw a RangeError for a day that does not exist', () => {
      expect(() => makeIsoDate(2026, 2, 29)).to.throw(RangeError)
      expect(() => makeIsoDate(2026, 1, 1.5)).to.throw(RangeError)
    })

    it('should split a date into numbers and reject an invalid one', () => {
      expect(dateParts('2026-12-24')).to.deep.equal({ year: 2026, month: 12, day: 24 })
      expect(() => dateParts('2026-12-32')).to.throw(RangeError, /2026-12-32/)
    })
  })

  describe('daysInMonth', () => {
    it('should know the length of every month, with leap-year February', () => {
      expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m)))
        .to.deep.equal([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
      expect(daysInMonth(2024, 2)).to.equal(29)
      expect(daysInMonth(2100, 2)).to.equal(28)
    })
  })

  describe('addDays', () => {
    it('should cross month and year ends', () => {
      expect(addDays('2026-01-31', 1)).to.equal('2026-02-01')
      expect(addDays('2026-12-31', 1)).to.equal('2027-01-01')
      expect(addDays('2024-02-28', 1)).to.equal('2024-02-29')
      expect(addDays('2026-02-28', 1)).to.equal('2026-03-01')
    })

    it('should go back for a negative number and stay for zero', () => {
      expect(addDays('2026-03-01', -1)).to.equal('2026-02-28')
      expect(addDays('2026-03-01', 0)).to.equal('2026-03-01')
    })

    it('should not drift across daylight-saving changes', () => {
      expect(addDays('2026-03-28', 1)).to.equal('2026-03-29')
      expect(addDays('2026-03-29', 1)).to.equal('2026-03-30')
      expect(addDays('2026-10-24', 2)).to.equal('2026-10-26')
      expect(addDays('2026-01-01', 365)).to.equal('2027-01-01')
    })

    it('should throw a RangeError for an invalid date or a fractional count', () => {
      expect(() => addDays('2026-02-30', 1)).to.throw(RangeError)
      expect(() => addDays('2026-02-01', 0.5)).to.throw(RangeError)
    })
  })

  describe('addMonths', () => {
    it('should keep the day of the month or clamp to the last day', () => {
      expect(addMonths('2026-01-15', 1)).to.equal('2026-02-15')
      expect(addMonths('2026-01-31', 1)).to.equal('2026-02-28')
      expect(addMonths('2024-01-31', 1)).to.equal('2024-02-29')
      expect(addMonths('2026-03-31', -1)).to.equal('2026-02-28')
      expect(addMonths('2026-11-30', 13)).to.equal('2027-12-30')
      expect(addMonths('2026-01-10', -13)).to.equal('2024-12-10')
    })
  })

  describe('dayOfWeek', () => {
    it('should return 0 for Sunday up to 6 for Saturday', () => {
      expect(dayOfWeek('2026-01-04')).to.equal(0)
      expect(dayOfWeek('2026-01-05')).to.equal(1)
      expect(dayOfWeek('2026-01-01')).to.equal(4)
      expect(dayOfWeek('2024-02-29')).to.equal(4)
      expect(dayOfWeek('2025-12-24')).to.equal(3)
      expect(dayOfWeek('2026-01-03')).to.equal(6)
      expect(dayOfWeek('1969-12-31')).to.equal(3)
    })
  })

  describe('compareDates', () => {
    it('should order dates and sort a list', () => {
      expect(compareDates('2026-01-01', '2026-01-02')).to.be.lessThan(0)
      expect(compareDates('2026-01-02', '2026-01-01')).to.be.greaterThan(0)
      expect(compareDates('2026-01-01', '2026-01-01')).to.equal(0)
      expect(['2027-01-01', '2025-12-31', '2026-06-01'].sort(compareDates))
        .to.deep.equal(['2025-12-31', '2026-06-01', '2027-01-01'])
    })
  })

  describe('toIsoDate', () => {
    it('should give the Warsaw calendar date of an instant in winter (UTC+1)', () => {
      expect(toIsoDate(new Date('2026-01-31T22:59:59Z'))).to.equal('2026-01-31')
      expect(toIsoDate(new Date('2026-01-31T23:00:00Z'))).to.equal('2026-02-01')
    })

    it('should give the Warsaw calendar date of an instant in summer (UTC+2)', () => {
      expect(toIsoDate(new Date('2026-06-30T21:59:59Z'))).to.equal('2026-06-30')
      expect(toIsoDate(new Date('2026-06-30T22:00:00Z'))).to.equal('2026-07-01')
    })

    it('should use another time zone when asked', () => {
      expect(toIsoDate(new Date('2026-06-30T22:00:00Z'), 'UTC')).to.equal('2026-06-30')
      expect(toIsoDate(new Date('2026-07-01T02:00:00Z'), 'America/New_York')).to.equal('2026-06-30')
    })

    it('should throw a RangeError for an invalid Date', () => {
      expect(() => toIsoDate(new Date('nonsense'))).to.throw(RangeError)
    })
  })
})
