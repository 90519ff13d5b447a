// README › BPMN coverage is the table of test/engine-contract/bpmn-coverage.json, whose cells the engine contract
// suite holds to each engine's behaviour: the README cannot claim what the tests do not show.
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
// @ts-expect-error a plain .mjs script without types
import { coverageRowsOnDisk, renderCoverageTable, withCoverageTable } from '../../scripts/coverage-table.mjs'

describe('README BPMN coverage table', () => {
  it('should be the table rendered from bpmn-coverage.json when the README is read', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

    expect(withCoverageTable(readme, coverageRowsOnDisk()), 'run npm run coverage-table').to.equal(readme)
  })

  it('should refuse a cell that is neither runs nor refused when rendering', () => {
    expect(() => renderCoverageTable([{ id: 'x', element: 'X', embedded: 'partly', operaton: 'runs' }])).to.throw('"partly" is not a coverage value')
  })
})
