// The checks of one BPMN file that need nothing but the file and the registries: the supported subset, FEEL parsed
// (never run), timers, ids (parseBpmn), then message names and error codes against the registries. Pure and
// CPU-bound: bpmn-off-thread.ts runs it on a worker thread. `parseProblems` are parseBpmn's alone (what its cache
// holds); `problems` has them and the registry checks.
import { parseBpmnDefinitions, type ProcessModel } from '../../engine/embedded/process-model.ts'
import { executableProcesses, flowElementsDeep } from '../../engine/bpmn-processes.ts'
import { isFeel } from '../../engine/embedded/feel.ts'
import type { DeploymentProblem } from '../../engine/port.ts'
import type { Registries } from './registries.ts'
import { canonicalResource, type CanonicalResource } from './canonical-content.ts'

export interface CheckedBpmnFile {
  processes: ProcessModel[]
  parseProblems: DeploymentProblem[]
  problems: DeploymentProblem[]
  /** What deploys all the same (diagram-only problems). */
  warnings: DeploymentProblem[]
  /** The file's canonical checksum and ids (canonical-content.ts), null when it does not parse. */
  canonical: CanonicalResource | null
}

const ext = (el: any, type: string): any => (el?.extensionElements?.values ?? []).find((e: any) => e.$type === type)

export async function checkBpmnFile(resource: string, xml: string, registries: Registries): Promise<CheckedBpmnFile> {
  const parsed = await parseBpmnDefinitions(resource, xml)
  const problems = [...parsed.problems]
  if (parsed.processes.length > 0 && parsed.definitions) problems.push(...checkMessagesAndErrors(resource, parsed.definitions, registries))
  // the deployment that follows needs it; worked out here, it is off the server's thread too
  const canonical = await canonicalResource(resource, xml).catch(() => null)
  return { processes: parsed.processes, parseProblems: parsed.problems, problems, warnings: parsed.warnings, canonical }
}

/** Message names and error codes against the registries (workers/message-names.ts, error-codes.ts). */
function checkMessagesAndErrors(resource: string, root: any, registries: Registries): DeploymentProblem[] {
  const problems: DeploymentProblem[] = []
  const problem = (elementId: string | null, rule: string, message: string) =>
    problems.push({ resource, elementId, rule, message })
  for (const proc of executableProcesses(root)) {
    for (const el of flowElementsDeep(proc)) {
      // a receive task waits for its message as a catch event does
      const waits = el.$type === 'bpmn:ReceiveTask' ? [{ $type: 'bpmn:MessageEventDefinition', messageRef: el.messageRef }] : []
      for (const def of [...(el.eventDefinitions ?? []), ...waits]) {
        // a message throw or end event sends (as a job): nothing needs to send it to us
        if (def.$type === 'bpmn:MessageEventDefinition' && (el.$type === 'bpmn:IntermediateThrowEvent' || el.$type === 'bpmn:EndEvent')) continue
        if (def.$type === 'bpmn:MessageEventDefinition') {
          const name = def.messageRef?.name
          if (typeof name === 'string' && name !== '' && !isFeel(name) && !registries.messageNames.includes(name)) {
            problem(el.id, 'message', `Message "${name}" is not in the message registry (workers/message-names.ts): nothing would send it`)
          }
        } else if (def.$type === 'bpmn:ErrorEventDefinition') {
          const code = def.errorRef?.errorCode
          if (code === undefined || code === null || code === '') {
            if (el.$type === 'bpmn:EndEvent') problem(el.id, 'error', 'An error end event needs an error with an error code')
            continue // a boundary without a code catches every error
          }
          if (isFeel(String(code))) continue
          const jobType = el.$type === 'bpmn:BoundaryEvent' ? ext(el.attachedToRef, 'zeebe:TaskDefinition')?.type : undefined
          if (typeof jobType === 'string' && registries.jobTypes.includes(jobType)) {
            if (!registries.errorCodesOf(jobType).includes(String(code))) {
              problem(el.id, 'error', `The handler of job type "${jobType}" never raises error code "${code}" (workers/error-codes.ts)`)
            }
          } else if (!registries.errorCodes.includes(String(code))) {
            problem(el.id, 'error', `Error code "${code}" is not in the error registry (workers/error-codes.ts)`)
          }
        }
      }
    }
  }
  return problems
}
