// Reads a Zeebe-flavoured BPMN file into what the embedded engine needs to know about each element, and
// checks it against the supported subset. Anything outside the subset is a DeploymentProblem naming the element.
import { BpmnModdle } from 'bpmn-moddle'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { DeploymentProblem } from '../port.ts'
import { feelSyntaxError, isFeel } from './feel.ts'
import { constantFeelValue } from './feel-constant.ts'
import { parseIsoDuration } from './iso-duration.ts'
import { parseTimerCycle, timerCycleRefusal } from '../timer-cycle.ts'
import { executableProcesses, flowElementsDeep } from '../bpmn-processes.ts'
import { expandAdHocSubProcesses, mayHoldAdHoc } from '../ad-hoc-subprocess.ts'
import { compensationOf, type CompensationModel } from '../compensation-model.ts'
import { isDiagramOnlyWarning, xmlProblemText } from '../xml-problem.ts'
import { CALL_ACTIVITY_JOB_TYPE, SIGNAL_JOB_TYPE, SIGNAL_PREFIX } from './internal-jobs.ts'

const require = createRequire(import.meta.url)
export const zeebeModdle = require('zeebe-bpmn-moddle/resources/zeebe.json')

export interface IoMapping {
  inputs: { source: string; target: string }[]
  outputs: { source: string; target: string }[]
}

export interface ServiceTaskModel {
  kind: 'service'
  id: string
  name: string
  jobType: string
  retries: string
  headers: Record<string, string>
  io: IoMapping
  /** Error codes caught by boundary error events on this task ("*" for a catch-all). */
  caughtErrorCodes: string[]
  /** Error codes ("*" for a catch-all) that an error event sub-process catches before any boundary event does, with
   * the id of the bpmn:error its start event names (the embedded engine throws it to start the sub-process). */
  errorEventSubProcesses?: { code: string; errorId: string }[]
  /** A call activity (jobType CALL_ACTIVITY_JOB_TYPE): the process it starts and how variables pass. */
  call?: CallModel
}

export interface CallModel {
  processId: string
  /** Zeebe's default true: the child starts with all the parent's variables (and the input mappings). */
  propagateAllParentVariables: boolean
  /** Zeebe's default true: without output mappings, all the child's variables come back. */
  propagateAllChildVariables: boolean
}

export interface UserTaskModel {
  kind: 'user'
  id: string
  name: string
  assignee: string | null
  candidateGroups: string | null
  candidateUsers: string | null
  dueDate: string | null
  followUpDate: string | null
  formId: string | null
  priority: string | null
  properties: Record<string, string>
  io: IoMapping
}

export interface MessageCatchModel {
  kind: 'message'
  id: string
  /** Id of the bpmn:message element the event references. */
  messageId: string
  messageName: string
  correlationKey: string
}

/** A business rule task with zeebe:calledDecision: evaluated in the run (the latest version of the decision). */
export interface DecisionTaskModel {
  kind: 'decision'
  id: string
  name: string
  decisionId: string
  resultVariable: string
  io: IoMapping
}

/** A script task with zeebe:script: its FEEL expression is evaluated in the run into the result variable. */
export interface ScriptTaskModel {
  kind: 'script'
  id: string
  name: string
  expression: string
  resultVariable: string
  io: IoMapping
}

export type ElementModel = ServiceTaskModel | UserTaskModel | MessageCatchModel | DecisionTaskModel | ScriptTaskModel

export interface ProcessModel {
  processId: string
  name: string
  elements: Map<string, ElementModel>
  /** Element id → name, for every flow node (history, diagram). */
  names: Map<string, string>
  /** Names of the messages whose message start event starts an instance (engine/message-starts.ts). */
  messageStarts: string[]
  /** Names of the signals whose signal start event starts an instance (engine/signal-starts.ts). */
  signalStarts: string[]
  /** The form its plain start event links (zeebe:formDefinition formId): the procedure's registration form. */
  startForm: { elementId: string; formId: string } | null
  /** Timer start events: the engine starts an instance at each due time (engine/timer-starts.ts). */
  timerStarts: TimerStartModel[]
  /** Multi-instance activities by element id (zeebe:loopCharacteristics). */
  loops: Map<string, LoopModel>
  /** Elements inside a multi-instance sub-process, by id: the innermost such sub-process around each (its inner
   * instances are variable scopes of their own). */
  loopScoped: Map<string, string>
  /** Event sub-processes by what starts them; the embedded engine refuses those it cannot run yet (embedded-engine.ts). */
  eventSubProcesses: EventSubProcessModel[]
  /** Compensable activities, their handlers, and the compensation throw and end events (compensation-model.ts). */
  compensation: CompensationModel
}

/**
 * A multi-instance activity, Zeebe style: one inner instance per item of the input collection (in parallel or one
 * after another), the item as `inputElement`, each inner instance's `outputElement` collected in order into
 * `outputCollection`; the completion condition (FEEL) is checked after each inner instance completes.
 */
export interface LoopModel {
  isSequential: boolean
  inputCollection: string
  inputElement: string | null
  outputCollection: string | null
  outputElement: string | null
  completionCondition: string | null
}

