import { expect } from 'chai'
import { parseDeadlineQuery } from '../../domain/deadline-query.ts'

function messageOf(query: Record<string, unknown>): string {
  const result = parseDeadlineQuery(query)
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`)
  return result.message
}

describe('parseDeadlineQuery', () => {
  it('should return the typed query for valid strings', () => {
    expect(parseDeadlineQuery({ start: '2026-12-22', amount: '3', unit: 'working-days' }))
      .to.deep.equal({ ok: true, value: { start: '2026-12-22', amount: 3, unit: 'working-days' } })
  })

  it('should accept every unit, zero and the maximum amount', () => {
    for (const unit of ['days', 'working-days', 'weeks', 'months']) {
      expect(parseDeadlineQuery({ start: '2026-01-01', amount: '0', unit }).ok, unit).to.equal(true)
    }
    expect(parseDeadlineQuery({ start: '2026-01-01', amount: '3650', unit: 'days' }).ok).to.equal(true)
  })

  it('should accept an amount already given as a whole number', () => {
    expect(parseDeadlineQuery({ start: '2026-01-01', amount: 14, unit: 'days' }))
      .to.deep.equal({ ok: true, value: { start: '2026-01-01', amount: 14, unit: 'days' } })
  })

  it('should name start when it is missing, empty or repeated', () => {
    expect(messageOf({ amount: '3', unit: 'days' })).to.equal('start is required (a date in the form YYYY-MM-DD)')
    expect(messageOf({ start: '', amount: '3', unit: 'days' })).to.match(/^start is required/)
    expect(messageOf({ start: ['2026-01-01', '2026-01-02'], amount: '3', unit: 'days' })).to.equal('start must be given once (a date in the form YYYY-MM-DD)')
  })

  it('should name start when it is not a real date', () => {
    for (const start of ['2026-02-30', '2026-2-3', '03.02.2026', '2026-02-03T10:00', 'today']) {
      expect(messageOf({ start, amount: '3', unit: 'days' }), start)
        .to.equal('start must be a real calendar date in the form YYYY-MM-DD')
    }
  })

  it('should name start when it is outside the supported years', () => {
    expect(messageOf({ start: '1989-12-31', amount: '3', unit: 'days' }))
      .to.equal('start must be between 1990-01-01 and 2999-12-31')
    expect(messageOf({ start: '3000-01-01', amount: '3', unit: 'days' })).to.match(/^start must be between/)
  })

  it('should name amount when it is missing', () => {
    expect(messageOf({ start: '2026-01-01', unit: 'days' })).to.equal('amount is required (a whole number from 0 to 3650)')
  })

  it('should name amount when it is not a whole number from 0 to 3650', () => {
    for (const amount of ['abc', '1.5', '-1', '3651', '1e3', ' 5', '+5', '0x10', '99999999', -1, 2.5, Number.NaN, true]) {
      expect(messageOf({ start: '2026-01-01', amount, unit: 'days' }), String(amount))
        .to.equal('amount must be a whole number from 0 to 3650')
    }
  })

  it('should name unit when it is missing or unknown', () => {
    expect(messageOf({ start: '2026-01-01', amount: '3' }))
      .to.equal('unit is required (one of days, working-days, weeks, months)')
    for (const unit of ['years', 'Days', 'working_days', 7]) {
      expect(messageOf({ start: '2026-01-01', amount: '3', unit }), String(unit))
        .to.equal('unit must be one of days, working-days, weeks, months')
    }
  })

  it('should report the first bad parameter only', () => {
    expect(messageOf({ start: 'x', amount: 'y', unit: 'z' })).to.match(/^start /)
    expect(messageOf({ start: '2026-01-01', amount: 'y', unit: 'z' })).to.match(/^amount /)
  })
})
