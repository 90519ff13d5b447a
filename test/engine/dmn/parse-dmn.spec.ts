import { expect } from 'chai'
import { decisionTableXml } from '../../helpers/dmn-fixture.ts'
import { parseDmn } from '../../../engine/embedded/dmn/parse-dmn.ts'

const rulesOf = async (xml: string) => (await parseDmn('t.dmn', xml)).problems.map((p) => `${p.elementId}:${p.rule}`)

describe('DMN parsing and checks', () => {
  it('should report the cell when an input entry is not FEEL unary tests', async () => {
    expect(await rulesOf(decisionTableXml({ decisionId: 'd', inputs: ['x'], outputs: ['y'], rules: [['[1..', '1']] }))).to.deep.equal(['r0_in0:feel'])
  })

  it('should report the cell when an output entry does not parse', async () => {
    expect(await rulesOf(decisionTableXml({ decisionId: 'd', inputs: ['x'], outputs: ['y'], rules: [['-', '1 +']] }))).to.deep.equal(['r0_out0:feel'])
  })

  it('should report the input when its expression does not parse or is missing', async () => {
    expect(await rulesOf(decisionTableXml({ decisionId: 'd', inputs: ['foo(', ''], outputs: ['y'], rules: [['-', '-', '1']] }))).to.deep.equal(['in0:feel', 'in1:feel'])
  })

  it('should refuse an aggregation when the hit policy is not COLLECT', async () => {
    const rules = await rulesOf(decisionTableXml({ decisionId: 'd', hitPolicy: 'FIRST', aggregation: 'SUM', inputs: ['x'], outputs: ['y'], rules: [['-', '1']] }))
    expect(rules).to.deep.equal(['Table_d:hit-policy'])
  })

  it('should refuse malformed XML and files without a decision', async () => {
    expect(await rulesOf('<definitions><oops')).to.deep.equal(['null:xml'])
    expect(await rulesOf('<?xml version="1.0"?><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="x" name="x" namespace="n" />')).to.deep.equal(['null:decision'])
  })

  it('should refuse a literal expression decision and required decisions when outside the supported subset', async () => {
    const xml = `<?xml version="1.0"?><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="x" name="x" namespace="n">
      <decision id="lit" name="lit"><literalExpression id="le"><text>1</text></literalExpression></decision></definitions>`
    expect(await rulesOf(xml)).to.deep.equal(['lit:supported-subset'])
  })

  it('should need output names when a table has several outputs', async () => {
    const xml = decisionTableXml({ decisionId: 'd', inputs: ['x'], outputs: ['a', 'b'], rules: [['-', '1', '2']] }).replace('name="b"', '')
    expect(await rulesOf(xml)).to.deep.equal(['out1:output'])
  })
})
