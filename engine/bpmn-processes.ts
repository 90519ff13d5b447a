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
