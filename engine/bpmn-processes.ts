// Which processes of a parsed BPMN file (bpmn-moddle) run: one rule for the embedded engine, the Operaton
// translation and the deployment checks.

/**
 * The processes of a BPMN file that run, as the modelers and Camunda's engines see it: a pool marked
 * isExecutable="false" beside an executable process (the applicant, another office) is documentation and is left
 * alone; a missing isExecutable counts as executable. When no process is executable, all of them (to be refused).
 */
export function executableProcesses(rootElement: any): any[] {
  const all = (rootElement?.rootElements ?? []).filter((e: any) => e.$type === 'bpmn:Process')
  const executable = all.filter((e: any) => e.isExecutable !== false)
  return executable.length ? executable : all
}

/** Containers whose flow elements belong to the same process (embedded, ad-hoc and transaction sub-processes). */
const CONTAINERS = new Set(['bpmn:SubProcess', 'bpmn:AdHocSubProcess', 'bpmn:Transaction'])

/**
 * Every flow element of a process or sub-process, those inside (nested) sub-processes included, each container
 * before its contents.
 */
export function flowElementsDeep(container: any): any[] {
  const out: any[] = []
  const visit = (c: any) => {
    for (const el of c?.flowElements ?? []) {
      out.push(el)
      if (CONTAINERS.has(el.$type)) visit(el)
    }
  }
  visit(container)
  return out
}
