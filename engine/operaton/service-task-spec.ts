// What the external-task worker needs to know about a service task of the ORIGINAL Zeebe model (the translated
// BPMN deployed to Operaton carries no io mappings and no headers): read with the embedded engine's parser, so
// both engines apply the same mappings.
import type { ServiceTaskModel } from '../embedded/process-model.ts'
import { parseBpmn } from '../embedded/process-model.ts'

export interface ServiceTaskSpec {
  /** zeebe:taskDefinition type (the external task's topic). */
  type: string
  /** zeebe:taskDefinition retries: a number or a FEEL expression ("=…"), evaluated against the process variables. */
  retries: string | number
  /** zeebe:taskHeaders. */
  headers: Record<string, string>
  /** zeebe:ioMapping input parameters (FEEL sources). */
  inputs: { source: string; target: string }[]
  /** zeebe:ioMapping output parameters (FEEL sources). */
  outputs: { source: string; target: string }[]
  /**
   * Error codes caught by error boundary events on the task ("*": any). When given, a BPMN error no boundary
   * catches becomes an incident, as on the embedded engine; when absent, every BPMN error is passed to Operaton.
   */
  caughtErrorCodes?: string[]
  /** The multi-instance sub-process whose inner instance the task is in (its variables are kept there), or null. */
  loopScope?: string | null
}

/** Finds the ServiceTaskSpec of an activity: (Operaton process definition id, activity id) → spec or null. */
export type ServiceTaskLookup = (processDefinitionId: string, activityId: string) => Promise<ServiceTaskSpec | null>

export function specOfServiceTask(el: ServiceTaskModel, loopScope: string | null = null): ServiceTaskSpec {
  return {
    type: el.jobType,
    retries: el.retries,
    headers: { ...el.headers },
    inputs: el.io.inputs.map((m) => ({ ...m })),
    outputs: el.io.outputs.map((m) => ({ ...m })),
    caughtErrorCodes: [...el.caughtErrorCodes],
    loopScope,
  }
}

/** The service tasks of one process of a Zeebe BPMN file, by element id (empty when the process is not in it). */
export async function serviceTaskSpecs(resourceName: string, zeebeXml: string, processId: string): Promise<Map<string, ServiceTaskSpec>> {
  const parsed = await parseBpmn(resourceName, zeebeXml)
  const out = new Map<string, ServiceTaskSpec>()
  const model = parsed.processes.find((p) => p.processId === processId)
  for (const el of model?.elements.values() ?? []) {
    if (el.kind === 'service') out.set(el.id, specOfServiceTask(el, model!.loopScoped.get(el.id) ?? null))
  }
  return out
}
