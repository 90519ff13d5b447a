// bpmnlint's rules in one walk of the diagram. bpmnlint's own linter walks the whole model once per rule (about 70
// rules: 70 walks, each filtering every element's property descriptors again), which made linting a 5,000-element
// file take seconds (bench/RESULTS.md section 7). Here the rules bpmnlint resolved are applied in a single
// depth-first walk with the same semantics as its traverse and test-rule: a rule's `check` is a function or
// `{ enter, leave }`, `enter` returning false keeps that rule (only) out of the element's children, `leave` is still
// called, and a rule that throws reports one "rule-error" and is not called again. The reports are bpmnlint's:
// `{ id, message, path?, …, meta, category }` by rule name, rules without reports left out.
type ModdleElement = {
  $descriptor: { isGeneric?: boolean; properties: { name: string; isAttr?: boolean; isReference?: boolean; isMany?: boolean; type: string }[] }
  [key: string]: unknown
}

type Check = (node: ModdleElement, reporter: Reporter) => boolean | void
type Reporter = { report(id: string, message: string, path?: unknown): void }

export interface ResolvedRule {
  name: string
  category: string
  rule: { check?: Check | { enter?: Check; leave?: Check }; meta?: unknown }
}

export type LintReport = { id?: string; message: string; category: string; meta?: unknown; [key: string]: unknown }

const SIMPLE = new Set(['String', 'Boolean', 'Integer', 'Real'])

/** The contained (child-bearing) properties of a descriptor, computed once per descriptor. */
const containedCache = new WeakMap<object, ModdleElement['$descriptor']['properties']>()
function contained(descriptor: ModdleElement['$descriptor']) {
  let props = containedCache.get(descriptor)
  if (!props) {
    props = descriptor.properties.filter((p) => !p.isAttr && !p.isReference && !SIMPLE.has(p.type))
    containedCache.set(descriptor, props)
  }
  return props
}

interface Running {
  name: string
  category: string
  meta: unknown
  enter?: Check
  leave?: Check
  reports: Record<string, unknown>[]
  reporter: Reporter
  /** The element whose children this rule does not see (its enter returned false there), or null. */
  skipping: ModdleElement | null
  failed: boolean
}

export function lintSinglePass(root: ModdleElement, rules: readonly ResolvedRule[]): Record<string, LintReport[]> {
  const running: Running[] = []
  const failures: Record<string, LintReport[]> = {}
  for (const r of rules) {
    const check = r.rule.check
    const enter = typeof check === 'function' ? check : check?.enter
    const leave = typeof check === 'function' ? undefined : check?.leave
    if (!enter && !leave) {
      failures[r.name] = [{ message: 'no check implemented', category: 'rule-error' }]
      continue
    }
    const reports: Record<string, unknown>[] = []
    const reporter: Reporter = {
      report(id, message, path) {
        let report: Record<string, unknown> = { id, message }
        if (Array.isArray(path)) report = { ...report, path }
        else if (path && typeof path === 'object') report = { ...report, ...(path as object) }
        reports.push(report)
      },
    }
    running.push({ name: r.name, category: r.category, meta: r.rule.meta, enter, leave, reports, reporter, skipping: null, failed: false })
  }

  const call = (rule: Running, fn: Check, node: ModdleElement): boolean | void => {
    try {
      return fn(node, rule.reporter)
    } catch (err) {
      rule.failed = true
      failures[rule.name] = [{ message: err instanceof Error ? err.message : String(err), category: 'rule-error' }]
      return undefined
    }
  }

  const walk = (node: ModdleElement) => {
    for (const rule of running) {
      if (rule.failed || rule.skipping || !rule.enter) continue
      if (call(rule, rule.enter, node) === false) rule.skipping = node
    }
    const descriptor = node.$descriptor
    // children only while some rule still looks at them (bpmnlint: enter returning false skips the subtree)
    if (!descriptor.isGeneric && running.some((r) => !r.failed && !r.skipping)) {
      for (const p of contained(descriptor)) {
        if (!(p.name in node)) continue
        const value = node[p.name]
        if (p.isMany) for (const child of value as ModdleElement[]) walk(child)
        else if (value) walk(value as ModdleElement)
      }
    }
    for (const rule of running) {
      if (rule.skipping === node) rule.skipping = null
      if (rule.failed || rule.skipping || !rule.leave) continue
      call(rule, rule.leave, node)
    }
  }
  walk(root)

  const out: Record<string, LintReport[]> = { ...failures }
  for (const rule of running) {
    if (rule.failed || rule.reports.length === 0) continue
    out[rule.name] = rule.reports.map((r) => ({ ...r, meta: rule.meta, category: rule.category }) as LintReport)
  }
  return out
}
