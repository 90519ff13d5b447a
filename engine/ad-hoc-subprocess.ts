// Ad-hoc sub-processes (Camunda 8: `bpmn:adHocSubProcess` with `zeebe:adHoc activeElementsCollection`), the same on
// both engines: rewritten, in the parsed file, into what they mean in terms both engines already run.
//
// On entering, Camunda 8 evaluates activeElementsCollection (a list of inner element ids) and activates each listed
// element; each activation keeps its own variables (they are not propagated on their own); the sub-process completes
// when every activation has completed, or as soon as its completionCondition holds after an inner flow completed
// (cancelling the rest), and outputCollection / outputElement collect one value per completed activation. That is a
// parallel multi-instance embedded sub-process over the collection whose inner instance starts at a router: one
// conditional flow to each element that can be activated. So the ad-hoc sub-process
//
//   <adHocSubProcess id="A" zeebe:adHoc activeElementsCollection="=x" …> inner elements </adHocSubProcess>
//
// becomes a sub-process "A" (same id: its boundary events, flows and diagram still point at it), multi-instance over
// `=x` with the input element AD_HOC_ELEMENT_VARIABLE, containing the inner elements plus a start event "A__adHocStart"
// and an exclusive gateway "A__adHocRoute" with a flow "A__adHocTo_<id>" to each element without incoming flows.
// A listed id that is not such an element matches no flow: an incident, as on Camunda 8; a collection that is not a
// list: an incident (the multi-instance rule).
//
// Differences, on purpose (documented in README › BPMN coverage):
// - An empty list completes the sub-process at once. Camunda 8 leaves it active, waiting for activations through its
//   REST API, which this product does not offer.
// - A missing activeElementsCollection, the job-worker implementation (zeebe:taskDefinition on the sub-process),
//   cancelRemainingInstances="false" together with a completion condition, start or end events inside (Camunda 8
//   refuses them too), event sub-processes inside, and a multi-instance ad-hoc sub-process are refused at deployment.
/** The variable each activation gets locally: the id of the element it activated. */
export const AD_HOC_ELEMENT_VARIABLE = 'adHocElementId'

type El = any
type Refuse = (elementId: string, message: string) => void

/** Whether a file may hold an ad-hoc sub-process (a cheap test before parsing it again). */
export function mayHoldAdHoc(xml: string): boolean {
  return xml.includes('adHocSubProcess')
}

const CONTAINERS = new Set(['bpmn:Process', 'bpmn:SubProcess', 'bpmn:AdHocSubProcess', 'bpmn:Transaction'])
const NEVER_ACTIVATED = new Set(['bpmn:SequenceFlow', 'bpmn:BoundaryEvent', 'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference'])
const ext = (el: El, type: string): El => (el?.extensionElements?.values ?? []).find((e: El) => e.$type === type)

/**
 * Rewrites every ad-hoc sub-process of a parsed file (bpmn-moddle definitions, changed in place) into a
 * multi-instance sub-process with a router, as the header says; what cannot run is refused through `refuseAs`, by
 * element, and left as it was.
 */
export function expandAdHocSubProcesses(moddle: El, definitions: El, refuseAs: Refuse): void {
  const found: { adHoc: El; container: El }[] = []
  const visit = (container: El) => {
    for (const el of container?.flowElements ?? []) {
      if (el.$type === 'bpmn:AdHocSubProcess') found.push({ adHoc: el, container })
      if (CONTAINERS.has(el.$type)) visit(el)
    }
  }
  for (const root of definitions?.rootElements ?? []) if (root.$type === 'bpmn:Process') visit(root)
  if (!found.length) return
  const replaced = new Map<El, El>()
  // innermost first, so that an ad-hoc sub-process inside another is rewritten before its parent copies it
  for (const { adHoc, container } of found.reverse()) {
    const sub = expandOne(moddle, adHoc, refuseAs)
    if (!sub) continue
    sub.$parent = container
    container.flowElements = container.flowElements.map((e: El) => (e === adHoc ? sub : e))
    replaced.set(adHoc, sub)
  }
  if (!replaced.size) return
  // what pointed at an ad-hoc sub-process points at its rewrite (ids are the same; the objects are not)
  const repoint = (container: El) => {
    for (const el of container?.flowElements ?? []) {
      for (const key of ['sourceRef', 'targetRef', 'attachedToRef', 'activityRef']) {
        if (el[key] && replaced.has(el[key])) el[key] = replaced.get(el[key])
      }
      for (const def of el.eventDefinitions ?? []) if (def.activityRef && replaced.has(def.activityRef)) def.activityRef = replaced.get(def.activityRef)
      if (CONTAINERS.has(el.$type)) repoint(el)
    }
  }
  for (const root of definitions.rootElements ?? []) if (root.$type === 'bpmn:Process') repoint(root)
  for (const diagram of definitions.diagrams ?? []) {
    for (const shape of diagram?.plane?.planeElement ?? []) if (shape.bpmnElement && replaced.has(shape.bpmnElement)) shape.bpmnElement = replaced.get(shape.bpmnElement)
  }
}

