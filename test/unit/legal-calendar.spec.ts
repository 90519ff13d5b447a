import { expect } from 'chai'
import {
  addPeriod, addWorkingDays, computeDeadline, isWorkingDay, nextWorkingDayOnOrAfter, type DeadlineUnit,
} from '../../domain/legal-calendar.ts'

describe('legal-calendar', () => {
  describe('isWorkingDay', () => {
    it('should accept Monday to Friday and refuse weekends and holidays', () => {
      expect(isWorkingDay('2026-03-02')).to.equal(true) // Monday
      expect(isWorkingDay('2026-03-06')).to.equal(true) // Friday
      expect(isWorkingDay('2026-03-07')).to.equal(false) // Saturday
      expect(isWorkingDay('2026-03-08')).to.equal(false) // Sunday
      expect(isWorkingDay('2026-11-11')).to.equal(false) // Wednesday, Independence Day
      expect(isWorkingDay('2024-12-24')).to.equal(true) // Tuesday, not yet a holiday
      expect(isWorkingDay('2025-12-24')).to.equal(false) // Wednesday, holiday since 2025
    })
  })

  describe('nextWorkingDayOnOrAfter', () => {
    it('should keep a working day and skip days off', () => {
      expect(nextWorkingDayOnOrAfter('2026-03-04')).to.equal('2026-03-04')
      expect(nextWorkingDayOnOrAfter('2026-03-07')).to.equal('2026-03-09')
    })
  })

  describe('addPeriod in days (KPA art. 57 §2)', () => {
    it('should not count the start day', () => {
      // Monday 2 March 2026 + 14 days = Monday 16 March.
      expect(addPeriod('2026-03-02', 14, 'days')).to.equal('2026-03-16')
      expect(addPeriod('2026-03-02', 1, 'days')).to.equal('2026-03-03')
    })

    it('should count Saturdays, Sundays and holidays inside the period', () => {
      // Friday 6 March 2026 + 3 days = Monday 9 March; Wednesday 23 December + 7 days = Wednesday 30 December.
      expect(addPeriod('2026-03-06', 3, 'days')).to.equal('2026-03-09')
      expect(addPeriod('2026-12-23', 7, 'days')).to.equal('2026-12-30')
    })

    it('should move the end to Monday when it falls on a Saturday', () => {
      expect(addPeriod('2026-03-02', 5, 'days')).to.equal('2026-03-09')
    })

    it('should move the end to Monday when it falls on a Sunday', () => {
      expect(addPeriod('2026-03-02', 6, 'days')).to.equal('2026-03-09')
    })

    it('should move the end to the next day when it falls on a weekday holiday', () => {
      // Easter Monday 6 April 2026 → Tuesday 7 April.
      expect(addPeriod('2026-03-23', 14, 'days')).to.equal('2026-04-07')
      // Independence Day, Wednesday 11 November 2026 → Thursday 12 November.
      expect(addPeriod('2026-10-28', 14, 'days')).to.equal('2026-11-12')
    })

    it('should skip a holiday on Friday followed by the weekend', () => {
      // Friday 1 May 2026 (holiday), Saturday 2 May, Sunday 3 May (holiday) → Monday 4 May.
      expect(addPeriod('2026-04-17', 14, 'days')).to.equal('2026-05-04')
      // Friday 24 December 2027 (Wigilia), Saturday 25, Sunday 26 → Monday 27 December.
      expect(addPeriod('2027-12-10', 14, 'days')).to.equal('2027-12-27')
    })

    it('should skip the whole Christmas run of 2025 to Monday 29 December', () => {
      // Wednesday 24, Thursday 25, Friday 26 (holidays), Saturday 27, Sunday 28.
      expect(addPeriod('2025-12-10', 14, 'days')).to.equal('2025-12-29')
    })

    it('should leave an end on 24 December 2024 where it is (not a holiday then)', () => {
      expect(addPeriod('2024-12-10', 14, 'days')).to.equal('2024-12-24')
    })

    it('should return the start, or the next working day, for zero days', () => {
      expect(addPeriod('2026-03-04', 0, 'days')).to.equal('2026-03-04')
      expect(addPeriod('2026-03-07', 0, 'days')).to.equal('2026-03-09')
    })
  })

  describe('addPeriod in weeks (KPA art. 57 §3)', () => {
    it('should end on the same weekday', () => {
      // Wednesday 4 March 2026 + 2 weeks = Wednesday 18 March.
      expect(addPeriod('2026-03-04', 2, 'weeks')).to.equal('2026-03-18')
    })

    it('should move the end when that weekday is a holiday', () => {
      // Wednesday 28 October 2026 + 2 weeks = Wednesday 11 November (holiday) → Thursday 12 November.
      expect(addPeriod('2026-10-28', 2, 'weeks')).to.equal('2026-11-12')
    })
  })

  describe('addPeriod in months (KPA art. 57 §3)', () => {
    it('should end on the same day of the month', () => {
      expect(addPeriod('2026-03-16', 1, 'months')).to.equal('2026-04-16')
      expect(addPeriod('2026-03-16', 12, 'months')).to.equal('2027-03-16')
    })

    it('should end on 29 February when 31 January + 1 month falls in a leap year', () => {
      // 29 February 2024 is a Thursday.
      expect(addPeriod('2024-01-31', 1, 'months')).to.equal('2024-02-29')
    })

    it('should end on 28 February when 31 January + 1 month falls in a common year', () => {
      // 28 February 2025 is a Friday.
      expect(addPeriod('2025-01-31', 1, 'months')).to.equal('2025-02-28')
    })

    it('should clamp 31 March + 1 month to 30 April', () => {
      expect(addPeriod('2026-03-31', 1, 'months')).to.equal('2026-04-30')
    })

    it('should clamp 31 August 2026 + 1 month to 30 September 2026', () => {
      expect(addPeriod('2026-08-31', 1, 'months')).to.equal('2026-09-30')
    })

    it('should clamp first and then move past the weekend', () => {
      // 31 January 2026 + 1 month = Saturday 28 February → Monday 2 March.
      expect(addPeriod('2026-01-31', 1, 'months')).to.equal('2026-03-02')
    })

    it('should clamp to 28 February when 29 February + 12 months falls in a common year', () => {
      // 28 February 2025 is a Friday.
      expect(addPeriod('2024-02-29', 12, 'months')).to.equal('2025-02-28')
    })
  })

  describe('addWorkingDays', () => {
    it('should count 3 working days across Christmas 2026', () => {
      // 23 Dec = 1; 24, 25 holidays; 26 Saturday (also a holiday); 27 Sunday; 28 = 2; 29 = 3.
      expect(addWorkingDays('2026-12-22', 3)).to.equal('2026-12-29')
    })

    it('should count 2 working days across the May holidays of 2026', () => {
      // 1 May Friday holiday, 2 Saturday, 3 Sunday holiday; 4 May = 1; 5 May = 2.
      expect(addWorkingDays('2026-04-30', 2)).to.equal('2026-05-05')
    })

    it('should skip Easter Monday 2027', () => {
      // Friday 26 March; 27 Saturday; 28 Easter Sunday; 29 Easter Monday; 30 March = 1.
      expect(addWorkingDays('2027-03-26', 1)).to.equal('2027-03-30')
    })

    it('should skip New Year and the weekend after 31 December 2026', () => {
      expect(addWorkingDays('2026-12-31', 1)).to.equal('2027-01-04')
    })

    it('should count 14 working days as nearly three weeks', () => {
      // From Monday 2 March 2026: 3–6 March (4), 9–13 (9), 16–20 (14).
      expect(addWorkingDays('2026-03-02', 14)).to.equal('2026-03-20')
    })

    it('should count 14 working days over Easter 2026 (Good Friday is a working day)', () => {
      // From Monday 30 March: 31 Mar–3 Apr (4), 6 Apr Easter Monday skipped, 7–10 (8), 13–17 (13), 20 Apr (14).
      expect(addWorkingDays('2026-03-30', 14)).to.equal('2026-04-20')
    })

    it('should count 2 working days over a weekend', () => {
      // Thursday 5 March 2026: Friday 6 = 1, Monday 9 = 2.
      expect(addWorkingDays('2026-03-05', 2)).to.equal('2026-03-09')
    })

    it('should count from a start on a weekend without counting the start', () => {
      expect(addWorkingDays('2026-03-07', 1)).to.equal('2026-03-09')
    })

    it('should return the start for zero when it is a working day, else the next working day', () => {
      expect(addWorkingDays('2026-03-04', 0)).to.equal('2026-03-04')
      expect(addWorkingDays('2026-03-07', 0)).to.equal('2026-03-09')
      expect(addWorkingDays('2025-12-24', 0)).to.equal('2025-12-29')
    })

    it('should treat 24 December 2024 as a working day but not 24 December 2025', () => {
      expect(addWorkingDays('2024-12-23', 1)).to.equal('2024-12-24')
      expect(addWorkingDays('2025-12-23', 1)).to.equal('2025-12-29')
    })
  })

  describe('computeDeadline', () => {
    it('should dispatch on the unit', () => {
      expect(computeDeadline('2026-12-22', 3, 'working-days')).to.equal('2026-12-29')
      expect(computeDeadline('2026-04-17', 14, 'days')).to.equal('2026-05-04')
      expect(computeDeadline('2026-10-28', 2, 'weeks')).to.equal('2026-11-12')
      expect(computeDeadline('2026-08-31', 1, 'months')).to.equal('2026-09-30')
    })

    it('should accept the maximum amount of 3650', () => {
      // 2026-01-01 + 3650 days = Sunday 30 December 2035 → Monday 31 December.
      expect(computeDeadline('2026-01-01', 3650, 'days')).to.equal('2035-12-31')
      // + 3650 months (304 years 2 months) = Saturday 1 March 2330 → Monday 3 March.
      expect(computeDeadline('2026-01-01', 3650, 'months')).to.equal('2330-03-03')
    })

    it('should throw a RangeError for an amount that is negative, fractional, not a number or over 3650', () => {
      for (const amount of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 3651]) {
        expect(() => computeDeadline('2026-01-01', amount, 'days'), String(amount))
          .to.throw(RangeError, /amount must be a whole number from 0 to 3650/)
        expect(() => computeDeadline('2026-01-01', amount, 'working-days'), String(amount)).to.throw(RangeError)
      }
    })

    it('should throw a RangeError for an unknown unit or an invalid start', () => {
      expect(() => computeDeadline('2026-01-01', 1, 'years' as DeadlineUnit)).to.throw(RangeError, /unit/)
      expect(() => computeDeadline('2026-02-30', 1, 'days')).to.throw(RangeError)
      expect(() => computeDeadline('2026-02-30', 0, 'working-days')).to.throw(RangeError)
    })
  })
})
