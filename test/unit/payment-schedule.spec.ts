// UPS art. 106 ust. 3: cash benefits are granted and paid per calendar month from the month in which the
// complete application was filed; never for earlier months.
import { expect } from 'chai'
import { monthOf, paymentMonths, periodEndMonth, polishMonth, shiftMonth } from '../../domain/payment-schedule.ts'

describe('payment schedule (UPS art. 106 ust. 3)', () => {
  it('should pay a 3-month zasiłek okresowy from the month of the application, whatever the decision date', () => {
    expect(paymentMonths({ benefit: 'zasilek-okresowy', applicationDate: '2026-03-31', periodMonths: 3, decisionDate: '2026-04-20' })).to.deep.equal(['2026-03', '2026-04', '2026-05'])
  })

  it('should cross the year end', () => {
    expect(paymentMonths({ benefit: 'zasilek-okresowy', applicationDate: '2026-11-02', periodMonths: 3, decisionDate: '2026-11-20' })).to.deep.equal(['2026-11', '2026-12', '2027-01'])
    expect(periodEndMonth('2026-11-02', 3)).to.equal('2027-01')
  })

  it('should schedule an open-ended zasiłek stały up to the given month and extend it without repeating a month', () => {
    expect(paymentMonths({ benefit: 'zasilek-staly', applicationDate: '2026-03-02', periodMonths: null, decisionDate: '2026-03-02', throughMonth: '2026-05' })).to.deep.equal(['2026-03', '2026-04', '2026-05'])
    expect(paymentMonths({ benefit: 'zasilek-staly', applicationDate: '2026-03-02', periodMonths: null, decisionDate: '2026-03-02', throughMonth: '2026-07', scheduledThrough: '2026-05' })).to.deep.equal(['2026-06', '2026-07'])
    expect(() => paymentMonths({ benefit: 'zasilek-staly', applicationDate: '2026-03-02', periodMonths: null, decisionDate: '2026-03-02' })).to.throw(RangeError)
  })

  it('should pay zasiłek celowy once, in the month of the decision', () => {
    expect(paymentMonths({ benefit: 'zasilek-celowy', applicationDate: '2026-02-27', periodMonths: null, decisionDate: '2026-03-03' })).to.deep.equal(['2026-03'])
    expect(paymentMonths({ benefit: 'zasilek-celowy', applicationDate: '2026-02-27', periodMonths: null, decisionDate: '2026-03-03', scheduledThrough: '2026-03' })).to.deep.equal([])
  })

  it('should work with months', () => {
    expect(monthOf('2026-03-31')).to.equal('2026-03')
    expect(shiftMonth('2026-12', 1)).to.equal('2027-01')
    expect(shiftMonth('2026-01', -1)).to.equal('2025-12')
    expect(polishMonth('2026-10')).to.equal('październik 2026')
    expect(() => periodEndMonth('2026-03-02', 0)).to.throw(RangeError)
  })
})