function expandOne(moddle: El, adHoc: El, refuseAs: Refuse): El | null {
  const id = String(adHoc.id)
  const refusals: string[] = []
  const spec = ext(adHoc, 'zeebe:AdHoc')
  const collection = typeof spec?.activeElementsCollection === 'string' ? spec.activeElementsCollection.trim() : ''
  if (!collection) refusals.push('An ad-hoc sub-process needs the elements to activate (zeebe:adHoc activeElementsCollection, a FEEL list of inner element ids); activating them later through an API is not offered')
  if (ext(adHoc, 'zeebe:TaskDefinition')) refusals.push('An ad-hoc sub-process handled by a job worker (zeebe:taskDefinition on it) is not supported; list the elements to activate in activeElementsCollection')
  if (adHoc.loopCharacteristics) refusals.push('A multi-instance ad-hoc sub-process is not supported')
  if (adHoc.completionCondition && adHoc.cancelRemainingInstances === false) {
    refusals.push('cancelRemainingInstances="false" with a completion condition (waiting for the other activations after it holds) is not supported; leave it true')
  }
  const inner: El[] = adHoc.flowElements ?? []
  if (inner.some((e) => e.$type === 'bpmn:StartEvent' || e.$type === 'bpmn:EndEvent')) refusals.push('An ad-hoc sub-process has no start or end events (as on Camunda 8)')
  if (inner.some((e) => e.triggeredByEvent)) refusals.push('An event sub-process inside an ad-hoc sub-process is not supported')
  const hasIncoming = new Set(inner.filter((e) => e.$type === 'bpmn:SequenceFlow' && e.targetRef?.id).map((e) => e.targetRef.id))
  const targets = inner.filter((e) => !NEVER_ACTIVATED.has(e.$type) && !e.isForCompensation && !e.triggeredByEvent && !hasIncoming.has(e.id))
  if (!targets.length) refusals.push('An ad-hoc sub-process needs at least one activity')
  if (refusals.length) {
    for (const message of refusals) refuseAs(id, message)
    return null
  }

  const sub = moddle.create('bpmn:SubProcess', { id })
  for (const key of ['name', 'documentation', 'incoming', 'outgoing', 'artifacts', 'laneSets', 'default', 'isForCompensation', 'ioSpecification', 'properties', 'dataInputAssociations', 'dataOutputAssociations']) {
    if (adHoc[key] !== undefined) sub[key] = adHoc[key]
  }
  // the sub-process keeps its own extensions (input and output mappings, properties), not the ad-hoc ones
  const kept = (adHoc.extensionElements?.values ?? []).filter((e: El) => e.$type !== 'zeebe:AdHoc')
  if (kept.length) {
    sub.extensionElements = moddle.create('bpmn:ExtensionElements', { values: kept })
    sub.extensionElements.$parent = sub
    for (const v of kept) v.$parent = sub.extensionElements
  }

  const loopAttrs: Record<string, string> = { inputCollection: collection, inputElement: AD_HOC_ELEMENT_VARIABLE }
  if (spec.outputCollection) loopAttrs.outputCollection = spec.outputCollection
  if (spec.outputElement) loopAttrs.outputElement = spec.outputElement
  const zeebeLoop = moddle.create('zeebe:LoopCharacteristics', loopAttrs)
  const loop = moddle.create('bpmn:MultiInstanceLoopCharacteristics', { isSequential: false })
  loop.extensionElements = moddle.create('bpmn:ExtensionElements', { values: [zeebeLoop] })
  zeebeLoop.$parent = loop.extensionElements
  loop.extensionElements.$parent = loop
  if (adHoc.completionCondition?.body) {
    loop.completionCondition = moddle.create('bpmn:FormalExpression', { body: adHoc.completionCondition.body })
    loop.completionCondition.$parent = loop
  }
  loop.$parent = sub
  sub.loopCharacteristics = loop

  const start = moddle.create('bpmn:StartEvent', { id: `${id}__adHocStart` })
  const route = moddle.create('bpmn:ExclusiveGateway', { id: `${id}__adHocRoute` })
  const added: El[] = [start, route]
  const connect = (flowId: string, from: El, to: El, condition?: string) => {
    const flow = moddle.create('bpmn:SequenceFlow', { id: flowId, sourceRef: from, targetRef: to })
    if (condition) {
      flow.conditionExpression = moddle.create('bpmn:FormalExpression', { body: condition })
      flow.conditionExpression.$parent = flow
    }
    from.outgoing = [...(from.outgoing ?? []), flow]
    to.incoming = [...(to.incoming ?? []), flow]
    added.push(flow)
  }
  connect(`${id}__adHocEnter`, start, route)
  for (const target of targets) connect(`${id}__adHocTo_${target.id}`, route, target, `=${AD_HOC_ELEMENT_VARIABLE} = ${JSON.stringify(String(target.id))}`)
  sub.flowElements = [...added, ...inner]
  for (const el of sub.flowElements) el.$parent = sub
  for (const a of sub.artifacts ?? []) a.$parent = sub
  return sub
}

