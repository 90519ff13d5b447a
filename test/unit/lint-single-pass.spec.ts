// bpmnlint's rules in one walk (src/procedures/lint-single-pass.ts) report exactly what bpmnlint's own linter does
// (one walk per rule), on the shipped procedures and a generated diagram, and keep its rule semantics.
import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BpmnModdle } from 'bpmn-moddle'
import { zeebeModdle } from '../../engine/embedded/process-model.ts'
import { lintSinglePass, type ResolvedRule } from '../../src/procedures/lint-single-pass.ts'
import { largeBpmn } from '../../bench/lib/large-bpmn.ts'

const require = createRequire(import.meta.url)
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const CONFIG = { extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-9'] }
const linter = () => {
  const Linter = require('bpmnlint/lib/linter')
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver')
  return new Linter({ config: CONFIG, resolver: new NodeResolver({ require }) })
}
const parse = async (xml: string) => (await new BpmnModdle({ zeebe: zeebeModdle }).fromXML(xml)).rootElement

describe('lint: bpmnlint rules in one walk', function () {
  this.timeout(120_000)
  const files = readdirSync(path.join(ROOT, 'processes')).filter((f) => f.endsWith('.bpmn'))
    .map((f) => ({ name: f, content: readFileSync(path.join(ROOT, 'processes', f), 'utf8') }))
  files.push(largeBpmn('generated', 300))

  for (const file of files) {
    it(`should report what bpmnlint's linter reports when ${file.name} is linted`, async () => {
      const definitions = await parse(file.content)
      const expected = await linter().lint(definitions)
      const actual = lintSinglePass(definitions as never, await linter().resolveRules(CONFIG))
      expect(actual).to.deep.equal(expected)
      expect(Object.keys(actual).length, 'the comparison is about something').to.be.greaterThan(0)
    })
  }

  it('should keep only the rule whose enter answered false out of the children, still call its leave, and turn a throwing rule into one rule-error', async () => {
    const definitions = await parse(largeBpmn('small', 10).content)
    const seen: Record<string, string[]> = { skipper: [], watcher: [] }
    const rules: ResolvedRule[] = [
      { name: 'skipper', category: 'warn', rule: { check: { enter: (n) => { seen.skipper!.push(String(n.$type)); return n.$type !== 'bpmn:Process' }, leave: (n, r) => { if (n.$type === 'bpmn:Process') r.report(String(n.id), 'left') } } } },
      { name: 'watcher', category: 'warn', rule: { check: (n) => { seen.watcher!.push(String(n.$type)) } } },
      { name: 'thrower', category: 'error', rule: { check: (n) => { if (n.$type === 'bpmn:Process') throw new Error('boom') } } },
    ]
    const reports = lintSinglePass(definitions as never, rules)
    expect(seen.skipper).to.include('bpmn:Process').and.not.include('bpmn:ServiceTask')
    expect(seen.watcher).to.include('bpmn:ServiceTask')
    expect(reports.skipper).to.deep.equal([{ id: 'small', message: 'left', meta: undefined, category: 'warn' }])
    expect(reports.thrower).to.deep.equal([{ message: 'boom', category: 'rule-error' }])
    expect(reports).not.to.have.property('watcher')
  })
})
