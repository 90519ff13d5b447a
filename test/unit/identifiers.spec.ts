import { expect } from 'chai'
import {
  isValidIdCardNumber, isValidNip, isValidNrb, isValidPostalCode, isValidRegon,
} from '../../domain/identifiers.ts'

describe('identifiers', () => {
  describe('isValidNip', () => {
    it('should accept a NIP whose weighted sum mod 11 equals the last digit', () => {
      // 1234563218: 6+10+21+8+15+24+15+12+7 = 118; 118 mod 11 = 8.
      expect(isValidNip('1234563218')).to.equal(true)
      // 5260250274: 30+10+42+0+6+20+0+12+49 = 169; 169 mod 11 = 4.
      expect(isValidNip('5260250274')).to.equal(true)
    })

    it('should reject a wrong check digit', () => {
      expect(isValidNip('1234563219')).to.equal(false)
      expect(isValidNip('5260250275')).to.equal(false)
    })

    it('should reject every NIP whose weighted sum gives remainder 10', () => {
      // 123456789x: 6+10+21+8+15+24+35+48+63 = 230; 230 mod 11 = 10, so no check digit fits.
      for (let d = 0; d <= 9; d++) expect(isValidNip(`123456789${d}`), String(d)).to.equal(false)
    })

    it('should reject separators, a country prefix and wrong lengths', () => {
      for (const s of ['123-456-32-18', '123 456 32 18', 'PL1234563218', '123456321', '12345632180', '']) {
        expect(isValidNip(s), s).to.equal(false)
      }
    })
  })

  describe('isValidRegon', () => {
    it('should accept a 9-digit REGON with the right check digit', () => {
      // 12345678x: 8+18+6+12+20+30+42+56 = 192; 192 mod 11 = 5.
      expect(isValidRegon('123456785')).to.equal(true)
      // 73220105x: 56+27+4+6+0+5+0+35 = 133; 133 mod 11 = 1.
      expect(isValidRegon('732201051')).to.equal(true)
    })

    it('should use 0 as the check digit when the remainder is 10', () => {
      // 12345674x: 8+18+6+12+20+30+42+28 = 164; 164 mod 11 = 10 → 0.
      expect(isValidRegon('123456740')).to.equal(true)
      expect(isValidRegon('123456741')).to.equal(false)
    })

    it('should reject a wrong 9-digit check digit', () => {
      expect(isValidRegon('123456784')).to.equal(false)
    })

    it('should accept a 14-digit REGON built on a valid 9-digit one', () => {
      // 1234567850001x: 2+8+24+20+0+54+49+24+30+0+0+0+8 = 219; 219 mod 11 = 10 → 0.
      expect(isValidRegon('12345678500010')).to.equal(true)
      // 1234567850002x: 2+8+24+20+0+54+49+24+30+0+0+0+16 = 227; 227 mod 11 = 7.
      expect(isValidRegon('12345678500027')).to.equal(true)
    })

    it('should reject a wrong 14-digit check digit', () => {
      expect(isValidRegon('12345678500011')).to.equal(false)
      expect(isValidRegon('12345678500020')).to.equal(false)
    })

    it('should reject a 14-digit REGON whose 9-digit prefix is invalid', () => {
      // 1234567840001x: 2+8+24+20+0+54+49+24+24+0+0+0+8 = 213; 213 mod 11 = 4, so the 14-digit check passes,
      // but 123456784 is not a valid REGON (its check digit should be 5).
      expect(isValidRegon('12345678400014')).to.equal(false)
    })

    it('should reject other lengths and non-digits', () => {
      for (const s of ['12345678', '1234567850', '1234567850001', '123456785000100', '12345678A', '']) {
        expect(isValidRegon(s), s).to.equal(false)
      }
    })
  })

  describe('isValidIdCardNumber', () => {
    it('should accept an ID card number whose weighted sum mod 10 is the 4th character', () => {
      // ABA?00000: A=10·7 + B=11·3 + A=10·1 + 0… = 70+33+10 = 113 → 3.
      expect(isValidIdCardNumber('ABA300000')).to.equal(true)
      // AXB?12345: 70 + 33·3 + 11·1 + 1·7 + 2·3 + 3·1 + 4·7 + 5·3 = 70+99+11+7+6+3+28+15 = 239 → 9.
      expect(isValidIdCardNumber('AXB912345')).to.equal(true)
      // ZZZ?99999: 35·(7+3+1) + 9·(7+3+1+7+3) = 385+189 = 574 → 4.
      expect(isValidIdCardNumber('ZZZ499999')).to.equal(true)
    })

    it('should reject a wrong check character', () => {
      expect(isValidIdCardNumber('ABA400000')).to.equal(false)
      expect(isValidIdCardNumber('AXB812345')).to.equal(false)
    })

    it('should reject lower case, spaces and wrong shapes', () => {
      for (const s of ['aba300000', 'ABA 300000', 'AB3000000', 'ABAA00000', 'ABA30000', 'ABA3000000', '']) {
        expect(isValidIdCardNumber(s), s).to.equal(false)
      }
    })
  })

  describe('isValidNrb', () => {
    it('should accept account numbers for which "PL" + NRB is 1 mod 97', () => {
      // The standard Polish IBAN example PL61 1090 1014 0000 0712 1981 2874.
      expect(isValidNrb('61109010140000071219812874')).to.equal(true)
      // Built: BBAN 102010260000042270201111; 98 − (BBAN·"252100" mod 97) = 60.
      expect(isValidNrb('60102010260000042270201111')).to.equal(true)
      // Built: BBAN 124000011111222233334444; check digits 36.
      expect(isValidNrb('36124000011111222233334444')).to.equal(true)
    })

    it('should reject a changed digit or swapped check digits', () => {
      expect(isValidNrb('61109010140000071219812875')).to.equal(false)
      expect(isValidNrb('16109010140000071219812874')).to.equal(false)
      expect(isValidNrb('60102010260000042270201112')).to.equal(false)
    })

    it('should reject spaces, the PL prefix and wrong lengths', () => {
      for (const s of ['61 1090 1014 0000 0712 1981 2874', 'PL61109010140000071219812874', '6110901014000007121981287', '']) {
        expect(isValidNrb(s), s).to.equal(false)
      }
    })
  })

  describe('isValidPostalCode', () => {
    it('should accept NN-NNN', () => {
      expect(isValidPostalCode('00-950')).to.equal(true)
      expect(isValidPostalCode('31-008')).to.equal(true)
    })

    it('should reject other shapes', () => {
      for (const s of ['00950', '0-0950', '00-95', '00-9500', '00 950', 'AB-CDE', ' 00-950', '']) {
        expect(isValidPostalCode(s), s).to.equal(false)
      }
    })
  })
})