/** The id of the innermost multi-instance sub-process around a (bpmn-moddle) element, or null. */
export function loopSubProcessAround(el: any): string | null {
  for (let parent = el?.$parent; parent && parent.$type !== 'bpmn:Process'; parent = parent.$parent) {
    if (parent.$type === 'bpmn:SubProcess' && parent.loopCharacteristics) return String(parent.id)
  }
  return null
}

/** Activity types that may be multi-instance. */
export const MULTI_INSTANCE_TYPES: readonly string[] = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:UserTask', 'bpmn:SubProcess', 'bpmn:CallActivity']

/** An event sub-process: its id, the kind of its start event and whether that start interrupts its scope. */
export interface EventSubProcessModel {
  id: string
  /** Its start event, and the scope it belongs to (the process, or the embedded sub-process around it). */
  startEventId: string
  scopeId: string
  trigger: 'message' | 'timer' | 'error' | 'signal' | 'escalation' | 'other'
  isInterrupting: boolean
  /** A timer start: its ISO 8601 duration, date or (non-interrupting only) cycle, or a FEEL expression giving one,
   * checked at deployment. */
  timer?: { timeDuration: string } | { timeDate: string } | { timeCycle: string }
}

/** What starts an event sub-process, by its start event's definition. */
const ESP_TRIGGERS: Record<string, EventSubProcessModel['trigger']> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:EscalationEventDefinition': 'escalation',
}

/** A timer start event of the process (not of an event sub-process): one ISO 8601 value, checked at deployment. */
export interface TimerStartModel {
  elementId: string
  timer: { timeDate: string } | { timeDuration: string } | { timeCycle: string }
}

export interface ParsedDefinitions {
  processes: ProcessModel[]
  problems: DeploymentProblem[]
  /** What deploys all the same: diagram-only problems (rule 'diagram'). */
  warnings: DeploymentProblem[]
}

const SUPPORTED = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:ServiceTask',
  'bpmn:BusinessRuleTask',
  'bpmn:UserTask',
  'bpmn:ManualTask',
  'bpmn:Task',
  'bpmn:ScriptTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
  'bpmn:ExclusiveGateway',
  'bpmn:InclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:EventBasedGateway',
  'bpmn:IntermediateCatchEvent',
  'bpmn:IntermediateThrowEvent',
  'bpmn:BoundaryEvent',
  'bpmn:SequenceFlow',
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:Group',
  // modelling only, as on Zeebe: no data flows through them (the data associations are not read)
  'bpmn:DataObjectReference',
  'bpmn:DataObject',
  'bpmn:DataStoreReference',
])

const ext = (el: any, type: string): any => (el?.extensionElements?.values ?? []).find((e: any) => e.$type === type)

function ioOf(el: any): IoMapping {
  const io = ext(el, 'zeebe:IoMapping')
  return {
    inputs: (io?.inputParameters ?? []).map((p: any) => ({ source: p.source, target: p.target })),
    outputs: (io?.outputParameters ?? []).map((p: any) => ({ source: p.source, target: p.target })),
  }
}

/** Parses and checks one BPMN file. Never throws for bad content: problems are returned. */
export async function parseBpmn(resource: string, xml: string): Promise<ParsedDefinitions> {
  const key = cacheKey(resource, xml)
  const cached = parsedCache.get(key)
  if (cached) return cached
  const parsed = parseBpmnDefinitions(resource, xml).then(({ processes, problems, warnings }) => ({ processes, problems, warnings }))
  remember(key, parsed)
  parsed.catch(() => parsedCache.delete(key))
  return parsed
}

/** Puts a parse result made elsewhere (a worker thread) into the cache, for the parseBpmn calls that follow. */
export function rememberParsedBpmn(resource: string, xml: string, parsed: ParsedDefinitions): void {
  remember(cacheKey(resource, xml), Promise.resolve(parsed))
}

const cacheKey = (resource: string, xml: string) => `${resource}\u0000${createHash('sha256').update(xml).digest('base64')}`

function remember(key: string, parsed: Promise<ParsedDefinitions>): void {
  parsedCache.delete(key)
  parsedCache.set(key, parsed)
  if (parsedCache.size > PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value!)
}

/**
 * The last few files parsed: one deployment parses each file several times (the upload check, the restricted
 * assignments, the engine's own check, the catalog), which for a file of thousands of elements is seconds. The
 * result is shared: callers read it and never change it.
 */
const parsedCache = new Map<string, Promise<ParsedDefinitions>>()
const PARSED_CACHE_SIZE = 4

/** parseBpmn without the cache, with the parsed bpmn-moddle definitions (null when the XML does not parse), e.g.
 * for bpmnlint, so that the upload check parses a file once. */
