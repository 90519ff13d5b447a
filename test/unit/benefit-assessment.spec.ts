// The cash benefit rules of the social assistance act (UPS), rule by rule: the article, a normal case, both sides of
// each threshold, and the days before and after each change of values (2023-12-31 / 2024-01-01: 130% rule, 100 zł
// floor, 1 000 zł maximum; 2024-12-31 / 2025-01-01: new criteria and 1 229 zł maximum).
import { expect } from 'chai'
import { assessBenefit, type BenefitAssessmentInput, type BenefitKind } from '../../domain/benefit-assessment.ts'
import { loadParameterTable } from '../../domain/benefit-parameters.ts'
import data from '../../domain/data/social-assistance-parameters.json' with { type: 'json' }

function assess(benefit: BenefitKind, applicationDate: string, householdSize: number, householdIncome: number, applicantIncome = householdSize === 1 ? householdIncome : 0) {
  return assessBenefit({ benefit, applicationDate, householdSize, applicantIncome, householdIncome } satisfies BenefitAssessmentInput)
}

describe('benefit assessment (UPS art. 8, 37–39)', () => {
  describe('zasiłek stały, single person (art. 37 ust. 1 pkt 1, ust. 2 pkt 1, ust. 3)', () => {
    it('should grant 130% of the single criterion minus own income when the income is below the criterion', () => {
      const a = assess('zasilek-staly', '2025-03-01', 1, 500)
      expect(a).to.include({ eligible: true, criterion: 1010, incomePerPerson: 500, amount: 813, minimumAmount: null, maximumAmount: null })
      expect(a.legalBasis).to.match(/^art\. 37 ust\. 1 pkt 1, ust\. 2 pkt 1 i ust\. 3 ustawy o pomocy społecznej; rozporządzenie .*Dz\.U\. 2024 poz\. 1044/)
    })

    it('should be eligible 1 grosz below the criterion and not at the criterion (own income "niższy od kryterium")', () => {
      expect(assess('zasilek-staly', '2025-03-01', 1, 1009.99)).to.include({ eligible: true, amount: 303.01 })
      const at = assess('zasilek-staly', '2025-03-01', 1, 1010)
      expect(at).to.include({ eligible: false, amount: null })
      expect(at.reasons).to.deep.equal(['INCOME_NOT_BELOW_CRITERION'])
    })

    it('should cap the amount at the maximum (1 229 zł from 2025) on both sides of the income where the cap bites', () => {
      expect(assess('zasilek-staly', '2025-03-01', 1, 0).amount).to.equal(1229)
      expect(assess('zasilek-staly', '2025-03-01', 1, 83.99).amount).to.equal(1229)
      expect(assess('zasilek-staly', '2025-03-01', 1, 84).amount).to.equal(1229)
      expect(assess('zasilek-staly', '2025-03-01', 1, 84.01).amount).to.equal(1228.99)
    })

    it('should never pay less than the minimum: 30 zł under the 100% rule before 2024 (UNCONFIRMED values)', () => {
      // 2023: 100% × 776 − income
      expect(assess('zasilek-staly', '2023-06-01', 1, 745.99).amount).to.equal(30.01)
      expect(assess('zasilek-staly', '2023-06-01', 1, 746).amount).to.equal(30)
      expect(assess('zasilek-staly', '2023-06-01', 1, 760).amount).to.equal(30)
      expect(assess('zasilek-staly', '2023-06-01', 1, 760).unconfirmed).to.have.members(['zasilekStalyCriterionPercent', 'zasilekStalyMinimum', 'zasilekStalyMaximum'])
    })

    it('should switch to 130% of the criterion and the 1 000 zł maximum on 2024-01-01, not on 2023-12-31', () => {
      expect(assess('zasilek-staly', '2023-12-31', 1, 500).amount).to.equal(276) // 776 − 500
      expect(assess('zasilek-staly', '2024-01-01', 1, 500).amount).to.equal(508.8) // 1 008,80 − 500
      expect(assess('zasilek-staly', '2023-12-31', 1, 0).amount).to.equal(719)
      expect(assess('zasilek-staly', '2024-01-01', 1, 0).amount).to.equal(1000)
    })

    it('should use the 2025 criterion and maximum from 2025-01-01, not on 2024-12-31', () => {
      expect(assess('zasilek-staly', '2024-12-31', 1, 800)).to.include({ eligible: false, criterion: 776 })
      expect(assess('zasilek-staly', '2025-01-01', 1, 800)).to.include({ eligible: true, criterion: 1010, amount: 513 })
      expect(assess('zasilek-staly', '2024-12-31', 1, 0).amount).to.equal(1000)
      expect(assess('zasilek-staly', '2025-01-01', 1, 0).amount).to.equal(1229)
    })
  })

  describe('zasiłek stały, person in a family (art. 37 ust. 1 pkt 2, ust. 2 pkt 2, ust. 3)', () => {
    it('should grant 130% of the criterion per person minus the income per person, without the single maximum', () => {
      const a = assess('zasilek-staly', '2025-03-01', 3, 1500, 300)
      expect(a).to.include({ eligible: true, criterion: 823, householdCriterion: 2469, incomePerPerson: 500, amount: 569.9 })
      expect(a.legalBasis).to.match(/^art\. 37 ust\. 1 pkt 2, ust\. 2 pkt 2 i ust\. 3/)
      expect(assess('zasilek-staly', '2025-03-01', 2, 0, 0).amount).to.equal(1069.9)
    })

    it('should require the applicant\'s own income below the criterion per person: 822.99 yes, 823 no', () => {
      expect(assess('zasilek-staly', '2025-03-01', 3, 1500, 822.99).eligible).to.equal(true)
      const a = assess('zasilek-staly', '2025-03-01', 3, 1500, 823)
      expect(a).to.include({ eligible: false, amount: null })
      expect(a.reasons).to.deep.equal(['APPLICANT_INCOME_NOT_BELOW_CRITERION'])
    })

    it('should require the income per person below the criterion per person: 2 468.99 zł for 3 persons yes, 2 469 zł no', () => {
      expect(assess('zasilek-staly', '2025-03-01', 3, 2468.99, 100)).to.include({ eligible: true, incomePerPerson: 823, amount: 246.9 })
      const a = assess('zasilek-staly', '2025-03-01', 3, 2469, 100)
      expect(a.eligible).to.equal(false)
      expect(a.reasons).to.deep.equal(['INCOME_NOT_BELOW_CRITERION'])
    })

    it('should apply the floor in a family too (before 2024: 100% rule, 30 zł)', () => {
      expect(assess('zasilek-staly', '2023-12-31', 2, 1180, 100).amount).to.equal(30) // 600 − 590 = 10 → 30
      expect(assess('zasilek-staly', '2024-01-01', 2, 1180, 100).amount).to.equal(190) // 780 − 590
    })
  })

  describe('zasiłek okresowy (art. 38)', () => {
    it('should give a range from 50% of the gap to the gap for a single person (ust. 2 pkt 1, ust. 3)', () => {
      const a = assess('zasilek-okresowy', '2025-03-01', 1, 600)
      expect(a).to.include({ eligible: true, amount: null, minimumAmount: 205, maximumAmount: 410 })
      expect(a.legalBasis).to.match(/^art\. 38 ust\. 1 pkt 1, ust\. 2 pkt 1 i ust\. 3/)
    })

    it('should measure a family\'s gap against the family criterion (criterion per person × persons) (ust. 2 pkt 2)', () => {
      const a = assess('zasilek-okresowy', '2026-03-02', 2, 900)
      expect(a).to.include({ eligible: true, criterion: 823, householdCriterion: 1646, incomePerPerson: 450, minimumAmount: 373, maximumAmount: 746 })
    })

    it('should round 50% of an odd gap up to the grosz ("nie niższa niż 50%")', () => {
      expect(assess('zasilek-okresowy', '2025-03-01', 1, 636.99)).to.include({ minimumAmount: 186.51, maximumAmount: 373.01 })
    })

    it('should never go below 20 zł: a gap of 40 zł gives 20–40, a gap of 39.98 zł gives 20–39.98, a gap of 10 zł gives 20', () => {
      expect(assess('zasilek-okresowy', '2025-03-01', 1, 970)).to.include({ minimumAmount: 20, maximumAmount: 40 })
      expect(assess('zasilek-okresowy', '2025-03-01', 1, 970.02)).to.include({ minimumAmount: 20, maximumAmount: 39.98 })
      expect(assess('zasilek-okresowy', '2025-03-01', 1, 1000)).to.include({ minimumAmount: 20, maximumAmount: 20 })
    })

    it('should be eligible only below the criterion: 1 009.99 zł yes, 1 010 zł no', () => {
      expect(assess('zasilek-okresowy', '2025-03-01', 1, 1009.99)).to.include({ eligible: true, minimumAmount: 20, maximumAmount: 20 })
      expect(assess('zasilek-okresowy', '2025-03-01', 1, 1010)).to.include({ eligible: false, minimumAmount: null, maximumAmount: null })
    })

    it('should use the criteria in force on the application date: 2024-12-31 vs 2025-01-01', () => {
      expect(assess('zasilek-okresowy', '2024-12-31', 1, 700)).to.include({ minimumAmount: 38, maximumAmount: 76 })
      expect(assess('zasilek-okresowy', '2025-01-01', 1, 700)).to.include({ minimumAmount: 155, maximumAmount: 310 })
    })

    it('should not cap a single person at 418 zł unless the parameter file enables the cap (UNCONFIRMED)', () => {
      const off = assess('zasilek-okresowy', '2025-03-01', 1, 0)
      expect(off).to.include({ minimumAmount: 505, maximumAmount: 1010 })
      expect(off.unconfirmed).to.deep.equal([])

      const json = structuredClone(data) as typeof data
      ;(json.parameters.zasilekOkresowySingleCap.values[0] as { enabled: boolean }).enabled = true
      const on = assessBenefit({ benefit: 'zasilek-okresowy', applicationDate: '2025-03-01', householdSize: 1, applicantIncome: 0, householdIncome: 0 }, loadParameterTable(json))
      expect(on).to.include({ minimumAmount: 418, maximumAmount: 418 })
      expect(on.unconfirmed).to.deep.equal(['zasilekOkresowySingleCap'])
      const family = assessBenefit({ benefit: 'zasilek-okresowy', applicationDate: '2025-03-01', householdSize: 2, applicantIncome: 0, householdIncome: 0 }, loadParameterTable(json))
      expect(family.maximumAmount).to.equal(1646)
    })
  })

  describe('zasiłek celowy (art. 39 with art. 8 ust. 1)', () => {
    it('should be eligible when the income does not exceed the criterion, with no statutory amount', () => {
      const a = assess('zasilek-celowy', '2025-03-01', 1, 400)
      expect(a).to.include({ eligible: true, amount: null, minimumAmount: null, maximumAmount: null })
      expect(a.legalBasis).to.match(/^art\. 39 ust\. 1 w związku z art\. 8 ust\. 1 pkt 1/)
    })

    it('should accept an income equal to the criterion ("nie przekracza") and refuse 1 grosz more', () => {
      expect(assess('zasilek-celowy', '2025-03-01', 1, 1010).eligible).to.equal(true)
      const above = assess('zasilek-celowy', '2025-03-01', 1, 1010.01)
      expect(above.eligible).to.equal(false)
      expect(above.reasons).to.deep.equal(['INCOME_ABOVE_CRITERION'])
      expect(assess('zasilek-celowy', '2025-03-01', 2, 1646).eligible).to.equal(true)
      expect(assess('zasilek-celowy', '2025-03-01', 2, 1646.01).eligible).to.equal(false)
    })

    it('should use the criteria in force on the application date: 2024-12-31 vs 2025-01-01', () => {
      expect(assess('zasilek-celowy', '2024-12-31', 1, 800).eligible).to.equal(false)
      expect(assess('zasilek-celowy', '2025-01-01', 1, 800).eligible).to.equal(true)
    })
  })

  describe('input', () => {
    it('should refuse a date before the first recorded values', () => {
      expect(() => assess('zasilek-celowy', '2021-12-31', 1, 100)).to.throw(RangeError, /no value/)
    })

    it('should refuse an applicant income above the household income and more than 2 decimals', () => {
      expect(() => assess('zasilek-staly', '2025-03-01', 2, 100, 200)).to.throw(RangeError, /exceed/)
      expect(() => assess('zasilek-staly', '2025-03-01', 1, 100.005)).to.throw(RangeError)
    })

    it('should round the income per person to the grosz', () => {
      expect(assess('zasilek-celowy', '2025-03-01', 3, 1000).incomePerPerson).to.equal(333.33)
      expect(assess('zasilek-celowy', '2025-03-01', 3, 1001).incomePerPerson).to.equal(333.67)
    })
  })
})
