import { bpmnFile, flow, userTask } from './bpmn-fixture.ts'

/**
 * A process that waits at a user task `first`, with an event sub-process `events` beside it: the given start event
 * (its id must be `evStart`), then a user task `handle`.
 */
export const withEventSubProcess = (processId: string, start: string, rootElements = '') =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'first')}${userTask('first')}${flow('f2', 'first', 'e')}<bpmn:endEvent id="e" />
     <bpmn:subProcess id="events" triggeredByEvent="true">${start}${flow('ef1', 'evStart', 'handle')}${userTask('handle')}${flow('ef2', 'handle', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
    rootElements,
  )