export async function parseBpmnDefinitions(resource: string, xml: string): Promise<ParsedDefinitions & { definitions: unknown }> {
  const problems: DeploymentProblem[] = []
  const problem = (elementId: string | null, rule: string, message: string) =>
    problems.push({ resource, elementId, rule, message })

  let rootElement: any
  let warnings: any[] = []
  try {
    const moddle = new BpmnModdle({ zeebe: zeebeModdle })
    const result: any = await moddle.fromXML(xml)
    rootElement = result.rootElement
    // an ad-hoc sub-process is checked and run as what it means (ad-hoc-subprocess.ts)
    if (mayHoldAdHoc(xml) && rootElement?.$type === 'bpmn:Definitions') expandAdHocSubProcesses(moddle, rootElement, (id, message) => problem(id, 'ad-hoc', message))
    warnings = result.warnings ?? []
  } catch (err) {
    problem(null, 'xml', `The file is not valid BPMN XML: ${xmlProblemText(err)}`)
    return { processes: [], problems, warnings: [], definitions: null }
  }
  const diagramWarnings: DeploymentProblem[] = []
  for (const w of warnings) {
    const id = w?.element?.id ?? null
    if (isDiagramOnlyWarning(w)) diagramWarnings.push({ resource, elementId: id, rule: 'diagram', message: `The diagram is not quite right, the process is not affected: ${xmlProblemText(w)}` })
    else problem(id, 'xml', `BPMN parse warning: ${xmlProblemText(w)}`)
  }
  if (!rootElement || rootElement.$type !== 'bpmn:Definitions') {
    problem(null, 'xml', 'The file has no bpmn:definitions root element')
    return { processes: [], problems, warnings: diagramWarnings, definitions: null }
  }

  const messages = new Map<string, { name: string; correlationKey: string | null }>()
  for (const el of rootElement.rootElements ?? []) {
    if (el.$type === 'bpmn:Message') {
      const sub = ext(el, 'zeebe:Subscription')
      messages.set(el.id, { name: el.name, correlationKey: sub?.correlationKey ?? null })
    }
  }

  const processes: ProcessModel[] = []
  const allProcesses = (rootElement.rootElements ?? []).filter((e: any) => e.$type === 'bpmn:Process')
  if (!allProcesses.length) problem(null, 'process', 'The file contains no process')
  const executable = executableProcesses(rootElement)

  for (const proc of executable) {
    if (proc.isExecutable === false) {
      problem(proc.id, 'process', `Process "${proc.id}" is not marked executable`)
      continue
    }
    const model: ProcessModel = { processId: proc.id, name: proc.name ?? proc.id, elements: new Map(), names: new Map(), messageStarts: [], signalStarts: [], startForm: null, timerStarts: [], loops: new Map(), loopScoped: new Map(), eventSubProcesses: [],
      compensation: compensationOf(proc, (elementId, message) => problem(elementId, 'compensation', message)) }
    const flowElements: any[] = flowElementsDeep(proc)
    // indexes, so that a file of thousands of elements is checked in one pass (no search per element)
    const outgoingOf = new Map<string, any[]>()
    const errorCodesOn = new Map<string, string[]>()
    const errorStartsIn = new Map<string, string[]>()
    const errorStartRefsIn = new Map<string, { code: string; errorId: string }[]>()
    for (const e of flowElements) {
      if (e.$type === 'bpmn:SequenceFlow' && e.sourceRef?.id) {
        const list = outgoingOf.get(e.sourceRef.id) ?? []
        list.push(e)
        outgoingOf.set(e.sourceRef.id, list)
      } else if (e.$type === 'bpmn:StartEvent' && e.$parent?.triggeredByEvent && e.$parent.$parent?.id) {
        // an error event sub-process catches the errors of everything beside it (Operaton runs them)
        for (const d of e.eventDefinitions ?? []) {
          if (d.$type !== 'bpmn:ErrorEventDefinition') continue
          const list = errorStartsIn.get(e.$parent.$parent.id) ?? []
          list.push(d.errorRef?.errorCode ? String(d.errorRef.errorCode) : '*')
          errorStartsIn.set(e.$parent.$parent.id, list)
          if (d.errorRef?.id) {
            const refs = errorStartRefsIn.get(e.$parent.$parent.id) ?? []
            refs.push({ code: d.errorRef.errorCode ? String(d.errorRef.errorCode) : '*', errorId: d.errorRef.id })
            errorStartRefsIn.set(e.$parent.$parent.id, refs)
          }
        }
      } else if (e.$type === 'bpmn:BoundaryEvent' && e.attachedToRef?.id) {
        for (const d of e.eventDefinitions ?? []) {
          if (d.$type !== 'bpmn:ErrorEventDefinition') continue
          const list = errorCodesOn.get(e.attachedToRef.id) ?? []
          list.push(d.errorRef?.errorCode ? String(d.errorRef.errorCode) : '*')
          errorCodesOn.set(e.attachedToRef.id, list)
        }
      }
    }
    const outgoing = (el: any): any[] => outgoingOf.get(el.id) ?? []
    // error codes caught on an element: its own error boundary events, then those of every sub-process around it,
    // and the error event sub-processes of each scope on the way
    const errorCodesCaughtAround = (el: any): string[] => {
      const codes: string[] = []
      for (let at = el; at && at !== proc; at = at.$parent) codes.push(...(errorCodesOn.get(at.id) ?? []), ...(errorStartsIn.get(at.$parent?.id) ?? []))
      return codes
    }
    // the error codes an error event sub-process catches for el: scope by scope, those no nearer boundary event catches
    const errorEventSubProcessesAround = (el: any): { code: string; errorId: string }[] => {
      const out: { code: string; errorId: string }[] = []
      const nearer: string[] = []
      for (let at = el; at && at !== proc; at = at.$parent) {
        nearer.push(...(errorCodesOn.get(at.id) ?? []))
        if (nearer.includes('*')) break
        for (const ref of errorStartRefsIn.get(at.$parent?.id) ?? []) {
          if (!nearer.includes(ref.code) && !out.some((o) => o.code === ref.code)) out.push(ref)
        }
      }
      return out
    }
    const linkNames = (type: string) =>
      new Set(flowElements.filter((e) => e.$type === type).flatMap((e) => (e.eventDefinitions ?? []).filter((d: any) => d.$type === 'bpmn:LinkEventDefinition').map((d: any) => d.name)))
    const linkCatches = linkNames('bpmn:IntermediateCatchEvent')
    const checkTimer = (el: any, def: any) => {
      const cycle = def.timeCycle ? String(def.timeCycle.body ?? '').trim() : undefined
      if (cycle !== undefined) {
        const refusal = timerCycleRefusal(el)
        if (refusal) problem(el.id, 'timer', refusal)
        else if (isFeel(cycle)) checkFeel(el.id, 'Timer cycle', cycle)
        else if (!parseTimerCycle(cycle)) problem(el.id, 'timer', `"${cycle}" is not an ISO 8601 repeating interval such as R3/PT1H (cron expressions are not supported)`)
      }
      const dur = def.timeDuration?.body
      const date = def.timeDate?.body
      if (!dur && !date && cycle === undefined) problem(el.id, 'timer', 'A timer needs a duration or a date')
      if (dur && !isFeel(dur) && !parseIsoDuration(dur)) problem(el.id, 'timer', `"${dur}" is not an ISO 8601 duration such as P14D or PT2H`)
      if (date && !isFeel(date) && Number.isNaN(Date.parse(date))) problem(el.id, 'timer', `"${date}" is not an ISO 8601 date-time`)
      if (dur) checkFeel(el.id, 'Timer duration', dur)
      if (date) checkFeel(el.id, 'Timer date', date)
    }
    /** A timer start event's value: one static ISO 8601 date, duration or repeating interval, or a FEEL constant that
     * gives one (evaluated here: it needs no variables and cannot loop, feel-constant.ts). */
    const timerStart = (el: any, def: any): TimerStartModel['timer'] | null => {
      const values = (['timeDate', 'timeDuration', 'timeCycle'] as const).filter((k) => def[k]?.body)
      if (values.length !== 1) {
        problem(el.id, 'timer', 'A timer start event needs one date, duration or cycle')
        return null
      }
      const kind = values[0]!
      let text = String(def[kind].body).trim()
      if (isFeel(text)) {
        // evaluated now, as Camunda 8 does when it deploys, but only a constant (feel-constant.ts): no variables exist yet
        const constant = constantFeelValue(text)
        if ('reason' in constant) {
          problem(el.id, 'timer', `A timer start event takes a static ISO 8601 value (a date, a duration or a cycle such as R/2027-01-01T08:00:00Z/P1M) or a FEEL constant such as =date and time("2027-01-01T08:00:00Z"); ${text} is not: ${constant.reason}`)
          return null
        }
        text = String(constant.value)
      }
      const ok = kind === 'timeDate' ? !Number.isNaN(Date.parse(text)) : kind === 'timeDuration' ? parseIsoDuration(text) !== null : parseTimerCycle(text) !== null
      if (!ok) {
        const expected = kind === 'timeDate' ? 'an ISO 8601 date-time' : kind === 'timeDuration' ? 'an ISO 8601 duration such as P14D' : 'an ISO 8601 repeating interval such as R/2027-01-01T08:00:00Z/P1M or R3/PT1H (cron expressions are not supported)'
        problem(el.id, 'timer', `"${text}" is not ${expected}`)
        return null
      }
      return { [kind]: text } as unknown as TimerStartModel['timer']
    }
    /** A multi-instance activity's loop (zeebe:loopCharacteristics), or null with a problem. */
    const loopOf = (el: any): LoopModel | null => {
      const lc = el.loopCharacteristics
      if (lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
        problem(el.id, 'supported-subset', 'Standard loops are not supported; use a multi-instance activity over a collection')
        return null
      }
      if (!MULTI_INSTANCE_TYPES.includes(el.$type)) {
        problem(el.id, 'supported-subset', `A multi-instance ${el.$type.replace('bpmn:', '')} is not supported yet; service, send and user tasks, embedded sub-processes and call activities can be multi-instance`)
        return null
      }
      const zl = ext(lc, 'zeebe:LoopCharacteristics')
      if (!zl?.inputCollection) {
        problem(el.id, 'multi-instance', 'A multi-instance activity needs an input collection (zeebe:loopCharacteristics inputCollection)')
        return null
      }
      if (!isFeel(zl.inputCollection)) problem(el.id, 'multi-instance', 'The input collection must be a FEEL expression starting with "="')
      checkFeel(el.id, 'Input collection', zl.inputCollection)
      if (Boolean(zl.outputCollection) !== Boolean(zl.outputElement)) problem(el.id, 'multi-instance', 'An output collection and an output element go together')
      if (zl.outputCollection && isFeel(zl.outputCollection)) problem(el.id, 'multi-instance', 'The output collection is a variable name, not a FEEL expression')
      if (zl.outputElement) checkFeel(el.id, 'Output element', zl.outputElement)
      const completion = lc.completionCondition?.body ?? null
      if (completion && !isFeel(completion)) problem(el.id, 'feel', 'The completion condition must be a FEEL expression starting with "="')
      if (completion) checkFeel(el.id, 'Completion condition', completion)
      if (lc.loopCardinality) problem(el.id, 'multi-instance', 'A loop cardinality is not supported; use an input collection')
      return {
        isSequential: lc.isSequential === true,
        inputCollection: zl.inputCollection,
        inputElement: zl.inputElement || null,
        outputCollection: zl.outputCollection || null,
        outputElement: zl.outputElement || null,
        completionCondition: completion,
      }
    }
    /** A message catch event (intermediate, boundary, event sub-process start): its subscription. */
    const messageCatch = (el: any, def: any) => {
      const msg = def.messageRef ? messages.get(def.messageRef.id) : undefined
      if (!msg?.name) problem(el.id, 'message', 'A message event needs a message with a name')
      else if (!msg.correlationKey) problem(el.id, 'message', `Message "${msg.name}" needs a correlation key (zeebe:subscription)`)
      else {
        checkFeel(el.id, 'Correlation key', msg.correlationKey)
        model.elements.set(el.id, { kind: 'message', id: el.id, messageId: def.messageRef.id, messageName: msg.name, correlationKey: msg.correlationKey })
      }
    }
    /** A signal catch or boundary event: a subscription every instance throwing the signal reaches. */
    const signalCatch = (el: any, def: any) => {
      const name = def.signalRef?.name
      if (!name || isFeel(name)) problem(el.id, 'signal', 'A signal event needs a signal with a static name')
      else model.elements.set(el.id, { kind: 'message', id: el.id, messageId: def.signalRef.id, messageName: `${SIGNAL_PREFIX}${name}`, correlationKey: '' })
    }
    /** A signal throw or end event: a job of the engine's own that broadcasts the signal (internal-jobs.ts). */
    const signalThrow = (el: any, def: any) => {
      const name = def.signalRef?.name
      if (!name || isFeel(name)) {
        problem(el.id, 'signal', 'A signal event needs a signal with a static name')
        return
      }
      const io = ioOf(el)
      checkIo(el.id, io)
      model.elements.set(el.id, { kind: 'service', id: el.id, name: el.name ?? el.id, jobType: SIGNAL_JOB_TYPE, retries: '3', headers: { signalName: name }, io, caughtErrorCodes: [] })
    }
    /** What end and intermediate throw events share: a message throw is a job, an escalation, a signal broadcast.
     * False for any other event definition. */
    const throwing = (el: any, def: any, what: string): boolean => {
      if (def?.$type === 'bpmn:MessageEventDefinition') {
        const job = jobModel(el)
        if (job) model.elements.set(el.id, job)
        else problem(el.id, 'job-type', `${what} runs as a job: it needs a job type (zeebe:taskDefinition type)`)
      } else if (def?.$type === 'bpmn:EscalationEventDefinition') checkEscalation(el, def)
      else if (def?.$type === 'bpmn:SignalEventDefinition') signalThrow(el, def)
      else if (def?.$type === 'bpmn:CompensateEventDefinition') {
        // checked with the rest of the process's compensation (compensation-model.ts)
      } else return false
      return true
    }
    const checkEscalation = (el: any, def: any) => {
      const code = def.escalationRef?.escalationCode
      if (el.$type !== 'bpmn:BoundaryEvent' && !code) problem(el.id, 'escalation', 'An escalation throw event needs an escalation with a code')
      if (code && isFeel(String(code))) problem(el.id, 'escalation', 'Escalation codes must be static text')
    }
    /** The escalation start of an event sub-process: it catches the escalation it names (a catch-all start is refused). */
    const escalationStart = (el: any, def: any) => {
      const code = def.escalationRef?.escalationCode
      if (!code) problem(el.id, 'escalation', 'An escalation start event needs an escalation with a code (a start that catches every escalation is not supported)')
      else if (isFeel(String(code))) problem(el.id, 'escalation', 'Escalation codes must be static text')
    }
    /** A send task, message throw or message end event that Zeebe runs as a job (zeebe:taskDefinition). */
    const jobModel = (el: any): ServiceTaskModel | null => {
      const td = ext(el, 'zeebe:TaskDefinition')
      if (!td?.type) return null
      if (isFeel(td.type)) problem(el.id, 'job-type', 'Job types must be static names, not FEEL expressions')
      const headers: Record<string, string> = {}
      for (const h of ext(el, 'zeebe:TaskHeaders')?.values ?? []) headers[h.key] = h.value
      const io = ioOf(el)
      checkIo(el.id, io)
      const esp = errorEventSubProcessesAround(el)
      return { kind: 'service', id: el.id, name: el.name ?? el.id, jobType: td.type, retries: td.retries ?? '3', headers, io, caughtErrorCodes: errorCodesCaughtAround(el), ...(esp.length ? { errorEventSubProcesses: esp } : {}) }
    }
    /** A start event's form (zeebe:formDefinition): read on the process's plain start event only (the registration). */
    const startForm = (el: any, def: any) => {
      const f = ext(el, 'zeebe:FormDefinition')
      if (!f) return
      const formId = f.formId ?? f.formKey ?? null
      if (f.externalReference) problem(el.id, 'form', 'External form references are not supported; link a deployed form by formId')
      else if (el.$parent !== proc || def) problem(el.id, 'form', 'Only the plain start event of the process may link a form (the registration form)')
      else if (!formId || isFeel(String(formId))) problem(el.id, 'form', 'The start form must be a static formId')
      else model.startForm = { elementId: el.id, formId: String(formId) }
    }
    const checkFeel = (elementId: string, what: string, expr: unknown) => {
      if (typeof expr !== 'string') return
      const err = feelSyntaxError(expr)
      if (err) problem(elementId, 'feel', `${what}: the FEEL expression does not parse (${err})`)
    }
    const checkIo = (id: string, io: IoMapping) => {
      for (const p of [...io.inputs, ...io.outputs]) {
        if (!p.target) problem(id, 'io-mapping', 'An input/output mapping has no target variable')
        checkFeel(id, `Mapping to "${p.target}"`, p.source)
      }
    }

    for (const el of flowElements) {
      if (el.$type !== 'bpmn:SequenceFlow') model.names.set(el.id, el.name ?? el.id)
      const scopeAround = loopSubProcessAround(el)
      if (scopeAround) model.loopScoped.set(el.id, scopeAround)
      if (!SUPPORTED.has(el.$type)) {
        problem(el.id, 'supported-subset', `${el.$type.replace('bpmn:', '')} is not supported by the embedded engine`)
        continue
      }
      if (el.loopCharacteristics) {
        const loop = loopOf(el)
        if (!loop) continue
        model.loops.set(el.id, loop)
      }
      const defs: any[] = el.eventDefinitions ?? []
      if (defs.length > 1) problem(el.id, 'supported-subset', 'Events with several event definitions are not supported')
      const def = defs[0]

      switch (el.$type) {
        case 'bpmn:StartEvent':
          // (the start event of an event sub-process is named with the sub-process, which is refused)
          if (def?.$type === 'bpmn:MessageEventDefinition' && el.$parent === proc) {
            // a case started by a message: the engine starts an instance when the message is published
            const name = def.messageRef?.name
            if (!name || isFeel(name)) problem(el.id, 'message', 'A message start event needs a message with a static name')
            else model.messageStarts.push(name)
          } else if (def?.$type === 'bpmn:TimerEventDefinition' && el.$parent === proc) {
            // a case started by the clock: the engine starts an instance at each due time
            const timer = timerStart(el, def)
            if (timer) model.timerStarts.push({ elementId: el.id, timer })
          } else if (def?.$type === 'bpmn:SignalEventDefinition' && el.$parent === proc) {
            // a case started by a broadcast signal: the engine starts an instance for each throw
            const name = def.signalRef?.name
            if (!name || isFeel(name)) problem(el.id, 'signal', 'A signal start event needs a signal with a static name')
            else model.signalStarts.push(name)
          } else if (el.$parent?.triggeredByEvent) {
            // the start event of an event sub-process: what triggers it
            if (def?.$type === 'bpmn:MessageEventDefinition') messageCatch(el, def)
            else if (def?.$type === 'bpmn:TimerEventDefinition') checkTimer(el, def)
            else if (def?.$type === 'bpmn:SignalEventDefinition') signalCatch(el, def)
            else if (def?.$type === 'bpmn:EscalationEventDefinition') escalationStart(el, def)
            else if (def?.$type !== 'bpmn:ErrorEventDefinition') problem(el.id, 'supported-subset', 'An event sub-process starts with a message, timer, error, signal or escalation event')
          } else if (def) problem(el.id, 'supported-subset', 'Only plain (none), message, timer and signal start events are supported')
          startForm(el, def)
          break
        case 'bpmn:EndEvent':
          if (throwing(el, def, 'A message end event')) break
          if (def && !['bpmn:ErrorEventDefinition', 'bpmn:TerminateEventDefinition'].includes(def.$type)) {
            problem(el.id, 'supported-subset', `End events with ${def.$type.replace('bpmn:', '')} are not supported`)
          }
          break
        case 'bpmn:IntermediateThrowEvent':
          if (throwing(el, def, 'A message throw event')) break
          if (def?.$type === 'bpmn:LinkEventDefinition') {
            if (!def.name) problem(el.id, 'link', 'A link throw event needs a link name')
            else if (!linkCatches.has(def.name)) problem(el.id, 'link', `No link catch event named "${def.name}" in the same process`)
          } else if (def) {
            problem(el.id, 'supported-subset', `Intermediate throw events with ${def.$type.replace('bpmn:', '')} are not supported`)
          }
          break
        case 'bpmn:SubProcess':
          if (el.triggeredByEvent) {
            const starts = (el.flowElements ?? []).filter((e: any) => e.$type === 'bpmn:StartEvent')
            if (starts.length !== 1) problem(el.id, 'subprocess', 'An event sub-process needs exactly one start event')
            const startDef = starts[0]?.eventDefinitions?.[0]?.$type
            const trigger = ESP_TRIGGERS[startDef] ?? 'other'
            const timerDef = trigger === 'timer' ? starts[0].eventDefinitions[0] : undefined
            const timer = timerDef?.timeCycle?.body
              ? { timeCycle: String(timerDef.timeCycle.body).trim() }
              : timerDef?.timeDuration?.body
                ? { timeDuration: String(timerDef.timeDuration.body).trim() }
                : timerDef?.timeDate?.body
                  ? { timeDate: String(timerDef.timeDate.body).trim() }
                  : undefined
            model.eventSubProcesses.push({ id: el.id, startEventId: starts[0]?.id ?? '', scopeId: el.$parent?.id ?? proc.id, trigger, isInterrupting: starts[0]?.isInterrupting !== false, ...(timer ? { timer } : {}) })
          } else {
            const starts = (el.flowElements ?? []).filter((e: any) => e.$type === 'bpmn:StartEvent')
            if (starts.length !== 1) problem(el.id, 'subprocess', 'An embedded sub-process needs exactly one (none) start event')
          }
          break
        case 'bpmn:ManualTask':
        case 'bpmn:Task':
          break
        case 'bpmn:CallActivity': {
          const called = ext(el, 'zeebe:CalledElement')
          const processId = called?.processId
          if (!processId || isFeel(processId)) {
            problem(el.id, 'call-activity', 'A call activity needs the static id of the process it calls (zeebe:calledElement processId)')
            break
          }
          if (called.bindingType && called.bindingType !== 'latest') {
            problem(el.id, 'call-activity', `The binding "${called.bindingType}" is not supported; a call activity calls the newest version`)
          }
          const io = ioOf(el)
          checkIo(el.id, io)
          model.elements.set(el.id, {
            kind: 'service',
            id: el.id,
            name: el.name ?? el.id,
            jobType: CALL_ACTIVITY_JOB_TYPE,
            retries: '1',
            headers: { processId },
            io,
            caughtErrorCodes: errorCodesCaughtAround(el),
            ...(errorEventSubProcessesAround(el).length ? { errorEventSubProcesses: errorEventSubProcessesAround(el) } : {}),
            call: {
              processId,
              propagateAllParentVariables: called.propagateAllParentVariables !== false,
              propagateAllChildVariables: called.propagateAllChildVariables !== false,
            },
          })
          break
        }
        case 'bpmn:EventBasedGateway': {
          const targets = outgoing(el).map((f) => f.targetRef)
          if (targets.length < 2) problem(el.id, 'gateway', 'An event-based gateway needs at least two outgoing flows')
          for (const target of targets) {
            const kind = target?.eventDefinitions?.[0]?.$type
            if (target?.$type !== 'bpmn:IntermediateCatchEvent' || !['bpmn:MessageEventDefinition', 'bpmn:TimerEventDefinition'].includes(kind)) {
              problem(el.id, 'gateway', `An event-based gateway leads to message or timer catch events only, not to "${target?.id ?? '?'}"`)
            }
          }
          break
        }
        case 'bpmn:SendTask': {
          const job = jobModel(el)
          if (job) model.elements.set(el.id, job)
          else problem(el.id, 'job-type', 'A send task runs as a job: it needs a job type (zeebe:taskDefinition type)')
          break
        }
        case 'bpmn:ScriptTask': {
          const script = ext(el, 'zeebe:Script')
          if (!script?.expression || !isFeel(script.expression)) {
            problem(el.id, 'script', 'A script task needs a FEEL expression (zeebe:script expression="=…"); job-worker script tasks are not supported')
            break
          }
          if (!script.resultVariable) problem(el.id, 'script', 'A script task needs a result variable')
          checkFeel(el.id, 'Script', script.expression)
          const io = ioOf(el)
          checkIo(el.id, io)
          model.elements.set(el.id, { kind: 'script', id: el.id, name: el.name ?? el.id, expression: script.expression, resultVariable: script.resultVariable ?? '', io })
          break
        }
        case 'bpmn:ReceiveTask': {
          const msg = el.messageRef ? messages.get(el.messageRef.id) : undefined
          if (!msg?.name) problem(el.id, 'message', 'A receive task needs a message with a name')
          else if (!msg.correlationKey) problem(el.id, 'message', `Message "${msg.name}" needs a correlation key (zeebe:subscription)`)
          else {
            checkFeel(el.id, 'Correlation key', msg.correlationKey)
            model.elements.set(el.id, { kind: 'message', id: el.id, messageId: el.messageRef.id, messageName: msg.name, correlationKey: msg.correlationKey })
          }
          break
        }
        case 'bpmn:BusinessRuleTask':
        case 'bpmn:ServiceTask': {
          const called = el.$type === 'bpmn:BusinessRuleTask' ? ext(el, 'zeebe:CalledDecision') : undefined
          if (called) {
            // As Zeebe: a business rule task either calls a DMN decision or is a job (zeebe:taskDefinition).
            if (!called.decisionId || isFeel(called.decisionId)) problem(el.id, 'decision', 'A called decision needs a static decision id')
            if (!called.resultVariable) problem(el.id, 'decision', 'A called decision needs a result variable')
            const io = ioOf(el)
            checkIo(el.id, io)
            model.elements.set(el.id, { kind: 'decision', id: el.id, name: el.name ?? el.id, decisionId: called.decisionId ?? '', resultVariable: called.resultVariable ?? '', io })
            break
          }
          const td = ext(el, 'zeebe:TaskDefinition')
          if (!td?.type) {
            problem(el.id, 'job-type', el.$type === 'bpmn:BusinessRuleTask'
              ? 'A business rule task needs a called decision (zeebe:calledDecision) or a job type (zeebe:taskDefinition type)'
              : 'A service task needs a job type (zeebe:taskDefinition type)')
            break
          }
          if (isFeel(td.type)) problem(el.id, 'job-type', 'Job types must be static names, not FEEL expressions')
          const headers: Record<string, string> = {}
          for (const h of ext(el, 'zeebe:TaskHeaders')?.values ?? []) headers[h.key] = h.value
          const io = ioOf(el)
          checkIo(el.id, io)
          const caughtErrorCodes = errorCodesCaughtAround(el)
          const errorEventSubProcesses = errorEventSubProcessesAround(el)
          model.elements.set(el.id, {
            kind: 'service',
            id: el.id,
            name: el.name ?? el.id,
            jobType: td.type,
            retries: td.retries ?? '3',
            headers,
            io,
            caughtErrorCodes,
            ...(errorEventSubProcesses.length ? { errorEventSubProcesses } : {}),
          })
          break
        }
        case 'bpmn:UserTask': {
          // without zeebe:userTask it is Camunda 8's job-worker user task: here it is an inbox task all the same
          const a = ext(el, 'zeebe:AssignmentDefinition')
          const s = ext(el, 'zeebe:TaskSchedule')
          const f = ext(el, 'zeebe:FormDefinition')
          const p = ext(el, 'zeebe:PriorityDefinition')
          const properties: Record<string, string> = {}
          for (const prop of ext(el, 'zeebe:Properties')?.properties ?? []) properties[prop.name] = prop.value
          const io = ioOf(el)
          checkIo(el.id, io)
          for (const [what, v] of [
            ['Assignee', a?.assignee],
            ['Candidate groups', a?.candidateGroups],
            ['Candidate users', a?.candidateUsers],
            ['Due date', s?.dueDate],
            ['Follow-up date', s?.followUpDate],
          ] as const) {
            checkFeel(el.id, what, v)
          }
          if (f?.externalReference) problem(el.id, 'form', 'External form references are not supported; link a deployed form by formId')
          model.elements.set(el.id, {
            kind: 'user',
            id: el.id,
            name: el.name ?? el.id,
            assignee: a?.assignee ?? null,
            candidateGroups: a?.candidateGroups ?? null,
            candidateUsers: a?.candidateUsers ?? null,
            dueDate: s?.dueDate ?? null,
            followUpDate: s?.followUpDate ?? null,
            formId: f?.formId ?? f?.formKey ?? null,
            priority: p?.priority != null ? String(p.priority) : null,
            properties,
            io,
          })
          break
        }
        case 'bpmn:InclusiveGateway':
        case 'bpmn:ExclusiveGateway': {
          const flows = outgoing(el)
          for (const flow of flows) {
            if (flow === el.default) continue
            const cond = flow.conditionExpression?.body
            if (flows.length > 1 && !cond) {
              problem(flow.id, 'gateway', `Flow "${flow.name ?? flow.id}" leaves ${el.$type === 'bpmn:InclusiveGateway' ? 'an inclusive' : 'an exclusive'} gateway without a condition and is not the default flow`)
            } else if (cond && !isFeel(cond)) {
              problem(flow.id, 'feel', 'Conditions must be FEEL expressions starting with "="')
            } else if (cond) {
              checkFeel(flow.id, 'Condition', cond)
            }
          }
          break
        }
        case 'bpmn:IntermediateCatchEvent':
        case 'bpmn:BoundaryEvent': {
          if (!def) {
            problem(el.id, 'supported-subset', 'A catch event needs an event definition')
            break
          }
          if (def.$type === 'bpmn:TimerEventDefinition') {
            checkTimer(el, def)
          } else if (def.$type === 'bpmn:MessageEventDefinition') {
            messageCatch(el, def)
          } else if (def.$type === 'bpmn:SignalEventDefinition') {
            signalCatch(el, def)
          } else if (def.$type === 'bpmn:EscalationEventDefinition' && el.$type === 'bpmn:BoundaryEvent') {
            if (el.attachedToRef?.$type !== 'bpmn:SubProcess') problem(el.id, 'supported-subset', 'Escalation boundary events are supported on sub-processes only')
            checkEscalation(el, def)
          } else if (def.$type === 'bpmn:CompensateEventDefinition' && el.$type === 'bpmn:BoundaryEvent') {
            // checked with the rest of the process's compensation (compensation-model.ts)
          } else if (def.$type === 'bpmn:LinkEventDefinition' && el.$type === 'bpmn:IntermediateCatchEvent') {
            if (!def.name) problem(el.id, 'link', 'A link catch event needs a link name')
          } else if (def.$type === 'bpmn:ErrorEventDefinition' && el.$type === 'bpmn:BoundaryEvent') {
            const target = el.attachedToRef
            const isJob = ['bpmn:ServiceTask', 'bpmn:SendTask'].includes(target?.$type) || (target?.$type === 'bpmn:BusinessRuleTask' && !ext(target, 'zeebe:CalledDecision'))
            if (!isJob && target?.$type !== 'bpmn:SubProcess') {
              problem(el.id, 'supported-subset', 'Error boundary events are supported on service tasks and sub-processes only')
            }
          } else {
            problem(el.id, 'supported-subset', `${def.$type.replace('bpmn:', '')} on ${el.$type.replace('bpmn:', '')} is not supported`)
          }
          break
        }
        default:
          break
      }
    }
    processes.push(model)
  }
  // the later parseBpmn calls of the same deployment find it (the moddle tree is not kept: it is large)
  remember(cacheKey(resource, xml), Promise.resolve({ processes, problems, warnings: diagramWarnings }))
  return { processes, problems, warnings: diagramWarnings, definitions: rootElement }
}
