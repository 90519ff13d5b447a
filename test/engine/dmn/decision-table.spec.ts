import { expect } from 'chai'
import { decisionTableXml, type TableSpec } from '../../helpers/dmn-fixture.ts'
import { DecisionEvaluationError, evaluateDecisionTable, type DecisionTableModel } from '../../../engine/embedded/dmn/decision-table.ts'
import { parseDmn } from '../../../engine/embedded/dmn/parse-dmn.ts'

async function table(spec: TableSpec): Promise<DecisionTableModel> {
  const parsed = await parseDmn('t.dmn', decisionTableXml(spec))
  expect(parsed.problems, JSON.stringify(parsed.problems)).to.deep.equal([])
  return parsed.decisions[0]
}

const run = async (spec: TableSpec, vars: Record<string, unknown>) => evaluateDecisionTable(await table(spec), vars).result

describe('DMN decision table', () => {
  describe('unary tests', () => {
    const single = (test: string): TableSpec => ({ decisionId: 'd', hitPolicy: 'FIRST', inputs: ['x'], outputs: ['hit'], rules: [[test, 'true'], ['-', 'false']] })
    const cases: [string, string, unknown, boolean][] = [
      ['"-" (any value)', '-', 42, true],
      ['an empty cell (any value)', '', 'anything', true],
      ['a comparison', '> 5', 7, true],
      ['a comparison that fails', '> 5', 5, false],
      ['a closed range', '[1..5]', 5, true],
      ['a half-open range', '[1..5[', 5, false],
      ['a list of strings', '"a","b"', 'b', true],
      ['a list of strings without the value', '"a","b"', 'c', false],
      ['a negation', 'not("a")', 'b', true],
      ['a list of comparisons', '< 3, > 10', 11, true],
      ['a FEEL expression with ?', '? > limit', 11, true],
      ['a FEEL expression with ? that fails', '? > limit', 9, false],
      ['a date range', '[date("2022-01-01")..date("2025-01-01")[', '2024-12-31', true],
      ['a date comparison', '>= date("2025-01-01")', '2024-12-31', false],
      ['null', 'null', null, true],
      ['a comparison with null input', '> 5', null, false],
    ]
    for (const [what, test, value, expected] of cases) {
      it(`should ${expected ? '' : 'not '}match when the input entry is ${what}`, async () => {
        const spec = single(test)
        if (test.includes('date(')) spec.inputs = ['date(x)']
        expect(await run(spec, { x: value, limit: 10 })).to.equal(expected)
      })
    }
  })

  describe('hit policies', () => {
    const rules = [['>= 0', '"low"', '1'], ['>= 10', '"medium"', '2'], ['>= 100', '"high"', '3']]
    const spec = (hitPolicy: string, extra: Partial<TableSpec> = {}): TableSpec => ({
      decisionId: 'd',
      hitPolicy,
      inputs: ['amount'],
      outputs: ['level', 'points'],
      outputValues: { level: '"high","medium","low"' },
      rules,
      ...extra,
    })

    it('should return the one matching rule as a context when the hit policy is UNIQUE and outputs are several', async () => {
      expect(await run(spec('UNIQUE'), { amount: 5 })).to.deep.equal({ level: 'low', points: 1 })
    })

    it('should fail when the hit policy is UNIQUE and two rules match', async () => {
      const err = await table(spec('UNIQUE')).then((t) => {
        try {
          evaluateDecisionTable(t, { amount: 50 })
          return null
        } catch (e) {
          return e
        }
      })
      expect(err).to.be.instanceOf(DecisionEvaluationError)
      expect((err as Error).message).to.contain('UNIQUE').and.contain('r0, r1')
    })

    it('should return null when no rule matches a single-hit table', async () => {
      expect(await run(spec('UNIQUE'), { amount: -1 })).to.equal(null)
      expect(await run(spec('FIRST'), { amount: -1 })).to.equal(null)
    })

    it('should return the first matching rule when the hit policy is FIRST', async () => {
      expect(await run(spec('FIRST'), { amount: 500 })).to.deep.equal({ level: 'low', points: 1 })
    })

    it('should return the value itself when the table has one output', async () => {
      expect(await run({ decisionId: 'd', hitPolicy: 'FIRST', inputs: ['amount'], outputs: ['level'], rules: rules.map((r) => r.slice(0, 2)) }, { amount: 50 })).to.equal('low')
    })

    it('should return the highest priority by the output values when the hit policy is PRIORITY', async () => {
      expect(await run(spec('PRIORITY'), { amount: 50 })).to.deep.equal({ level: 'medium', points: 2 })
      expect(await run(spec('PRIORITY'), { amount: 500 })).to.deep.equal({ level: 'high', points: 3 })
    })

    it('should return the outputs when the hit policy is ANY and the matching rules agree', async () => {
      const agree = { rules: [['>= 0', '"x"', '1'], ['>= 10', '"x"', '1']] }
      expect(await run(spec('ANY', agree), { amount: 50 })).to.deep.equal({ level: 'x', points: 1 })
    })

    it('should fail when the hit policy is ANY and the matching rules disagree', async () => {
      const t = await table(spec('ANY'))
      expect(() => evaluateDecisionTable(t, { amount: 50 })).to.throw(DecisionEvaluationError, /ANY/)
    })

    it('should return every match in rule order when the hit policy is RULE ORDER', async () => {
      expect(await run(spec('RULE ORDER'), { amount: 50 })).to.deep.equal([{ level: 'low', points: 1 }, { level: 'medium', points: 2 }])
    })

    it('should sort the matches by the output values when the hit policy is OUTPUT ORDER', async () => {
      expect(await run(spec('OUTPUT ORDER'), { amount: 500 })).to.deep.equal([
        { level: 'high', points: 3 },
        { level: 'medium', points: 2 },
        { level: 'low', points: 1 },
      ])
    })

    it('should return a list of values when the hit policy is COLLECT without an aggregator', async () => {
      const collect: TableSpec = { decisionId: 'd', hitPolicy: 'COLLECT', inputs: ['amount'], outputs: ['points'], rules: rules.map((r) => [r[0], r[2]]) }
      expect(await run(collect, { amount: 50 })).to.deep.equal([1, 2])
      expect(await run(collect, { amount: -1 })).to.deep.equal([])
    })

    for (const [aggregation, expected, none] of [['SUM', 6, null], ['MIN', 1, null], ['MAX', 3, null], ['COUNT', 3, 0]] as const) {
      it(`should aggregate the matches when the hit policy is COLLECT ${aggregation}`, async () => {
        const collect: TableSpec = { decisionId: 'd', hitPolicy: 'COLLECT', aggregation, inputs: ['amount'], outputs: ['points'], rules: rules.map((r) => [r[0], r[2]]) }
        expect(await run(collect, { amount: 500 })).to.equal(expected)
        expect(await run(collect, { amount: -1 })).to.equal(none)
      })
    }
  })

  describe('expressions', () => {
    it('should evaluate input and output expressions with the variables when they are FEEL', async () => {
      const spec: TableSpec = {
        decisionId: 'd',
        inputs: ['income / persons'],
        outputs: ['gap'],
        rules: [['< limit', 'limit - income / persons'], ['>= limit', '0']],
      }
      expect(await run(spec, { income: 900, persons: 2, limit: 823 })).to.equal(373)
    })

    it('should give null for an empty output cell', async () => {
      expect(await run({ decisionId: 'd', inputs: ['1'], outputs: ['a'], rules: [['-', '']] }, {})).to.equal(null)
    })

    it('should give dates as ISO strings when an output is a date', async () => {
      expect(await run({ decisionId: 'd', inputs: ['1'], outputs: ['a'], rules: [['-', 'date("2025-01-01")']] }, {})).to.equal('2025-01-01')
    })
  })
})
