import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { NoParameterError, parameterEntryOn, parameterOn, parameterTable, type ParameterTable } from '../../domain/procedure-parameters.ts'
import { DEADLINE_UNITS } from '../../domain/legal-calendar.ts'
import { parseIsoDate } from '../../domain/local-date.ts'

describe('procedure parameters (dated data)', () => {
  it('should give the value in force on a date, switching on validFrom', () => {
    expect(parameterOn('funeralAllowance', '2025-12-31')).to.equal(4000)
    expect(parameterOn('funeralAllowance', '2026-01-01')).to.equal(7000)
    expect(parameterOn('familyAssistantMaxFamilies', '2014-12-31')).to.equal(20)
    expect(parameterOn('familyAssistantMaxFamilies', '2026-03-02')).to.equal(15)
  })

  it('should refuse a date before the first entry', () => {
    expect(() => parameterOn('blueCardFormAToChair', '2023-09-27')).to.throw(NoParameterError)
    expect(() => parameterOn('funeralAllowance', 'yesterday')).to.throw(RangeError)
  })

  it('should keep every entry well-formed: dates, a legal basis, deadline units the calendar knows', () => {
    const table = parameterTable()
    for (const [key, entries] of Object.entries(table)) {
      expect(entries.length, key).to.be.greaterThan(0)
      for (const e of entries as ParameterTable[keyof ParameterTable]) {
        expect(parseIsoDate(e.validFrom), `${key} ${e.validFrom}`).to.equal(e.validFrom)
        expect(e.legalBasis, key).to.be.a('string').and.not.equal('')
        const v = e.value as unknown
        if (typeof v === 'object' && v !== null) {
          const rule = v as { amount: number; unit: string }
          expect(DEADLINE_UNITS, key).to.include(rule.unit)
          expect(Number.isInteger(rule.amount), key).to.equal(true)
        }
      }
    }
  })

  it('should mark the values the brief calls UNCONFIRMED', () => {
    for (const key of ['crisisTriageHours', 'zaZyciemReply', 'familyAssistantAssessmentInterval', 'blueCardFirstMeeting', 'blueCardPerpetratorNotice'] as const) {
      expect(parameterEntryOn(key, '2026-03-02').unconfirmed, key).to.be.a('string')
    }
    expect(parameterEntryOn('familyAssistantMaxFamilies', '2026-03-02').unconfirmed).to.match(/date of the change/i)
  })

  it('should use a table passed in instead of the data file', () => {
    const table = { ...parameterTable(), crisisTriageHours: [{ validFrom: '2026-01-01', value: 2, legalBasis: 'test' }] } as ParameterTable
    expect(parameterOn('crisisTriageHours', '2026-03-02', table)).to.equal(2)
  })

  it('should list every parameter in the README, the UNCONFIRMED ones marked so', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    for (const [key, entries] of Object.entries(parameterTable())) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${key}\``))
      expect(line, `README row of ${key}`).to.be.a('string')
      if ((entries as readonly { unconfirmed?: string }[]).some((e) => e.unconfirmed)) expect(line, key).to.include('UNCONFIRMED')
    }
  })
})
