// Every audit action the code writes is offered in the administrators' audit search and has a Polish and an English
// label there (else the log shows raw codes such as "case.pause"). The actions are read from the sources: literal
// `action: '…'` values, requireProcedureManager's `<action>.forbidden`, the SLA pages' audit(res, '…') and the
// *Audit constant objects; a refusal suffix (-denied, .forbidden, …) may borrow its base action's label.
import { expect } from 'chai'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { auditActionLabel, KNOWN_AUDIT_ACTIONS } from '../../src/audit/audit-actions.ts'
import { en } from '../../web/i18n/en.ts'
import { pl } from '../../web/i18n/pl.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// the application's sources: src/ and the top-level folders beside it
const SOURCE_DIRS = ['src', 'web', 'workers', 'engine', 'domain'].map((dir) => path.join(ROOT, dir))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return name === 'generated' || name === 'build' ? [] : sourceFiles(full)
    return full.endsWith('.ts') ? [full] : []
  })
}

function actionsInSources(): string[] {
  const found = new Set<string>()
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/action: '([a-z][a-z0-9-]*\.[a-z0-9.-]+)'/g)) found.add(m[1]!)
    for (const m of text.matchAll(/requireProcedureManager\(.*?'([a-z.-]+)'\)/g)) found.add(`${m[1]}.forbidden`)
    for (const m of text.matchAll(/\baudit\((?:res|deps), '([a-z][a-z0-9-]*\.[a-z0-9.-]+)'/g)) found.add(m[1]!)
    for (const block of text.matchAll(/export const \w+Audit = \{([^}]*)\}/g)) {
      for (const m of block[1]!.matchAll(/'([a-z][a-z0-9-]*\.[a-z0-9.-]+)'/g)) found.add(m[1]!)
    }
  }
  return [...found].sort()
}

describe('audit action labels', () => {
  const written = actionsInSources()

  it('should find the actions the code writes when it reads the sources', () => {
    expect(written.length).to.be.greaterThan(50)
    expect(written).to.include.members(['case.read', 'task.claim', 'case.pause', 'form.new.forbidden', 'sla.export', 'incident.retry'])
  })

  it('should offer every action the code writes in the audit search when an administrator filters by action', () => {
    expect(written.filter((action) => !KNOWN_AUDIT_ACTIONS.includes(action))).to.deep.equal([])
  })

  for (const [locale, t] of [['pl', pl], ['en', en]] as const) {
    it(`should label every known action in ${locale} instead of showing its code`, () => {
      const raw = KNOWN_AUDIT_ACTIONS.filter((action) => auditActionLabel(action, t.audit.actions, t.audit.outcomes) === action)
      expect(raw).to.deep.equal([])
    })
  }
})
