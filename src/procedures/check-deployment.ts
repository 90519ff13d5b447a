// The server-side checks of a procedure upload, beyond (and including) the engine's own: file names, unsafe XML,
// the supported BPMN subset with FEEL and timers (parseBpmn), forms (validateFormSchema), job types with a
// handler, forms that exist, decisions (DMN: parseDmn) and the decisions business rule tasks call, message names and
// error codes from the registries, ids used twice, user tasks of restricted procedures offered only to their allowed
// groups (check-restricted-assignments.ts). Used for the
// dry run (POST /api/deployments/check) and before every deployment. Never throws for bad content.
import { BpmnModdle } from 'bpmn-moddle'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { isFeel } from '../../engine/embedded/feel.ts'
import { validateFormSchema } from '../../engine/embedded/form-schema.ts'
import { executableProcesses, flowElementsDeep } from '../../engine/bpmn-processes.ts'
import { parseBpmn, zeebeModdle } from '../../engine/embedded/process-model.ts'
import { jobTypeWithoutHandler } from '../../engine/job-type-warning.ts'
import { parseDmn } from '../../engine/embedded/dmn/parse-dmn.ts'
import type { DeploymentProblem, DeployResource } from '../../engine/port.ts'
import { ErrorCode, errorCodesOf } from '../../workers/error-codes.ts'
import { MessageName } from '../../workers/message-names.ts'
import { TaskType } from '../../workers/task-types.ts'
import { checkRestrictedAssignments } from './check-restricted-assignments.ts'
import { lintBpmn, type LintWarning } from './lint-bpmn.ts'
import { PROCESS_ID_PATTERN } from './process-drafts.ts'
import { unsafeXmlDeclaration } from './unsafe-xml.ts'

export interface Registries {
  jobTypes: readonly string[]
  messageNames: readonly string[]
  /** Every known error code (error end events may throw any of them). */
  errorCodes: readonly string[]
  /** The codes the handler of a job type may return (what an error boundary on such a service task may catch). */
  errorCodesOf: (jobType: string) => readonly string[]
}

export const REGISTRIES: Registries = {
  jobTypes: Object.values(TaskType),
  messageNames: Object.values(MessageName),
  errorCodes: Object.values(ErrorCode),
  errorCodesOf,
}

export interface CheckResult {
  problems: DeploymentProblem[]
  /** bpmnlint findings (recommended + Camunda 8.9 compatibility rules): shown, never blocking. */
  warnings: LintWarning[]
  /** Ids of the processes the BPMN files define (also when there are problems). */
  processIds: string[]
  formIds: string[]
  /** Ids of the decisions the DMN files define. */
  decisionIds: string[]
}

const ext = (el: any, type: string): any => (el?.extensionElements?.values ?? []).find((e: any) => e.$type === type)

/** Resource names: a plain file name ending in .bpmn, .dmn or .form (no folders). */
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,98}\.(bpmn|dmn|form)$/

