import { expect } from 'chai'
import { crisisSchedule, shelterEndsOn } from '../../domain/crisis-intervention.ts'
import { checkFamilyAssistantCaseload } from '../../domain/family-assistant-caseload.ts'
import { zaZyciemReplyDueOn } from '../../domain/za-zyciem.ts'

describe('crisis intervention rules (UPS art. 47)', () => {
  it('should make the triage due 4 hours after the report and give the follow-up interval', () => {
    const s = crisisSchedule(new Date('2026-03-06T22:30:00Z'))
    expect(s.triageDueAt.toISOString()).to.equal('2026-03-07T02:30:00.000Z')
    expect(s).to.include({ triageHours: 4, followUpInterval: 'P14D', shelterMaxMonths: 3 })
  })

  it('should end a shelter stay at most 3 calendar months after it began', () => {
    expect(shelterEndsOn('2026-03-09')).to.equal('2026-06-09')
    expect(shelterEndsOn('2026-11-30')).to.equal('2027-02-28')
    expect(shelterEndsOn('2026-11-30', 1)).to.equal('2026-12-30')
    expect(() => shelterEndsOn('2026-02-30')).to.throw(RangeError)
  })
})

describe('family assistant caseload (UWR art. 15(4))', () => {
  it('should allow a 15th family and refuse a 16th', () => {
    expect(checkFamilyAssistantCaseload(14, '2026-03-02')).to.include({ cap: 15, allowed: true })
    expect(checkFamilyAssistantCaseload(15, '2026-03-02')).to.include({ cap: 15, allowed: false })
  })

  it('should apply the old cap of 20 before the change (date UNCONFIRMED)', () => {
    expect(checkFamilyAssistantCaseload(19, '2013-06-01')).to.include({ cap: 20, allowed: true })
  })

  it('should refuse a count that is not a whole number', () => {
    expect(() => checkFamilyAssistantCaseload(-1, '2026-03-02')).to.throw(RangeError)
    expect(() => checkFamilyAssistantCaseload(1.5, '2026-03-02')).to.throw(RangeError)
  })
})

describe('"Za życiem" reply deadline (local practice)', () => {
  it('should be 14 days after receipt, moved off weekends and holidays', () => {
    expect(zaZyciemReplyDueOn('2026-03-02')).to.equal('2026-03-16')
    expect(zaZyciemReplyDueOn('2026-10-28')).to.equal('2026-11-12')
    expect(zaZyciemReplyDueOn('2026-04-04')).to.equal('2026-04-20')
  })
})
