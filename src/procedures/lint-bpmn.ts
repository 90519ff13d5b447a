// bpmnlint with its recommended rules and the Camunda 8.9 compatibility rules (bpmnlint-plugin-camunda-compat,
// the rules Camunda Modeler applies). Its findings are warnings: they never block a deployment (the blocking
// checks are in check-deployment.ts and match what the embedded engine runs), but the editor lists and marks them.
import { BpmnModdle } from 'bpmn-moddle'
import { createRequire } from 'node:module'
import { zeebeModdle } from '../../engine/embedded/process-model.ts'
import { lintSinglePass, type ResolvedRule } from './lint-single-pass.ts'

const require = createRequire(import.meta.url)

export interface LintWarning {
  resource: string
  elementId: string | null
  /** The bpmnlint rule, e.g. "fake-join" or "camunda-compat/timer". */
  rule: string
  message: string
}

const CONFIG = { extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-9'] }

type Linter = {
  lint(definitions: unknown): Promise<Record<string, { id?: string; message: string; category: string }[]>>
  resolveRules(config: unknown): Promise<ResolvedRule[]>
}

/** A new linter for every file: some bpmnlint rules keep state between runs (no-duplicate-sequence-flows). */
function newLinter(): Linter {
  const Linter = require('bpmnlint/lib/linter')
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver')
  return new Linter({ config: CONFIG, resolver: new NodeResolver({ require }) })
}

/** Lints a parsed BPMN file (bpmn-moddle definitions with the zeebe extension). Never throws. */
export async function lintBpmn(resource: string, definitions: unknown): Promise<LintWarning[]> {
  try {
    // bpmnlint resolves the rules (fresh instances per file); they run in one walk (lint-single-pass.ts)
    const reports = lintSinglePass(definitions as never, await newLinter().resolveRules(CONFIG))
    return Object.entries(reports)
      .flatMap(([rule, list]) =>
        list.filter((r) => r.category !== 'rule-error').map((r) => ({ resource, elementId: r.id ?? null, rule: `lint:${rule}`, message: r.message })),
      )
      .sort((a, b) => (a.elementId ?? '').localeCompare(b.elementId ?? '') || a.rule.localeCompare(b.rule))
  } catch (err) {
    return [{ resource, elementId: null, rule: 'lint', message: `The linter failed: ${err instanceof Error ? err.message : String(err)}` }]
  }
}

/** Parses and lints a BPMN file's text; XML that does not parse gives no warnings (the other checks report it). */
export async function lintBpmnText(resource: string, xml: string): Promise<LintWarning[]> {
  let definitions: unknown
  try {
    definitions = (await new BpmnModdle({ zeebe: zeebeModdle }).fromXML(xml)).rootElement
  } catch {
    return []
  }
  return lintBpmn(resource, definitions)
}
