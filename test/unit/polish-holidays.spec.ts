import { expect } from 'chai'
import { easterSunday, isPublicHoliday, publicHolidays } from '../../domain/polish-holidays.ts'

const datesOf = (year: number): string[] => publicHolidays(year).map((h) => h.date)

describe('polish-holidays', () => {
  describe('easterSunday', () => {
    it('should compute Easter Sunday for known years', () => {
      expect(easterSunday(1990)).to.equal('1990-04-15')
      expect(easterSunday(2000)).to.equal('2000-04-23')
      expect(easterSunday(2011)).to.equal('2011-04-24')
      expect(easterSunday(2019)).to.equal('2019-04-21')
      expect(easterSunday(2024)).to.equal('2024-03-31')
      expect(easterSunday(2025)).to.equal('2025-04-20')
      expect(easterSunday(2026)).to.equal('2026-04-05')
      expect(easterSunday(2027)).to.equal('2027-03-28')
      expect(easterSunday(2038)).to.equal('2038-04-25')
    })
  })

  describe('publicHolidays', () => {
    it('should list the 13 holidays of 2024 (no Christmas Eve yet)', () => {
      expect(datesOf(2024)).to.deep.equal([
        '2024-01-01', '2024-01-06', '2024-03-31', '2024-04-01', '2024-05-01', '2024-05-03', '2024-05-19',
        '2024-05-30', '2024-08-15', '2024-11-01', '2024-11-11', '2024-12-25', '2024-12-26',
      ])
    })

    it('should list the 14 holidays of 2025 with Christmas Eve', () => {
      // Movable dates per domain.md §8: 20–21 Apr, 8 Jun, 19 Jun.
      expect(datesOf(2025)).to.deep.equal([
        '2025-01-01', '2025-01-06', '2025-04-20', '2025-04-21', '2025-05-01', '2025-05-03', '2025-06-08',
        '2025-06-19', '2025-08-15', '2025-11-01', '2025-11-11', '2025-12-24', '2025-12-25', '2025-12-26',
      ])
    })

    it('should list the 14 holidays of 2026 (as date-holidays, toolchain-notes §6)', () => {
      expect(datesOf(2026)).to.deep.equal([
        '2026-01-01', '2026-01-06', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-03', '2026-05-24',
        '2026-06-04', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-24', '2026-12-25', '2026-12-26',
      ])
    })

    it('should list the 14 holidays of 2027 (as date-holidays, toolchain-notes §6)', () => {
      expect(datesOf(2027)).to.deep.equal([
        '2027-01-01', '2027-01-06', '2027-03-28', '2027-03-29', '2027-05-01', '2027-05-03', '2027-05-16',
        '2027-05-27', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-24', '2027-12-25', '2027-12-26',
      ])
    })

    it('should give each holiday its Polish name', () => {
      expect(publicHolidays(2026)).to.deep.include({ date: '2026-06-04', name: 'Dzień Bożego Ciała' })
      expect(publicHolidays(2026)).to.deep.include({ date: '2026-05-24', name: 'Pierwszy dzień Zielonych Świątek' })
      expect(publicHolidays(2026)).to.deep.include({ date: '2026-12-24', name: 'Wigilia Bożego Narodzenia' })
      expect(publicHolidays(2026)).to.deep.include({ date: '2026-01-06', name: 'Święto Trzech Króli' })
    })

    it('should place Pentecost on Easter + 49 days and Corpus Christi on Easter + 60 days, a Thursday', () => {
      // 1990: Easter 15 Apr → Pentecost 3 Jun, Corpus Christi 14 Jun.
      expect(datesOf(1990)).to.include.members(['1990-06-03', '1990-06-14'])
    })

    it('should have 12 holidays before 2011 (no 6 January, no 24 December)', () => {
      expect(publicHolidays(1990)).to.have.length(12)
      expect(publicHolidays(2010)).to.have.length(12)
      expect(publicHolidays(2011)).to.have.length(13)
    })

    it('should not let a caller change the cached list', () => {
      const list = publicHolidays(2026)
      list.pop()
      expect(publicHolidays(2026)).to.have.length(14)
      expect(() => { (publicHolidays(2026)[0] as { name: string }).name = 'x' }).to.throw(TypeError)
    })

    it('should throw a RangeError for years before 1990', () => {
      expect(() => publicHolidays(1989)).to.throw(RangeError, /1990/)
      expect(() => publicHolidays(2026.5)).to.throw(RangeError)
    })
  })

  describe('isPublicHoliday', () => {
    it('should treat 24 December as a working day in 2024 and a holiday from 2025', () => {
      expect(isPublicHoliday('2024-12-24')).to.equal(false)
      expect(isPublicHoliday('2025-12-24')).to.equal(true)
    })

    it('should treat 6 January as a working day in 2010 and a holiday from 2011', () => {
      expect(isPublicHoliday('2010-01-06')).to.equal(false)
      expect(isPublicHoliday('2011-01-06')).to.equal(true)
    })

    it('should not count Good Friday, 2 May, ordinary Sundays or New Year\'s Eve', () => {
      expect(isPublicHoliday('2026-04-03')).to.equal(false)
      expect(isPublicHoliday('2026-05-02')).to.equal(false)
      expect(isPublicHoliday('2026-03-08')).to.equal(false)
      expect(isPublicHoliday('2026-12-31')).to.equal(false)
    })

    it('should find Easter Monday and Corpus Christi', () => {
      expect(isPublicHoliday('2026-04-06')).to.equal(true)
      expect(isPublicHoliday('2026-06-04')).to.equal(true)
    })

    it('should throw a RangeError for an invalid date', () => {
      expect(() => isPublicHoliday('2026-02-30')).to.throw(RangeError)
    })
  })
})
