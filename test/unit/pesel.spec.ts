import { expect } from 'chai'
import { isValidPesel, validatePesel } from '../../domain/pesel.ts'

// Check digit = (10 − (Σ wᵢ·dᵢ mod 10)) mod 10 with weights 1,3,7,9,1,3,7,9,1,3. Each example below shows the
// products of the first ten digits and the resulting check digit.

describe('pesel', () => {
  describe('validatePesel', () => {
    it('should accept the classic 44051401359 as a man born on 14 May 1944', () => {
      // 4+12+0+45+1+12+0+9+3+15 = 101 → (10 − 1) mod 10 = 9; 10th digit 5 is odd → male.
      expect(validatePesel('44051401359')).to.deep.equal({ valid: true, birthDate: '1944-05-14', sex: 'male' })
    })

    it('should accept 02070803628 as a woman born on 8 July 1902 (month 07 means the 1900s)', () => {
      // 0+6+0+63+0+24+0+27+6+6 = 132 → 8; 10th digit 2 is even → female.
      expect(validatePesel('02070803628')).to.deep.equal({ valid: true, birthDate: '1902-07-08', sex: 'female' })
    })

    it('should read month + 20 as the 2000s', () => {
      // 02 27 08 …: 0+6+14+63+0+24+0+27+6+6 = 146 → 4.
      expect(validatePesel('02270803624')).to.deep.equal({ valid: true, birthDate: '2002-07-08', sex: 'female' })
    })

    it('should read month + 80 as the 1800s', () => {
      // 99 92 31 …: 9+27+63+18+3+3+0+9+2+9 = 143 → 7; 10th digit 3 → male.
      expect(validatePesel('99923101237')).to.deep.equal({ valid: true, birthDate: '1899-12-31', sex: 'male' })
    })

    it('should read month + 40 as the 2100s', () => {
      // 00 41 01 …: 0+0+28+9+0+3+0+9+1+3 = 53 → 7; 10th digit 1 → male.
      expect(validatePesel('00410101117')).to.deep.equal({ valid: true, birthDate: '2100-01-01', sex: 'male' })
    })

    it('should read month + 60 as the 2200s', () => {
      // 99 72 31 …: 9+27+49+18+3+3+28+45+6+21 = 209 → 1; 10th digit 7 → male.
      expect(validatePesel('99723145671')).to.deep.equal({ valid: true, birthDate: '2299-12-31', sex: 'male' })
    })

    it('should accept 29 February 2000 (a leap year)', () => {
      // 00 22 29 …: 0+0+14+18+2+27+0+0+0+12 = 73 → 7; 10th digit 4 → female.
      expect(validatePesel('00222900047')).to.deep.equal({ valid: true, birthDate: '2000-02-29', sex: 'female' })
    })

    it('should accept a woman born in the 1900s with check digit 0', () => {
      // 20 06 15 …: 2+0+0+54+1+15+0+0+4+24 = 100 → (10 − 0) mod 10 = 0.
      expect(validatePesel('20061500480')).to.deep.equal({ valid: true, birthDate: '1920-06-15', sex: 'female' })
    })

    it('should reject a wrong check digit with CHECKSUM', () => {
      expect(validatePesel('44051401358')).to.deep.equal({ valid: false, reason: 'CHECKSUM' })
      // Two swapped digits: 44051401395.
      expect(validatePesel('44051401395')).to.deep.equal({ valid: false, reason: 'CHECKSUM' })
    })

    it('should reject a wrong length, letters or spaces with FORMAT', () => {
      for (const s of ['4405140135', '440514013590', '', '4405140135X', '44051 01359', ' 44051401359', '４4051401359']) {
        expect(validatePesel(s), s).to.deep.equal({ valid: false, reason: 'FORMAT' })
      }
      expect(validatePesel(44051401359 as unknown as string)).to.deep.equal({ valid: false, reason: 'FORMAT' })
    })

    it('should reject month 13 with DATE', () => {
      // 90 13 01 …: 9+0+7+27+0+3+0+0+1+15 = 62 → 8.
      expect(validatePesel('90130100158')).to.deep.equal({ valid: false, reason: 'DATE' })
    })

    it('should reject month 00 and encoded month 20 (month 0 of the 2000s) with DATE', () => {
      // 90 00 01 …: 9+0+0+0+0+3+0+0+1+6 = 19 → 1.
      expect(validatePesel('90000100121')).to.deep.equal({ valid: false, reason: 'DATE' })
      // 00 20 01 …: 0+0+14+0+0+3+0+0+1+6 = 24 → 6.
      expect(validatePesel('00200100126')).to.deep.equal({ valid: false, reason: 'DATE' })
    })

    it('should reject 30 February with DATE', () => {
      // 90 02 30 …: 9+0+0+18+3+0+0+0+2+9 = 41 → 9.
      expect(validatePesel('90023000239')).to.deep.equal({ valid: false, reason: 'DATE' })
    })

    it('should accept 31 March 2000 (month 23) but reject 31 April 2000 (month 24) with DATE', () => {
      // 00 23 31 0012: 0+0+14+27+3+3+0+0+1+6 = 54 → 6.
      expect(validatePesel('00233100126')).to.deep.equal({ valid: true, birthDate: '2000-03-31', sex: 'female' })
      // 00 24 31 0012: 0+0+14+36+3+3+0+0+1+6 = 63 → 7.
      expect(validatePesel('00243100127')).to.deep.equal({ valid: false, reason: 'DATE' })
    })

    it('should reject 29 February in the non-leap years 1900, 1800 and 2100 with DATE', () => {
      // 00 02 29 0017: 0+0+0+18+2+27+0+0+1+21 = 69 → 1.
      expect(validatePesel('00022900171')).to.deep.equal({ valid: false, reason: 'DATE' })
      // 00 82 29 0012: 0+0+56+18+2+27+0+0+1+6 = 110 → 0.
      expect(validatePesel('00822900120')).to.deep.equal({ valid: false, reason: 'DATE' })
      // 00 42 29 0012: 0+0+28+18+2+27+0+0+1+6 = 82 → 8.
      expect(validatePesel('00422900128')).to.deep.equal({ valid: false, reason: 'DATE' })
    })

    it('should reject 29 February 1999 with DATE', () => {
      // 99 02 29 0012: 9+27+0+18+2+27+0+0+1+6 = 90 → 0.
      expect(validatePesel('99022900120')).to.deep.equal({ valid: false, reason: 'DATE' })
    })
  })

  describe('isValidPesel', () => {
    it('should return true only for a fully valid number', () => {
      expect(isValidPesel('44051401359')).to.equal(true)
      expect(isValidPesel('44051401358')).to.equal(false)
      expect(isValidPesel('90130100158')).to.equal(false)
      expect(isValidPesel('abc')).to.equal(false)
    })
  })
})
