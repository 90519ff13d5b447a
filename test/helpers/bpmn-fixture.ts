// Builds small Zeebe-flavoured BPMN files for engine tests: give the process body, get a deployable file.
export function bpmnFile(processId: string, body: string, rootElements = ''): { name: string; content: string } {
  return {
    name: `${processId}.bpmn`,
    content: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="Definitions_${processId}" targetNamespace="http://welfare-flow.local/test">
  ${rootElements}
  <bpmn:process id="${processId}" name="${processId}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>`,
  }
}

/** A sequence flow. */
export const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`

export const serviceTask = (id: string, type: string, extra = '') =>
  `<bpmn:serviceTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3" />${extra}</bpmn:extensionElements></bpmn:serviceTask>`

export const userTask = (id: string, extra = '') =>
  `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask />${extra}</bpmn:extensionElements></bpmn:userTask>`

export const timerBoundary = (id: string, attachedTo: string, duration: string, cancelActivity = true) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${cancelActivity}"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`

export const message = (id: string, name: string, correlationKey: string) =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${correlationKey}" /></bpmn:extensionElements></bpmn:message>`
