// The shipped diagrams read as a person would draw them (issue 15): no shapes on top of each other, no label over a
// shape or another label, no word of a name split by bpmn-js, flows starting and ending on their shapes, no flows
// crossing each other or running through a shape, every element drawn. The checker (diagram-layout-problems.ts)
// is shown to catch each kind of problem on a shipped diagram spoilt on purpose.
import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { BpmnModdle } from 'bpmn-moddle'
import { PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import { diagramLayoutProblems } from '../helpers/diagram-layout-problems.ts'

const SHIPPED = readdirSync(PROCESSES_DIR).filter((name) => name.endsWith('.bpmn')).sort()
const shipped = (name: string) => readFileSync(path.join(PROCESSES_DIR, name), 'utf8')

/** The family-assistant diagram with its DI edited (elements found by their bpmnElement id). */
async function spoilt(edit: (di: (id: string) => any, plane: any) => void): Promise<string> {
  const moddle = new BpmnModdle()
  const { rootElement } = await moddle.fromXML(shipped('family-assistant.bpmn'))
  const plane = rootElement.diagrams[0].plane
  edit((id) => plane.planeElement.find((e: any) => e.bpmnElement?.id === id), plane)
  return (await moddle.toXML(rootElement)).xml
}

describe('unit: shipped diagrams are laid out readably (diagram-layout-problems.ts)', () => {
  it('should ship six diagrams', () => {
    expect(SHIPPED).to.have.length(6)
  })

  for (const name of SHIPPED) {
    it(`should find no layout problem when checking ${name}`, async () => {
      expect(await diagramLayoutProblems(shipped(name))).to.deep.equal([])
    })
  }

  it('should report overlapping shapes when a task is moved onto its neighbour', async () => {
    const xml = await spoilt((di) => {
      di('Task_computeDeadlines').bounds.x = di('Task_registerCase').bounds.x + 20
    })
    expect(await diagramLayoutProblems(xml)).to.include('Task_registerCase and Task_computeDeadlines: the shapes overlap')
  })

  it('should report a split word when a task is narrower than the longest word of its name', async () => {
    const xml = await spoilt((di) => {
      di('Task_chooseAnotherAssistant').bounds.width = 60
    })
    expect(await diagramLayoutProblems(xml)).to.include('Task_chooseAnotherAssistant: "asystenta" is wider than the shape (60 px) and would be split')
  })

  it('should report a split word when an event label is narrower than a word of its name', async () => {
    const xml = await spoilt((di) => {
      di('End_closed').label.bounds.width = 40
    })
    expect(await diagramLayoutProblems(xml)).to.include('End_closed: "zakończona" is wider than its label (40 px) and would be split')
  })

  it('should report a label over a shape when an event label is moved onto a task', async () => {
    const xml = await spoilt((di) => {
      const task = di('Task_registerCase').bounds
      Object.assign(di('Start_familyReported').label.bounds, { x: task.x + 5, y: task.y + 5 })
    })
    expect(await diagramLayoutProblems(xml)).to.include('Start_familyReported: the label overlaps the shape of Task_registerCase')
  })

  it('should report a flow end off its shape when the last waypoint is moved away from the target', async () => {
    const xml = await spoilt((di) => {
      const points = di('Flow_registerCaseToComputeDeadlines').waypoint
      points[points.length - 1].x -= 30
    })
    expect(await diagramLayoutProblems(xml)).to.include('Flow_registerCaseToComputeDeadlines: the flow does not end on the bounds of Task_computeDeadlines')
  })

  it('should report crossing flows and a flow through a shape when a flow is drawn across the caseload loop', async () => {
    const xml = await spoilt((di) => {
      const assign = di('Task_assignAssistant').bounds
      const another = di('Task_chooseAnotherAssistant').bounds
      const plan = di('Task_workPlan').bounds
      const y = assign.y + assign.height / 2
      // out of the assignment, back left over the two error flows, down through the other assistant's choice
      di('Flow_assignAssistantToWorkPlan').waypoint = [
        { x: assign.x + assign.width, y },
        { x: assign.x + assign.width + 20, y },
        { x: assign.x + assign.width + 20, y: another.y - 20 },
        { x: another.x + 10, y: another.y - 20 },
        { x: another.x + 10, y: another.y + another.height + 20 },
        { x: plan.x + plan.width / 2, y: another.y + another.height + 20 },
        { x: plan.x + plan.width / 2, y: plan.y + plan.height },
      ].map((point) => new BpmnModdle().create('dc:Point', point))
    })
    const problems = await diagramLayoutProblems(xml)
    expect(problems).to.include('Flow_assignAssistantToWorkPlan: the flow runs through the shape of Task_chooseAnotherAssistant')
    expect(problems).to.include('Flow_assignAssistantToWorkPlan and Flow_caseloadFull: the flows cross')
  })

  it('should report an element without a shape when its shape is removed', async () => {
    const xml = await spoilt((di, plane) => {
      plane.planeElement.splice(plane.planeElement.indexOf(di('Task_workPlan')), 1)
    })
    expect(await diagramLayoutProblems(xml)).to.include('Task_workPlan: the element has no shape')
  })
})
