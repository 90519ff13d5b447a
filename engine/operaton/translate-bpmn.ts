// Translates our Zeebe-flavoured BPMN (zeebe:* extensions, FEEL "=expr") into BPMN that Operaton 1.0.3 runs with the
// same behaviour, and refuses (DeploymentProblem, rule 'portable', the element named) whatever has no faithful
// mapping. Pure: no I/O. The README ("Operaton: what the translation does") has the table of rules.
//
// Interface:
//   translateBpmn(resourceName, zeebeXml, { decisions? }) → { xml, problems }    problems non-empty → refuse
//     options.decisions: Map<decisionId, dmnXml>, the DMN text of every decision a business rule task may call
//     (the same deployment's .dmn files plus the newest deployed version of the others). It chooses
//     camunda:mapDecisionResult; a called decision missing from it is refused.
//   translateDmn(resourceName, dmnXml) → { xml, problems }                        (translate-decision.ts)
//   decisionResultMapping(decisionId, dmnTexts) → 'singleEntry' | … | { refused } | null   (translate-decision.ts)
//   messageCorrelations(zeebeXml) → [{ processId, elementId, messageName, correlationVariable }]
//
// What the adapter must know:
//   - Service tasks become external tasks on topic = the zeebe job type; their io mappings, headers and retries are
//     NOT in the output: the worker applies them from the original model.
//   - A user task with zeebe:output mappings gets camunda:outputParameter (FEEL). On Zeebe the completion variables
//     of such a task stay local (only the outputs reach the process); to keep that, complete it by first setting the
//     form's variables as LOCAL variables of the task's execution (POST /execution/{executionId}/localVariables; the
//     task is a scope because it has an io mapping), then POST /task/{id}/complete without variables.
//   - Message catch events keep their bpmn:message; publish with correlationKeys { [correlationVariable]: key }.
//   - Start events, service tasks, user tasks and message catch events carry camunda:asyncAfter="true".
//   - Inside an inner instance of a multi-instance sub-process (translate-inner-scope.ts), jobs, user tasks and message
//     catches must complete with their variables carried in INNER_SCOPE_CARRIER (inner-scope-carrier.ts), and a
//     message to such a catch goes to its one subscription (POST /execution/{id}/messageSubscriptions/{name}/trigger).
//   - Compensation (boundary events, associations, isForCompensation handlers, throw and end events) is kept as
//     drawn: Operaton runs it natively; ../compensation-model.ts refuses what the embedded engine refuses.
import { expandAdHocSubProcesses, mayHoldAdHoc } from '../ad-hoc-subprocess.ts'
import { BpmnModdle } from 'bpmn-moddle'
import { createRequire } from 'node:module'
import type { DeploymentProblem } from '../port.ts'
import { compensationOf } from '../compensation-model.ts'
import { executableProcesses, flowElementsDeep } from '../bpmn-processes.ts'
import { loopSubProcessAround, zeebeModdle } from '../embedded/process-model.ts'
import { SIGNAL_JOB_TYPE } from '../embedded/internal-jobs.ts'
import { parseTimerCycle, timerCycleRefusal } from '../timer-cycle.ts'
import { translateLoop } from './translate-loop.ts'
import { innerScopeRefusal, keepInInnerScope } from './translate-inner-scope.ts'
import {
  extensionOf,
  feelParameter,
  inputOutput,
  isVariableName,
  replaceExtensions,
  translateIoMapping,
  zeebeExtensions,
  type TranslationContext,
} from './translate-context.ts'
import { decisionResultMapping } from './translate-decision.ts'
import { looksLikeJuel, strictJuel, zeebeValue } from './translate-expressions.ts'
import { translateUserTask } from './translate-user-task.ts'
import { isDiagramOnlyWarning, xmlProblemText } from '../xml-problem.ts'

export { translateDmn, decisionResultMapping, type MapDecisionResult } from './translate-decision.ts'

const require = createRequire(import.meta.url)
const camundaSchema = require('camunda-bpmn-moddle/resources/camunda.json')
// Both schemas define TemplateSupported (modelerTemplate on every flow element); moddle refuses the second
// definition and then drops whole processes as unparsable. Templates have no behaviour: the camunda one is left out.
const camundaModdle = { ...camundaSchema, types: camundaSchema.types.filter((t: { name: string }) => t.name !== 'TemplateSupported') }

export interface TranslationResult {
  xml: string
  problems: DeploymentProblem[]
}

export interface TranslateOptions {
  /** DMN text by decision id, for the decisions business rule tasks call (chooses camunda:mapDecisionResult). */
  decisions?: ReadonlyMap<string, string>
}

