import { expect } from 'chai'
import { formatPln, fromGrosze, toGrosze } from '../../domain/money.ts'

describe('money', () => {
  describe('toGrosze', () => {
    it('should convert whole złoty and amounts with one or two decimals', () => {
      expect(toGrosze(1229)).to.equal(122900)
      expect(toGrosze(1229.5)).to.equal(122950)
      expect(toGrosze(0.05)).to.equal(5)
      expect(toGrosze(0)).to.equal(0)
    })

    it('should not suffer binary rounding on values like 1.15 and 0.29', () => {
      // 1.15 * 100 = 114.99999999999999 and 0.29 * 100 = 28.999999999999996 in floating point.
      expect(toGrosze(1.15)).to.equal(115)
      expect(toGrosze(0.29)).to.equal(29)
      expect(toGrosze(4.35)).to.equal(435)
    })

    it('should parse strings with a dot or a comma', () => {
      expect(toGrosze('1229')).to.equal(122900)
      expect(toGrosze('1229,00')).to.equal(122900)
      expect(toGrosze('1229.5')).to.equal(122950)
      expect(toGrosze('12,3')).to.equal(1230)
      expect(toGrosze(' 823 ')).to.equal(82300)
    })

    it('should keep the sign of negative amounts and never return -0', () => {
      expect(toGrosze('-12.30')).to.equal(-1230)
      expect(toGrosze(-0.05)).to.equal(-5)
      expect(Object.is(toGrosze('-0.00'), 0)).to.equal(true)
      expect(Object.is(toGrosze(-0), 0)).to.equal(true)
    })

    it('should reject more than two decimals', () => {
      expect(() => toGrosze('1.234')).to.throw(RangeError, /2 decimals/)
      expect(() => toGrosze(1.234)).to.throw(RangeError)
      expect(() => toGrosze(0.1 + 0.2)).to.throw(RangeError)
      expect(() => toGrosze(1e-7)).to.throw(RangeError)
    })

    it('should reject NaN, Infinity and amounts beyond the safe-integer range', () => {
      expect(() => toGrosze(Number.NaN)).to.throw(RangeError)
      expect(() => toGrosze(Number.POSITIVE_INFINITY)).to.throw(RangeError)
      expect(() => toGrosze(1e21)).to.throw(RangeError)
      expect(() => toGrosze('900719925474099')).to.throw(RangeError)
    })

    it('should reject text that is not a plain amount', () => {
      for (const s of ['', 'abc', '1 229,00', '1,229.00', '12.', '.5', '1e3', '+5', '5 zł', '--5']) {
        expect(() => toGrosze(s), s).to.throw(RangeError)
      }
      expect(() => toGrosze(null as unknown as string)).to.throw(TypeError)
    })
  })

  describe('fromGrosze', () => {
    it('should give złoty as a number', () => {
      expect(fromGrosze(122950)).to.equal(1229.5)
      expect(fromGrosze(5)).to.equal(0.05)
      expect(fromGrosze(-1230)).to.equal(-12.3)
    })

    it('should reject a fractional number of grosze', () => {
      expect(() => fromGrosze(1.5)).to.throw(RangeError)
    })
  })

  describe('formatPln', () => {
    it('should format with a comma, a space between thousands and "zł"', () => {
      expect(formatPln(122900)).to.equal('1 229,00 zł')
      expect(formatPln(123456789)).to.equal('1 234 567,89 zł')
    })

    it('should not separate numbers below 1 000', () => {
      expect(formatPln(0)).to.equal('0,00 zł')
      expect(formatPln(5)).to.equal('0,05 zł')
      expect(formatPln(99900)).to.equal('999,00 zł')
      expect(formatPln(100000)).to.equal('1 000,00 zł')
    })

    it('should put a minus before negative amounts', () => {
      expect(formatPln(-122950)).to.equal('-1 229,50 zł')
      expect(formatPln(-5)).to.equal('-0,05 zł')
    })

    it('should use plain spaces only', () => {
      expect(formatPln(122900)).to.not.match(/[\u00a0\u202f]/)
    })

    it('should reject a fractional number of grosze', () => {
      expect(() => formatPln(10.5)).to.throw(RangeError)
    })
  })
})