export async function checkDeployment(
  files: readonly DeployResource[],
  deps: { prisma: PrismaClient; registries?: Registries },
): Promise<CheckResult> {
  const registries = deps.registries ?? REGISTRIES
  const problems: DeploymentProblem[] = []
  const warnings: LintWarning[] = []
  const processIds: string[] = []
  const formIds: string[] = []
  const formsReferenced: { resource: string; elementId: string; formId: string }[] = []
  const processFile = new Map<string, string>()
  const formFile = new Map<string, string>()
  const decisionIds: string[] = []
  const decisionFile = new Map<string, string>()
  const decisionsReferenced: { resource: string; elementId: string; decisionId: string }[] = []
  const parsedBpmn: DeployResource[] = []

  if (files.length === 0) problems.push({ resource: '', elementId: null, rule: 'resource', message: 'No files to deploy' })
  const names = new Set<string>()
  for (const file of files) {
    const problem = (elementId: string | null, rule: string, message: string) =>
      problems.push({ resource: file.name, elementId, rule, message })
    if (!RESOURCE_NAME.test(file.name)) {
      problem(null, 'resource', 'Only .bpmn, .dmn and .form files with plain names (letters, digits, . _ - and spaces) can be deployed')
      continue
    }
    if (names.has(file.name)) problem(null, 'resource', `The file "${file.name}" is given twice`)
    names.add(file.name)

    if (file.name.endsWith('.form')) {
      const checked = validateFormSchema(file.name, file.content)
      problems.push(...checked.problems)
      if (checked.formId) {
        const other = formFile.get(checked.formId)
        if (other) problem(null, 'form', `Form "${checked.formId}" is also defined in ${other}`)
        formFile.set(checked.formId, file.name)
        formIds.push(checked.formId)
      }
      continue
    }

    const declaration = unsafeXmlDeclaration(file.content)
    if (declaration) {
      problem(null, 'unsafe-xml', `The file contains a ${declaration} declaration; ${file.name.endsWith('.dmn') ? 'DMN' : 'BPMN'} files may not declare a DTD or entities`)
      continue
    }
    if (file.name.endsWith('.dmn')) {
      const parsedDmn = await parseDmn(file.name, file.content)
      problems.push(...parsedDmn.problems)
      for (const decision of parsedDmn.decisions) {
        const other = decisionFile.get(decision.decisionId)
        if (other && other !== file.name) problem(decision.decisionId, 'decision-id', `Decision "${decision.decisionId}" is also defined in ${other}`)
        decisionFile.set(decision.decisionId, file.name)
        decisionIds.push(decision.decisionId)
      }
      continue
    }
    const parsed = await parseBpmn(file.name, file.content)
    problems.push(...parsed.problems)
    parsedBpmn.push(file)
    for (const model of parsed.processes) {
      processIds.push(model.processId)
      if (!PROCESS_ID_PATTERN.test(model.processId)) {
        problem(model.processId, 'process-id', 'Process ids may use letters, digits, "_", "-" and "." only (at most 100)')
      }
      const other = processFile.get(model.processId)
      if (other) problem(model.processId, 'process-id', `Process "${model.processId}" is also defined in ${other}`)
      processFile.set(model.processId, file.name)
      for (const el of model.elements.values()) {
        // deploys with a warning, as on Zeebe and Operaton: the jobs wait, and administrators see them waiting
        if (el.kind === 'service' && !registries.jobTypes.includes(el.jobType)) {
          warnings.push({ resource: file.name, elementId: el.id, rule: 'job-type', message: jobTypeWithoutHandler(el.jobType) })
        }
        if (el.kind === 'user' && el.formId) formsReferenced.push({ resource: file.name, elementId: el.id, formId: el.formId })
        if (el.kind === 'decision' && el.decisionId) decisionsReferenced.push({ resource: file.name, elementId: el.id, decisionId: el.decisionId })
      }
    }
    if (parsed.processes.length > 0) {
      const checked = await checkMessagesAndErrors(file, registries)
      problems.push(...checked.problems)
      if (checked.definitions) warnings.push(...(await lintBpmn(file.name, checked.definitions)))
    }
  }

  // Forms linked from user tasks: in this upload or already deployed.
  for (const ref of formsReferenced) {
    if (formFile.has(ref.formId)) continue
    const existing = await deps.prisma.formDefinition.findFirst({ where: { formId: ref.formId }, select: { id: true } })
    if (!existing) {
      problems.push({ resource: ref.resource, elementId: ref.elementId, rule: 'form', message: `Form "${ref.formId}" is not deployed` })
    }
  }
  // Decisions called by business rule tasks: in this upload or already deployed.
  for (const ref of decisionsReferenced) {
    if (decisionFile.has(ref.decisionId)) continue
    const existing = await deps.prisma.decisionDefinition.findFirst({ where: { decisionId: ref.decisionId }, select: { id: true } })
    if (!existing) {
      problems.push({ resource: ref.resource, elementId: ref.elementId, rule: 'decision', message: `Decision "${ref.decisionId}" is not deployed` })
    }
  }
  // Restricted procedures: their user tasks offered to their allowed groups only.
  problems.push(...(await checkRestrictedAssignments(parsedBpmn, deps)))
  const deduped = dedupe(problems)
  // an element with a problem needs no lint warning about the same thing in other words
  const withProblems = new Set(deduped.map((p) => `${p.resource}#${p.elementId}`))
  return { problems: deduped, warnings: warnings.filter((w) => !w.elementId || !withProblems.has(`${w.resource}#${w.elementId}`)), processIds, formIds, decisionIds }
}

/** Message names and error codes against the registries (workers/message-names.ts, error-codes.ts). */
async function checkMessagesAndErrors(file: DeployResource, registries: Registries): Promise<{ problems: DeploymentProblem[]; definitions: unknown }> {
  const problems: DeploymentProblem[] = []
  const problem = (elementId: string | null, rule: string, message: string) =>
    problems.push({ resource: file.name, elementId, rule, message })
  let root: any
  try {
    root = (await new BpmnModdle({ zeebe: zeebeModdle }).fromXML(file.content)).rootElement
  } catch {
    return { problems, definitions: null } // parseBpmn already reported it
  }
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
  return { problems, definitions: root }
}

function dedupe(problems: DeploymentProblem[]): DeploymentProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.resource}\u0000${p.elementId}\u0000${p.rule}\u0000${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