export interface MessageCorrelation {
  processId: string
  elementId: string
  messageName: string
  /** The process variable whose value is the correlation key (`=caseId` → "caseId"). */
  correlationVariable: string
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any

const PASS_THROUGH = new Set([
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:ManualTask',
  'bpmn:Task',
  'bpmn:EventBasedGateway',
  'bpmn:SequenceFlow',
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:Group',
  // modelling only, as on Zeebe (Operaton makes no variables of them; bpmn-coverage.spec.ts checks)
  'bpmn:DataObjectReference',
  'bpmn:DataObject',
  'bpmn:DataStoreReference',
])

/** zeebe:* extension elements each element kind may carry; any other is refused. */
const ALLOWED_ZEEBE: Record<string, string[]> = {
  service: ['zeebe:TaskDefinition', 'zeebe:IoMapping', 'zeebe:TaskHeaders'],
  decision: ['zeebe:CalledDecision', 'zeebe:IoMapping'],
  user: ['zeebe:UserTask', 'zeebe:AssignmentDefinition', 'zeebe:TaskSchedule', 'zeebe:PriorityDefinition', 'zeebe:FormDefinition', 'zeebe:Properties', 'zeebe:IoMapping'],
  event: ['zeebe:IoMapping'],
  script: ['zeebe:Script', 'zeebe:IoMapping'],
  call: ['zeebe:CalledElement', 'zeebe:IoMapping'],
  process: ['zeebe:VersionTag'],
  /** A start event's form is the registration form: the app renders and validates it; the translation drops it. */
  start: ['zeebe:FormDefinition'],
  none: [],
}

const shortType = (el: El) => String(el.$type).replace('bpmn:', '')

function newModdle() {
  return new BpmnModdle({ zeebe: zeebeModdle, camunda: camundaModdle })
}

async function read(xml: string): Promise<{ root: El; error: string | null }> {
  try {
    const { rootElement } = (await newModdle().fromXML(xml)) as El
    if (rootElement?.$type !== 'bpmn:Definitions') return { root: null, error: 'the file has no bpmn:definitions root element' }
    return { root: rootElement, error: null }
  } catch (err) {
    return { root: null, error: xmlProblemText(err) }
  }
}

interface MessageInfo {
  name: string | null
  /** zeebe:subscription correlationKey, as written. */
  correlationKey: string | null
}

/** Messages by id, read before the translation drops their zeebe:subscription. */
function messagesOf(root: El): Map<string, MessageInfo> {
  const out = new Map<string, MessageInfo>()
  for (const el of root.rootElements ?? []) {
    if (el.$type !== 'bpmn:Message') continue
    const key = extensionOf(el, 'zeebe:Subscription')?.correlationKey
    out.set(el.id, { name: el.name ? String(el.name) : null, correlationKey: typeof key === 'string' ? key : null })
  }
  return out
}

/** Translates one BPMN file. Never throws for bad content: problems are returned (and `xml` is then not usable). */
export async function translateBpmn(resourceName: string, zeebeXml: string, options: TranslateOptions = {}): Promise<TranslationResult> {
  const problems: DeploymentProblem[] = []
  const moddle = newModdle()
  const ctx: TranslationContext = {
    moddle,
    refuse: (elementId, message) => problems.push({ resource: resourceName, elementId, rule: 'portable', message }),
  }
  let root: El
  let dropDiagrams = false
  try {
    const parsed = (await moddle.fromXML(zeebeXml)) as El
    root = parsed.rootElement
    // A warning means content the parser skipped: translating the rest would silently change the process. One about
    // the diagram only (a shape whose element is gone) changes nothing that runs: the diagram is left out of
    // Operaton's copy instead (Operaton refuses a shape without its element; our catalog keeps the original).
    for (const w of parsed.warnings ?? []) {
      if (isDiagramOnlyWarning(w)) dropDiagrams = true
      else ctx.refuse(w?.element?.id ?? null, `Part of the file could not be read, so it cannot be translated faithfully: ${xmlProblemText(w)}`)
    }
  } catch (err) {
    ctx.refuse(null, `The file is not BPMN XML that can be translated: ${xmlProblemText(err)}`)
    return { xml: zeebeXml, problems }
  }
  if (root?.$type !== 'bpmn:Definitions') {
    ctx.refuse(null, 'The file has no bpmn:definitions root element')
    return { xml: zeebeXml, problems }
  }

  // an ad-hoc sub-process runs as what it means on both engines (ad-hoc-subprocess.ts)
  if (mayHoldAdHoc(zeebeXml)) expandAdHocSubProcesses(moddle, root, ctx.refuse)
  const messages = messagesOf(root)
  // a pool marked isExecutable="false" beside an executable process is documentation: Operaton skips it, and so
  // does the translation (executableProcesses; refused only when no process of the file is executable)
  const running = new Set(executableProcesses(root))
  for (const rootEl of root.rootElements ?? []) {
    if (rootEl.$type === 'bpmn:Message') translateMessage(ctx, rootEl)
    else if (rootEl.$type === 'bpmn:Process' && !running.has(rootEl)) continue
    else if (rootEl.$type === 'bpmn:Process') await translateProcess(ctx, rootEl, messages, options)
    else if (zeebeExtensions(rootEl).length) ctx.refuse(rootEl.id, `${shortType(rootEl)} carries Zeebe extensions that cannot be translated`)
  }
  if (dropDiagrams) root.diagrams = []
  root.set('xmlns:camunda', 'http://camunda.org/schema/1.0/bpmn')
  const { xml } = await moddle.toXML(root, { format: true })
  return { xml, problems }
}

function translateMessage(ctx: TranslationContext, message: El): void {
  if (!message.name || String(message.name).trim().startsWith('=') || looksLikeJuel(String(message.name))) {
    ctx.refuse(message.id, 'A message needs a static name; a computed message name cannot be translated')
  }
  // The correlation key is checked on the catch events that use the message (they are what waits).
  replaceExtensions(ctx, message, [])
}

function refuseUnknownZeebe(ctx: TranslationContext, el: El, kind: keyof typeof ALLOWED_ZEEBE): void {
  for (const e of zeebeExtensions(el)) {
    if (!ALLOWED_ZEEBE[kind].includes(e.$type)) {
      ctx.refuse(el.id, `${String(e.$type)} on ${shortType(el)} cannot be translated to Operaton`)
    }
  }
}

async function translateProcess(ctx: TranslationContext, process: El, messages: Map<string, MessageInfo>, options: TranslateOptions): Promise<void> {
  if (process.isExecutable === false) ctx.refuse(process.id, `Process "${process.id}" is not marked executable`)
  refuseUnknownZeebe(ctx, process, 'process')
  const versionTag = extensionOf(process, 'zeebe:VersionTag')?.value
  if (versionTag) process.set('camunda:versionTag', String(versionTag))
  replaceExtensions(ctx, process, [])
  // compensation runs natively on Operaton; what the embedded engine cannot run is refused here too (same diagrams)
  compensationOf(process, (elementId, message) => ctx.refuse(elementId, message))
  // Lanes carry no behaviour: they pass through.
  await translateFlowElements(ctx, process, messages, options)
}

/** The flow elements of a process or an embedded sub-process (and, through it, of the sub-processes inside). */
async function translateFlowElements(ctx: TranslationContext, container: El, messages: Map<string, MessageInfo>, options: TranslateOptions): Promise<void> {
  const flowElements: El[] = container.flowElements ?? []
  for (const el of flowElements) await translateFlowElement(ctx, el, flowElements, messages, options)
}

/** A send task, message throw event or message end event with a job type: an external task on that topic. */
function translateJobEvent(ctx: TranslationContext, el: El, definition: El): void {
  refuseUnknownZeebe(ctx, el, 'service')
  const type = extensionOf(el, 'zeebe:TaskDefinition')?.type
  if (!type || String(type).trim().startsWith('=')) {
    ctx.refuse(el.id, `A ${shortType(el) === 'EndEvent' ? 'message end event' : 'message throw event'} runs as a job: it needs a static job type (zeebe:taskDefinition type)`)
    return
  }
  definition.set('camunda:type', 'external')
  definition.set('camunda:topic', String(type))
  el.set('camunda:asyncAfter', true)
  replaceExtensions(ctx, el, [])
}

async function translateFlowElement(ctx: TranslationContext, el: El, all: El[], messages: Map<string, MessageInfo>, options: TranslateOptions): Promise<void> {
  // inside an inner instance of a multi-instance sub-process (a variable scope of its own): translate-inner-scope.ts
  const loopScope = loopSubProcessAround(el)
  const refusal = loopScope ? innerScopeRefusal(el, loopScope) : null
  if (refusal) {
    ctx.refuse(el.id, refusal)
    return
  }
  if (el.loopCharacteristics && !['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:UserTask', 'bpmn:CallActivity', 'bpmn:SubProcess'].includes(el.$type)) {
    ctx.refuse(el.id, 'Only service, send and user tasks, sub-processes and call activities can be multi-instance on Operaton')
    return
  }
  if (el.loopCharacteristics && el.triggeredByEvent) {
    ctx.refuse(el.id, 'An event sub-process cannot be multi-instance')
    return
  }
  await translateElement(ctx, el, all, messages, options)
  // a multi-instance activity: its loop, once the element's own extensions are rewritten
  if (el.loopCharacteristics) translateLoop(ctx, el, all)
  if (loopScope) keepInInnerScope(ctx, el)
}

async function translateElement(ctx: TranslationContext, el: El, all: El[], messages: Map<string, MessageInfo>, options: TranslateOptions): Promise<void> {
  const definitions: El[] = el.eventDefinitions ?? []
  if (definitions.length > 1) {
    ctx.refuse(el.id, 'Events with several event definitions cannot be translated')
    return
  }
  const definition = definitions[0]
  switch (el.$type) {
    case 'bpmn:StartEvent':
      if (el.$parent?.triggeredByEvent) return translateEventSubProcessStart(ctx, el, definition, messages)
      refuseUnknownZeebe(ctx, el, 'start')
      // a message or timer start: the adapter starts the instance when the message is published or the timer is due
      // (engine/message-starts.ts, engine/timer-starts.ts: the same schedule as on the embedded engine)
      // a signal start: the adapter starts the instance for each throw (engine/signal-starts.ts)
      if (['bpmn:MessageEventDefinition', 'bpmn:TimerEventDefinition', 'bpmn:SignalEventDefinition'].includes(definition?.$type) && el.$parent?.$type === 'bpmn:Process') {
        if (definition.$type === 'bpmn:SignalEventDefinition' && (!definition.signalRef?.name || String(definition.signalRef.name).trim().startsWith('='))) {
          ctx.refuse(el.id, 'A signal start event needs a signal with a static name')
        }
        el.eventDefinitions = []
      } else if (definition) ctx.refuse(el.id, `A start event with ${shortType(definition)} cannot be translated; only plain, message, timer and signal start events are`)
      el.set('camunda:asyncAfter', true)
      replaceExtensions(ctx, el, [])
      return
    case 'bpmn:EndEvent':
      if (definition?.$type === 'bpmn:MessageEventDefinition') return translateJobEvent(ctx, el, definition)
      if (definition?.$type === 'bpmn:SignalEventDefinition') return translateSignalThrow(ctx, el, definition)
      refuseUnknownZeebe(ctx, el, 'none')
      if (definition && !['bpmn:ErrorEventDefinition', 'bpmn:TerminateEventDefinition', 'bpmn:EscalationEventDefinition', 'bpmn:CompensateEventDefinition'].includes(definition.$type)) {
        ctx.refuse(el.id, `An end event with ${shortType(definition)} cannot be translated`)
      }
      if (definition?.$type === 'bpmn:ErrorEventDefinition') checkError(ctx, el, definition)
      replaceExtensions(ctx, el, [])
      return
    case 'bpmn:IntermediateThrowEvent':
      if (definition?.$type === 'bpmn:MessageEventDefinition') return translateJobEvent(ctx, el, definition)
      if (definition?.$type === 'bpmn:SignalEventDefinition') return translateSignalThrow(ctx, el, definition)
      refuseUnknownZeebe(ctx, el, 'none')
      if (definition && !['bpmn:LinkEventDefinition', 'bpmn:EscalationEventDefinition', 'bpmn:CompensateEventDefinition'].includes(definition.$type)) {
        ctx.refuse(el.id, `An intermediate throw event with ${shortType(definition)} cannot be translated`)
      }
      replaceExtensions(ctx, el, [])
      return
    case 'bpmn:SubProcess':
      refuseUnknownZeebe(ctx, el, 'none')
      // an event sub-process is kept as it is (Operaton runs them natively); its start event below
      replaceExtensions(ctx, el, [])
      return translateFlowElements(ctx, el, messages, options)
    case 'bpmn:ScriptTask':
      return translateScriptTask(ctx, el)
    case 'bpmn:CallActivity':
      return translateCallActivity(ctx, el)
    case 'bpmn:ReceiveTask':
      refuseUnknownZeebe(ctx, el, 'none')
      replaceExtensions(ctx, el, [])
      checkMessage(ctx, el, el.messageRef ? messages.get(el.messageRef.id) : undefined, 'A receive task')
      el.set('camunda:asyncAfter', true)
      return
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
      return translateServiceTask(ctx, el)
    case 'bpmn:BusinessRuleTask':
      if (extensionOf(el, 'zeebe:CalledDecision')) return translateDecisionTask(ctx, el, options)
      return translateServiceTask(ctx, el)
    case 'bpmn:UserTask':
      refuseUnknownZeebe(ctx, el, 'user')
      return translateUserTask(ctx, el)
    case 'bpmn:IntermediateCatchEvent':
    case 'bpmn:BoundaryEvent':
      return translateCatchEvent(ctx, el, definition, messages)
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:InclusiveGateway':
      refuseUnknownZeebe(ctx, el, 'none')
      return translateConditionalGateway(ctx, el, all)
    case 'bpmn:SequenceFlow':
      refuseUnknownZeebe(ctx, el, 'none')
      if (el.conditionExpression && !['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway'].includes(el.sourceRef?.$type)) {
        ctx.refuse(el.id, 'A condition on a flow that does not leave an exclusive or inclusive gateway cannot be translated')
      }
      return
    default:
      if (PASS_THROUGH.has(el.$type)) {
        refuseUnknownZeebe(ctx, el, 'none')
        replaceExtensions(ctx, el, [])
        return
      }
      ctx.refuse(el.id, `${shortType(el)} cannot be translated to Operaton (outside the supported subset)`)
  }
}

function translateServiceTask(ctx: TranslationContext, el: El): void {
  refuseUnknownZeebe(ctx, el, 'service')
  const type = extensionOf(el, 'zeebe:TaskDefinition')?.type
  if (!type || String(type).trim().startsWith('=')) {
    ctx.refuse(el.id, 'A service task needs a static job type (zeebe:taskDefinition type); it becomes the external task topic')
    return
  }
  el.set('camunda:type', 'external')
  el.set('camunda:topic', String(type))
  el.set('camunda:asyncAfter', true)
  replaceExtensions(ctx, el, [])
}

async function translateDecisionTask(ctx: TranslationContext, el: El, options: TranslateOptions): Promise<void> {
  refuseUnknownZeebe(ctx, el, 'decision')
  const called = extensionOf(el, 'zeebe:CalledDecision')
  const decisionId = called.decisionId ? String(called.decisionId) : ''
  const resultVariable = called.resultVariable ? String(called.resultVariable) : ''
  if (!decisionId || decisionId.trim().startsWith('=')) {
    ctx.refuse(el.id, 'A called decision needs a static decision id')
    return
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(resultVariable)) {
    ctx.refuse(el.id, 'A called decision needs a result variable that is a plain variable name')
    return
  }
  const binding = called.bindingType ?? 'latest'
  if (binding !== 'latest' && binding !== 'deployment') {
    ctx.refuse(el.id, `The decision binding "${binding}" cannot be translated; use the latest version or the same deployment`)
    return
  }
  const dmn = options.decisions?.get(decisionId)
  const mapping = dmn ? await decisionResultMapping(decisionId, [dmn]) : null
  if (mapping === null) {
    ctx.refuse(el.id, `Decision "${decisionId}" is not known to the translation; its DMN decides how the result is mapped (deploy it with the process)`)
    return
  }
  if (typeof mapping !== 'string') {
    ctx.refuse(el.id, `Decision "${decisionId}" cannot be called on Operaton: ${mapping.refused}`)
    return
  }
  const io = translateIoMapping(ctx, el)
  // With output mappings Zeebe keeps the result variable local to the task; a local null input makes Operaton set
  // the result there too (setVariable writes to the scope that already has the variable).
  if (io.outputs.length && !io.inputs.some((p: El) => p.name === resultVariable)) {
    io.inputs.push(feelParameter(ctx, 'camunda:InputParameter', resultVariable, 'null'))
  }
  el.set('camunda:decisionRef', decisionId)
  el.set('camunda:decisionRefBinding', binding)
  el.set('camunda:resultVariable', resultVariable)
  el.set('camunda:mapDecisionResult', mapping)
  replaceExtensions(ctx, el, inputOutput(ctx, io))
}

/**
 * A script task with a FEEL expression (zeebe:script): Operaton runs FEEL scripts (the same FEEL engine as the io
 * mappings), the result into camunda:resultVariable. Job-worker script tasks (zeebe:taskDefinition) are refused.
 */
function translateScriptTask(ctx: TranslationContext, el: El): void {
  refuseUnknownZeebe(ctx, el, 'script')
  const script = extensionOf(el, 'zeebe:Script')
  const expression = script?.expression ? zeebeValue(String(script.expression)) : null
  if (!expression || expression.kind === 'literal') {
    ctx.refuse(el.id, 'A script task needs a FEEL expression (zeebe:script expression="=…"); job-worker script tasks cannot be translated')
    return
  }
  const resultVariable = script.resultVariable ? String(script.resultVariable) : ''
  if (!isVariableName(resultVariable)) {
    ctx.refuse(el.id, 'A script task needs a result variable that is a plain variable name')
    return
  }
  const io = translateIoMapping(ctx, el)
  // as a decision task: with output mappings the result stays local to the task
  if (io.outputs.length && !io.inputs.some((p: El) => p.name === resultVariable)) {
    io.inputs.push(feelParameter(ctx, 'camunda:InputParameter', resultVariable, 'null'))
  }
  el.scriptFormat = 'feel'
  el.script = expression.kind === 'reference' ? expression.name : expression.expression
  el.set('camunda:resultVariable', resultVariable)
  replaceExtensions(ctx, el, inputOutput(ctx, io))
}

/**
 * A call activity (zeebe:calledElement): Operaton's call activity on the newest version of the called process, with
 * the case's business key. Zeebe's variable passing: all the parent's variables go in (camunda:in variables="all";
 * only the input mappings, as local variables, with propagateAllParentVariables="false"); the child's variables come
 * back (camunda:out variables="all"), or with output mappings only those (the child's variables land locally on the
 * call activity and the FEEL output parameters map them), or none with propagateAllChildVariables="false". A
 * multi-instance call activity keeps the child's variables local to each inner instance (output mappings refused).
 */
function translateCallActivity(ctx: TranslationContext, el: El): void {
  refuseUnknownZeebe(ctx, el, 'call')
  const called = extensionOf(el, 'zeebe:CalledElement')
  const processId = called?.processId ? String(called.processId) : ''
  if (!processId || processId.trim().startsWith('=') || looksLikeJuel(processId)) {
    ctx.refuse(el.id, 'A call activity needs the static id of the process it calls (zeebe:calledElement processId)')
    return
  }
  if (called.bindingType && called.bindingType !== 'latest') {
    ctx.refuse(el.id, `The binding "${String(called.bindingType)}" cannot be translated; a call activity calls the newest version`)
    return
  }
  const io = translateIoMapping(ctx, el)
  const binding = (attrs: Record<string, unknown>, type: 'camunda:In' | 'camunda:Out') => ctx.moddle.create(type, attrs)
  const bindings: El[] = [binding({ businessKey: '#{execution.processBusinessKey}' }, 'camunda:In')]
  bindings.push(binding(called.propagateAllParentVariables === false ? { variables: 'all', local: true } : { variables: 'all' }, 'camunda:In'))
  if (el.loopCharacteristics) {
    // an inner instance of a multi-instance call activity keeps what its called instance returns (local on its
    // execution, where the loop's output element is read: translate-loop.ts); only the output collection leaves it
    if (io.outputs.length) ctx.refuse(el.id, 'Output mappings on a multi-instance call activity cannot be translated: Operaton would write them to the whole process; collect the results with an output element instead')
    // an input parameter makes each inner instance a scope of its own: a sequential loop would otherwise run every
    // inner instance on one execution, and what one called instance returned would be seen by the next
    io.inputs.push(feelParameter(ctx, 'camunda:InputParameter', 'wf_inner_instance', 'loopCounter'))
    if (!io.outputs.length && called.propagateAllChildVariables !== false) bindings.push(binding({ variables: 'all', local: true }, 'camunda:Out'))
  } else if (loopSubProcessAround(el)) {
    // inside an inner instance of a multi-instance sub-process: what the called instance returns lands on the call
    // activity (local) and its end listener gives it to the inner instance (translate-inner-scope.ts); output mappings
    // are refused there
    if (called.propagateAllChildVariables !== false) bindings.push(binding({ variables: 'all', local: true }, 'camunda:Out'))
  } else if (io.outputs.length) bindings.push(binding({ variables: 'all', local: true }, 'camunda:Out'))
  else if (called.propagateAllChildVariables !== false) bindings.push(binding({ variables: 'all' }, 'camunda:Out'))
  el.calledElement = processId
  el.set('camunda:calledElementBinding', 'latest')
  replaceExtensions(ctx, el, [...bindings, ...inputOutput(ctx, io)])
}

/**
 * A signal throw or end event: a job of the adapter's own (an external task on the topic SIGNAL_JOB_TYPE, as on the
 * embedded engine), which broadcasts the signal through Operaton's REST API (every waiting catch or boundary event and
 * event sub-process) and starts the processes whose signal start event takes it (engine/signal-starts.ts). The event's
 * input mappings are the signal's variables; the worker reads them from the original model (service-task-spec.ts).
 */
function translateSignalThrow(ctx: TranslationContext, el: El, definition: El): void {
  refuseUnknownZeebe(ctx, el, 'event')
  const name = definition.signalRef?.name
  if (!name || String(name).trim().startsWith('=')) {
    ctx.refuse(el.id, 'A signal event needs a signal with a static name')
    return
  }
  const io = translateIoMapping(ctx, el)
  if (io.outputs.length) ctx.refuse(el.id, 'Output mappings on a signal throw event cannot be translated')
  el.eventDefinitions = [ctx.moddle.create('bpmn:MessageEventDefinition', { 'camunda:type': 'external', 'camunda:topic': SIGNAL_JOB_TYPE })]
  el.set('camunda:asyncAfter', true)
  replaceExtensions(ctx, el, [])
}

/** A message a catch event or receive task waits for: a static name and a plain variable as correlation key. */
function checkMessage(ctx: TranslationContext, el: El, message: MessageInfo | undefined, what: string): void {
  if (!message?.name) ctx.refuse(el.id, `${what} needs a message with a name`)
  // inside an inner instance of a multi-instance sub-process the adapter triggers the one subscription whose key the
  // mirror evaluated (any FEEL, over the inner instance): translate-inner-scope.ts
  else if (loopSubProcessAround(el)) return
  else if (!message.correlationKey || zeebeValue(message.correlationKey).kind !== 'reference') {
    ctx.refuse(el.id, `Message "${message.name}" needs a correlation key that is a plain variable reference such as =caseId; Operaton correlates on the value of a process variable`)
  }
}

function checkError(ctx: TranslationContext, el: El, definition: El): void {
  const code = definition.errorRef?.errorCode
  if (code && (String(code).trim().startsWith('=') || looksLikeJuel(String(code)))) {
    ctx.refuse(el.id, 'An error code must be static text; a computed error code cannot be translated')
  }
}

function translateTimer(ctx: TranslationContext, el: El, definition: El): void {
  if (definition.timeCycle) {
    // Operaton repeats a cycle on a non-interrupting boundary event natively (a timer job per occurrence)
    const refusal = timerCycleRefusal(el)
    if (refusal) {
      ctx.refuse(el.id, refusal)
      return
    }
    const cycle = String(definition.timeCycle.body ?? '').trim()
    if (!cycle.startsWith('=') && !parseTimerCycle(cycle)) {
      ctx.refuse(el.id, `"${cycle}" is not an ISO 8601 repeating interval such as R3/PT1H (cron expressions are not supported)`)
      return
    }
  }
  const expression = definition.timeCycle ?? definition.timeDuration ?? definition.timeDate
  if (!expression?.body) {
    ctx.refuse(el.id, 'A timer needs a duration or a date')
    return
  }
  const value = zeebeValue(String(expression.body))
  if (value.kind === 'reference') expression.body = strictJuel(value.name)
  else if (value.kind === 'feel') {
    ctx.refuse(el.id, `The timer expression "=${value.expression}" cannot be translated: Operaton timers take a variable or a literal only; compute the value into a variable first`)
  } else if (looksLikeJuel(value.text)) {
    ctx.refuse(el.id, `The timer value "${value.text}" contains "\${" or "#{", which Operaton would evaluate as an expression`)
  } else expression.body = value.text.trim()
}

function translateCatchEvent(ctx: TranslationContext, el: El, definition: El, messages: Map<string, MessageInfo>): void {
  refuseUnknownZeebe(ctx, el, el.$type === 'bpmn:IntermediateCatchEvent' ? 'event' : 'none')
  if (extensionOf(el, 'zeebe:IoMapping')) {
    ctx.refuse(el.id, 'Io mappings on catch events cannot be translated (the embedded engine does not apply them either)')
  }
  replaceExtensions(ctx, el, [])
  if (!definition) {
    ctx.refuse(el.id, 'A catch event needs an event definition')
    return
  }
  if (definition.$type === 'bpmn:TimerEventDefinition') return translateTimer(ctx, el, definition)
  if (definition.$type === 'bpmn:MessageEventDefinition') {
    checkMessage(ctx, el, definition.messageRef ? messages.get(definition.messageRef.id) : undefined, 'A message event')
    el.set('camunda:asyncAfter', true)
    return
  }
  if (definition.$type === 'bpmn:LinkEventDefinition' && el.$type === 'bpmn:IntermediateCatchEvent') return
  if (definition.$type === 'bpmn:SignalEventDefinition') {
    if (!definition.signalRef?.name || String(definition.signalRef.name).trim().startsWith('=')) ctx.refuse(el.id, 'A signal event needs a signal with a static name')
    el.set('camunda:asyncAfter', true)
    return
  }
  if (definition.$type === 'bpmn:EscalationEventDefinition' && el.$type === 'bpmn:BoundaryEvent') {
    if (el.attachedToRef?.$type !== 'bpmn:SubProcess') ctx.refuse(el.id, 'Escalation boundary events can be translated on sub-processes only')
    return
  }
  // checked with the rest of the process's compensation (../compensation-model.ts); Operaton runs it natively
  if (definition.$type === 'bpmn:CompensateEventDefinition' && el.$type === 'bpmn:BoundaryEvent') return
  if (definition.$type === 'bpmn:ErrorEventDefinition' && el.$type === 'bpmn:BoundaryEvent') {
    const target = el.attachedToRef
    const isJob = ['bpmn:ServiceTask', 'bpmn:SendTask'].includes(target?.$type) || (target?.$type === 'bpmn:BusinessRuleTask' && !extensionOf(target, 'zeebe:CalledDecision'))
    if (!isJob && target?.$type !== 'bpmn:SubProcess') ctx.refuse(el.id, 'Error boundary events can be translated on service tasks and sub-processes only')
    checkError(ctx, el, definition)
    return
  }
  ctx.refuse(el.id, `${shortType(definition)} on ${shortType(el)} cannot be translated`)
}

/** The start event of an event sub-process: a message (correlated as a catch event), a timer (as other timers)
 * or an error, interrupting or not as drawn. */
function translateEventSubProcessStart(ctx: TranslationContext, el: El, definition: El, messages: Map<string, MessageInfo>): void {
  refuseUnknownZeebe(ctx, el, 'none')
  replaceExtensions(ctx, el, [])
  if (definition?.$type === 'bpmn:TimerEventDefinition') return translateTimer(ctx, el, definition)
  if (definition?.$type === 'bpmn:MessageEventDefinition') {
    checkMessage(ctx, el, definition.messageRef ? messages.get(definition.messageRef.id) : undefined, 'A message event')
    return
  }
  if (definition?.$type === 'bpmn:ErrorEventDefinition') return checkError(ctx, el, definition)
  // Operaton's own signal and escalation event sub-processes: a signal thrown anywhere, an escalation in the scope
  if (definition?.$type === 'bpmn:SignalEventDefinition') {
    if (!definition.signalRef?.name || String(definition.signalRef.name).trim().startsWith('=')) ctx.refuse(el.id, 'A signal event needs a signal with a static name')
    return
  }
  if (definition?.$type === 'bpmn:EscalationEventDefinition') {
    const code = definition.escalationRef?.escalationCode
    if (!code) ctx.refuse(el.id, 'An escalation start event needs an escalation with a code (a start that catches every escalation is not supported)')
    else if (String(code).trim().startsWith('=') || looksLikeJuel(String(code))) ctx.refuse(el.id, 'Escalation codes must be static text')
    return
  }
  ctx.refuse(el.id, 'An event sub-process can be translated with a message, timer, error, signal or escalation start event')
}

function translateConditionalGateway(ctx: TranslationContext, gateway: El, all: El[]): void {
  const outgoing = all.filter((f) => f.$type === 'bpmn:SequenceFlow' && f.sourceRef?.id === gateway.id)
  for (const flow of outgoing) {
    const condition = flow.conditionExpression
    if (!condition) continue
    if (outgoing.length === 1 && gateway.$type === 'bpmn:ExclusiveGateway') {
      ctx.refuse(gateway.id, `Exclusive gateway with a single, conditional outgoing flow ("${flow.id}"): Operaton refuses such a model (on Zeebe a false condition raises an incident); remove the condition or add a default flow`)
      continue
    }
    if (flow === gateway.default) {
      ctx.refuse(flow.id, 'The default flow of a gateway must have no condition')
      continue
    }
    const value = zeebeValue(String(condition.body ?? ''))
    if (value.kind === 'literal') {
      ctx.refuse(flow.id, 'Conditions must be FEEL expressions starting with "="')
      continue
    }
    flow.conditionExpression = ctx.moddle.create('bpmn:FormalExpression', {
      body: value.kind === 'reference' ? value.name : value.expression,
      language: 'feel',
    })
  }
}

/** Message catch events with their correlation variable, by process and element (for POST /message correlationKeys). */
export async function messageCorrelations(zeebeXml: string): Promise<MessageCorrelation[]> {
  const { root } = await read(zeebeXml)
  if (!root) return []
  const messages = messagesOf(root)
  const out: MessageCorrelation[] = []
  for (const process of (root.rootElements ?? []).filter((e: El) => e.$type === 'bpmn:Process')) {
    for (const el of flowElementsDeep(process)) {
      const definition = (el.eventDefinitions ?? [])[0]
      const messageRef = el.$type === 'bpmn:ReceiveTask' ? el.messageRef : definition?.$type === 'bpmn:MessageEventDefinition' ? definition.messageRef : null
      if (!messageRef) continue
      const message = messages.get(messageRef.id)
      const value = message?.correlationKey ? zeebeValue(message.correlationKey) : null
      if (!message?.name || value?.kind !== 'reference') continue
      out.push({ processId: process.id, elementId: el.id, messageName: message.name, correlationVariable: value.name })
    }
  }
  return out
}
