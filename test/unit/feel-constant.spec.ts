import { expect } from 'chai'
import { constantFeelValue } from '../../engine/embedded/feel-constant.ts'

describe('FEEL constants (a timer start event evaluated at deployment)', () => {
  it('should give the ISO text of a date, a duration or a joined string when the expression is a constant', () => {
    expect(constantFeelValue('=date and time("2027-01-01T08:00:00Z")')).to.deep.equal({ value: '2027-01-01T08:00:00Z' })
    expect(constantFeelValue('=duration("P14D")')).to.deep.equal({ value: 'P14D' })
    expect(constantFeelValue('=("R/2027-01-01T08:00:00Z/" + "P1M")')).to.deep.equal({ value: 'R/2027-01-01T08:00:00Z/P1M' })
    expect(constantFeelValue('R3/PT1H'), 'not FEEL: the text itself').to.deep.equal({ value: 'R3/PT1H' })
  })

  it('should refuse, without evaluating, an expression with variables, calls, loops or ranges', () => {
    for (const expression of ['=monthly', '=now()', '=string(count(for i in 1..10000000 return i))', '=if true then "P1D" else "P2D"', '=date and time(start)']) {
      const result = constantFeelValue(expression)
      expect(result, expression).to.have.property('reason').that.is.a('string')
    }
  })

  it('should refuse an expression that does not parse or has no value', () => {
    expect(constantFeelValue('=date and time(')).to.have.property('reason').that.includes('does not parse')
    expect(constantFeelValue('=date and time("not a date")')).to.have.property('reason').that.includes('no value')
    expect(constantFeelValue(`="${'x'.repeat(600)}"`)).to.have.property('reason').that.includes('longer than')
  })
})
