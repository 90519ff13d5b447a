import { expect } from 'chai'
import { blueCardDeadlines } from '../../domain/blue-card-deadlines.ts'

describe('Blue Card deadlines (working days, Dz.U. 2023 poz. 1870)', () => {
  it('should count 5 working days to the chair and 3 to the perpetrator notice across Christmas', () => {
    // Friday 18 Dec 2026: 24, 25, 26 (Sat), 27 (Sun) are not working days
    expect(blueCardDeadlines({ procedureStartedOn: '2026-12-18', perpetratorPresent: false })).to.deep.equal({
      formAToChairDueOn: '2026-12-29',
      perpetratorNoticeDueOn: '2026-12-23',
      gdpReferralDueOn: null,
      firstMeetingDueOn: null,
    })
  })

  it('should need no notice when the perpetrator was present', () => {
    expect(blueCardDeadlines({ procedureStartedOn: '2026-04-03', perpetratorPresent: true }).perpetratorNoticeDueOn).to.equal(null)
  })

  it('should count the group referral from the chair\'s receipt and the first meeting from the group\'s receipt', () => {
    const d = blueCardDeadlines({ procedureStartedOn: '2026-12-18', perpetratorPresent: true, chairReceivedOn: '2026-12-23', gdpReceivedOn: '2026-12-30' })
    expect(d.gdpReferralDueOn).to.equal('2026-12-30')
    // 31 Dec, 4, 5, 7, 8 Jan (1 and 6 January are holidays)
    expect(d.firstMeetingDueOn).to.equal('2027-01-08')
  })

  it('should count a start on a Saturday from the next working day', () => {
    // Saturday 7 Nov 2026 → 9, 10, 12, 13, 16 (11 Nov is a holiday)
    expect(blueCardDeadlines({ procedureStartedOn: '2026-11-07', perpetratorPresent: true }).formAToChairDueOn).to.equal('2026-11-16')
  })

  it('should refuse a receipt date before the procedure started or before the chair received form A', () => {
    expect(() => blueCardDeadlines({ procedureStartedOn: '2026-12-18', perpetratorPresent: true, chairReceivedOn: '2026-12-17' })).to.throw(RangeError)
    expect(() => blueCardDeadlines({ procedureStartedOn: '2026-12-18', perpetratorPresent: true, chairReceivedOn: '2026-12-22', gdpReceivedOn: '2026-12-21' })).to.throw(RangeError)
    expect(() => blueCardDeadlines({ procedureStartedOn: '2026-12-18', perpetratorPresent: true, chairReceivedOn: '22.12.2026' })).to.throw(RangeError)
  })
})
