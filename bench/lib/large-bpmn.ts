// A generated procedure of about `elements` flow elements, as a modeler saves it (with diagram shapes and edges):
// a chain of service and user tasks, every tenth step an exclusive gateway with a FEEL condition and a default flow
// that both lead to the next step. Used by the deployment-check benchmark and the large-file test.
export function largeBpmn(processId: string, elements: number, jobType = 'compute-deadlines'): { name: string; content: string } {
  const nodes: string[] = []
  const flows: string[] = []
  const shapes: string[] = []
  const edges: string[] = []
  let previous = 'start'
  let count = 1
  let n = 0
  const shape = (id: string, x: number, y: number) =>
    shapes.push(`<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${y}" width="100" height="80" /></bpmndi:BPMNShape>`)
  const edge = (id: string, x1: number, x2: number, y: number) =>
    edges.push(`<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="${x1}" y="${y}" /><di:waypoint x="${x2}" y="${y}" /></bpmndi:BPMNEdge>`)
  const link = (from: string, to: string, condition?: string) => {
    const id = `f${++n}`
    flows.push(condition
      ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
      : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`)
    edge(id, n * 10, n * 10 + 50, 100)
    count++
    return id
  }
  nodes.push('<bpmn:startEvent id="start" name="Start" />')
  shape('start', 0, 100)
  let step = 0
  while (count < elements - 2) {
    step++
    const id = `step${step}`
    if (step % 10 === 0) {
      const defaultFlow = `f${n + 3}` // after the flow into the gateway and its conditional flow
      nodes.push(`<bpmn:exclusiveGateway id="${id}" name="Check ${step}" default="${defaultFlow}" />`)
      count++
      shape(id, step * 150, 100)
      link(previous, id)
      const next = `step${step}join`
      link(id, next, `=amount &gt; ${step}`)
      link(id, next)
      nodes.push(`<bpmn:exclusiveGateway id="${next}" />`)
      count++
      shape(next, step * 150 + 75, 100)
      previous = next
      continue
    }
    nodes.push(step % 2
      ? `<bpmn:serviceTask id="${id}" name="Compute ${step}"><bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" /></bpmn:extensionElements></bpmn:serviceTask>`
      : `<bpmn:userTask id="${id}" name="Review ${step}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="caseworkers" /></bpmn:extensionElements></bpmn:userTask>`)
    count++
    shape(id, step * 150, 100)
    link(previous, id)
    previous = id
  }
  nodes.push('<bpmn:endEvent id="end" name="End" />')
  shape('end', (step + 1) * 150, 100)
  link(previous, 'end')
  return {
    name: `${processId}.bpmn`,
    content: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="Definitions_${processId}" targetNamespace="http://welfare-flow.local/bench">
  <bpmn:process id="${processId}" name="${processId}" isExecutable="true">
${nodes.join('\n')}
${flows.join('\n')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${processId}"><bpmndi:BPMNPlane id="Plane_${processId}" bpmnElement="${processId}">
${shapes.join('\n')}
${edges.join('\n')}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`,
  }
}
