// The server-side checks of a procedure upload, beyond (and including) the engine's own: file names, unsafe XML,
// the supported BPMN subset with FEEL and timers (parseBpmn), forms (validateFormSchema), job types with a
// handler, forms that exist, decisions (DMN: parseDmn) and the decisions business rule tasks call, message names and
// error codes from the registries, ids used twice, user tasks of restricted procedures offered only to their allowed
// groups (check-restricted-assignments.ts). Used for the
// dry run (POST /api/deployments/check) and before every deployment. Never throws for bad content.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { validateFormSchema } from '../../engine/embedded/form-schema.ts'
import { jobTypeWithoutHandler } from '../../engine/job-type-warning.ts'
import { INTERNAL_JOB_TYPES } from '../../engine/embedded/internal-jobs.ts'
import { parseDmn } from '../../engine/embedded/dmn/parse-dmn.ts'
import type { DeploymentProblem, DeployResource } from '../../engine/port.ts'
import { checkRestrictedAssignments } from './check-restricted-assignments.ts'
import type { LintWarning } from './lint-bpmn.ts'
import { checkBpmnOffThread, lintOffThread } from './bpmn-off-thread.ts'
import { checkBpmnFile } from './check-bpmn-file.ts'
import { REGISTRIES, type Registries } from './registries.ts'

export { REGISTRIES, type Registries } from './registries.ts'
import { PROCESS_ID_PATTERN } from './process-drafts.ts'
import { unsafeXmlDeclaration } from './unsafe-xml.ts'

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
  const linting: Promise<LintWarning[]>[] = []

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
    // parsed, checked and linted on worker threads (seconds of CPU for a file of thousands of elements, which here
    // would hold every other request); inline with registries of a test's own
    const lint = lintOffThread(file.name, file.content)
    const parsed = deps.registries ? await checkBpmnFile(file.name, file.content, registries) : await checkBpmnOffThread(file.name, file.content)
    linting.push(parsed.processes.length > 0 ? lint : lint.then(() => []))
    problems.push(...parsed.problems)
    warnings.push(...parsed.warnings)
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
        if (el.kind === 'service' && !registries.jobTypes.includes(el.jobType) && !INTERNAL_JOB_TYPES.includes(el.jobType)) {
          warnings.push({ resource: file.name, elementId: el.id, rule: 'job-type', message: jobTypeWithoutHandler(el.jobType) })
        }
        if (el.kind === 'user' && el.formId) formsReferenced.push({ resource: file.name, elementId: el.id, formId: el.formId })
        if (el.kind === 'decision' && el.decisionId) decisionsReferenced.push({ resource: file.name, elementId: el.id, decisionId: el.decisionId })
      }
      if (model.startForm) formsReferenced.push({ resource: file.name, ...model.startForm })
    }
  }
  for (const found of await Promise.all(linting)) warnings.push(...found)

  // Forms linked from user tasks and start events: in this upload or already deployed.
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


function dedupe(problems: DeploymentProblem[]): DeploymentProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.resource}\u0000${p.elementId}\u0000${p.rule}\u0000${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
