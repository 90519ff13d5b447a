import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import {
  benefitParametersOn,
  firstCoveredDate,
  loadParameterTable,
  ParameterFileError,
  PARAMETER_NAMES,
  PARAMETERS,
  unconfirmedValues,
  valueOn,
} from '../../domain/benefit-parameters.ts'
import { parametersOn } from '../../domain/income-criteria.ts'
import data from '../../domain/data/social-assistance-parameters.json' with { type: 'json' }

const clone = () => structuredClone(data) as Record<string, any>

describe('legal parameters as dated data (social-assistance-parameters.json)', () => {
  it('should give every value with its validFrom and legal basis', () => {
    for (const name of PARAMETER_NAMES) {
      for (const v of PARAMETERS[name].values) {
        expect(v.validFrom, name).to.match(/^\d{4}-\d{2}-\d{2}$/)
        expect(v.legalBasis, name).to.be.a('string').and.not.equal('')
      }
    }
    expect(firstCoveredDate()).to.equal('2022-01-01')
  })

  it('should change the income criteria on 2025-01-01 and not a day earlier (UPS art. 8 ust. 1)', () => {
    expect(parametersOn('2024-12-31')).to.include({ criterionSingle: 776, criterionPerPersonInFamily: 600, incomePerHectare: 345 })
    expect(parametersOn('2025-01-01')).to.include({ criterionSingle: 1010, criterionPerPersonInFamily: 823, incomePerHectare: 459, validFrom: '2025-01-01' })
    expect(parametersOn('2025-01-01').legalBasis).to.include('Dz.U. 2024 poz. 1044')
  })

  it('should change the zasiłek stały rules on 2024-01-01 and its maximum again on 2025-01-01', () => {
    const day = (d: string) => {
      const p = benefitParametersOn(d)
      return [p.zasilekStalyCriterionPercent.value, p.zasilekStalyMinimum.value, p.zasilekStalyMaximum.value]
    }
    expect(day('2023-12-31')).to.deep.equal([100, 30, 719])
    expect(day('2024-01-01')).to.deep.equal([130, 100, 1000])
    expect(day('2024-12-31')).to.deep.equal([130, 100, 1000])
    expect(day('2025-01-01')).to.deep.equal([130, 100, 1229])
  })

  it('should keep the okresowy single-person cap switched off and flagged UNCONFIRMED', () => {
    expect(valueOn('zasilekOkresowySingleCap', '2026-01-01')).to.include({ value: 418, enabled: false, unconfirmed: true })
  })

  it('should know the procedural periods: 14 days to appeal, 7 days to forward (UNCONFIRMED), update every 6 months', () => {
    expect(valueOn('appealPeriodDays', '2026-01-01')).to.include({ value: 14, unconfirmed: false })
    expect(valueOn('appealForwardingDays', '2026-01-01')).to.include({ value: 7, unconfirmed: true })
    expect(valueOn('interviewUpdateMonths', '2026-01-01').value).to.equal(6)
  })

  it('should refuse a date before the first value', () => {
    expect(() => valueOn('criterionSingle', '2021-12-31')).to.throw(RangeError)
    expect(() => valueOn('criterionSingle', '2021-02-30')).to.throw(RangeError)
  })

  it('should list every UNCONFIRMED value in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('### Legal parameters'))
    for (const { name, value } of unconfirmedValues()) {
      expect(section, `${name} from ${value.validFrom}`).to.match(new RegExp(`\`${name}\`[^\\n]*${value.validFrom}[^\\n]*UNCONFIRMED`))
    }
  })

  describe('checking a manager\'s edit', () => {
    it('should name a missing parameter', () => {
      const json = clone()
      delete json.parameters.zasilekStalyMaximum
      expect(() => loadParameterTable(json)).to.throw(ParameterFileError, 'zasilekStalyMaximum is missing')
    })

    it('should name a value without a date, with 3 decimals, or a second value from the same day', () => {
      const json = clone()
      json.parameters.criterionSingle.values.push({ validFrom: '2025-01-01', value: 1100, legalBasis: 'x' })
      json.parameters.zasilekStalyMaximum.values[0].value = 719.001
      json.parameters.criterionPerPersonInFamily.values[0].validFrom = '2022-13-01'
      try {
        loadParameterTable(json)
        expect.fail('should throw')
      } catch (err) {
        expect(err).to.be.instanceOf(ParameterFileError)
        expect((err as ParameterFileError).problems).to.have.members([
          'criterionSingle has two values from 2025-01-01',
          'zasilekStalyMaximum.values[0].value must have at most 2 decimals',
          'criterionPerPersonInFamily.values[0].validFrom must be a date YYYY-MM-DD',
        ])
      }
    })

    it('should refuse an unknown parameter, a missing legal basis and a fractional percentage', () => {
      const json = clone()
      json.parameters.somethingElse = { unit: 'days', values: [] }
      delete json.parameters.appealPeriodDays.values[0].legalBasis
      json.parameters.zasilekStalyCriterionPercent.values[1].value = 130.5
      try {
        loadParameterTable(json)
        expect.fail('should throw')
      } catch (err) {
        expect(err).to.be.instanceOf(ParameterFileError)
        expect((err as ParameterFileError).problems).to.include.members([
          'unknown parameter "somethingElse"',
          'appealPeriodDays.values[0].legalBasis is required',
          'zasilekStalyCriterionPercent.values[1].value must be a whole number of percent',
        ])
      }
    })

    it('should apply a value a manager appended from its validFrom on', () => {
      const json = clone()
      json.parameters.criterionSingle.values.push({ validFrom: '2028-01-01', value: 1200, legalBasis: 'rozporządzenie 2027' })
      const table = loadParameterTable(json)
      expect(valueOn('criterionSingle', '2027-12-31', table).value).to.equal(1010)
      expect(valueOn('criterionSingle', '2028-01-01', table)).to.include({ value: 1200, legalBasis: 'rozporządzenie 2027' })
    })
  })
})
