// The Zeebe → Operaton BPMN translation (engine/operaton/translate-bpmn.ts), without an engine: every shipped
// process translates, each rule's output read back with camunda-bpmn-moddle, each refusal names the element.
import { expect } from 'chai'
import { BpmnModdle } from 'bpmn-moddle'
import { createRequire } from 'node:module'
import { readdirSync, readFileSync } from 'node:fs'
import { messageCorrelations, translateBpmn, translateDmn } from '../../engine/operaton/translate-bpmn.ts'
import { bpmnFile, flow, message, serviceTask, timerBoundary, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask, decisionTableXml } from '../helpers/dmn-fixture.ts'

const require = createRequire(import.meta.url)
const camundaSchema = require('camunda-bpmn-moddle/resources/camunda.json')
const PROCESSES = new URL('../../processes/', import.meta.url)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any

/** Reads translated XML as Operaton's dialect (no zeebe schema: a zeebe:* element left behind would show up as a generic element). */
async function readBack(xml: string): Promise<{ elements: Map<string, El>; root: El }> {
  const { rootElement, warnings } = (await new BpmnModdle({ camunda: camundaSchema }).fromXML(xml)) as El
  expect(warnings, 'the translated XML parses without warnings').to.deep.equal([])
  const elements = new Map<string, El>()
  for (const process of rootElement.rootElements.filter((e: El) => e.$type === 'bpmn:Process')) {
    for (const el of process.flowElements ?? []) elements.set(el.id, el)
  }
  return { elements, root: rootElement }
}

const ext = (el: El, type: string) => (el.extensionElements?.values ?? []).find((e: El) => e.$type === type)
const inputScript = (el: El, name: string) => ext(el, 'camunda:InputOutput')?.inputParameters.find((p: El) => p.name === name)?.definition

async function translated(body: string, rootElements = '', options = {}) {
  const file = bpmnFile('tt_unit', `<bpmn:startEvent id="start" />${flow('f0', 'start', 'first')}${body}`, rootElements)
  const result = await translateBpmn(file.name, file.content, options)
  return { ...result, ...(result.problems.length ? { elements: new Map<string, El>(), root: null } : await readBack(result.xml)) }
}

describe('translateBpmn (Zeebe → Operaton)', () => {
  for (const name of readdirSync(PROCESSES).filter((f) => f.endsWith('.bpmn'))) {
    it(`should translate ${name} without problems and leave no zeebe extension when it is a shipped process`, async () => {
      const xml = readFileSync(new URL(name, PROCESSES), 'utf8')
      const decisions = new Map([['income-criteria', readFileSync(new URL('income-criteria.dmn', PROCESSES), 'utf8')]])
      const result = await translateBpmn(name, xml, { decisions })
      expect(result.problems).to.deep.equal([])
      expect(result.xml).not.to.match(/<zeebe:/)
      const { elements } = await readBack(result.xml)
      expect([...elements.values()].filter((e) => e.$type === 'bpmn:ServiceTask').every((e) => e.type === 'external' && e.topic)).to.equal(true)
    })
  }

  it('should make a service task an external task on the job type, async after, without io mappings when translated', async () => {
    const { problems, elements } = await translated(
      serviceTask('first', 'register-case', '<zeebe:ioMapping><zeebe:input source="=caseId" target="id" /></zeebe:ioMapping><zeebe:taskHeaders><zeebe:header key="k" value="v" /></zeebe:taskHeaders>'),
    )
    expect(problems).to.deep.equal([])
    const task = elements.get('first')
    expect([task.type, task.topic, task.asyncAfter]).to.deep.equal(['external', 'register-case', true])
    expect(task.extensionElements).to.equal(undefined)
    expect(elements.get('start').asyncAfter).to.equal(true)
  })

  it('should accept the form link of a start event and leave it out of the translation when the start event has a start form', async () => {
    const file = bpmnFile('tt_start_form', `<bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formId="blue-card-start" /></bpmn:extensionElements></bpmn:startEvent>${flow('f0', 'start', 'end')}<bpmn:endEvent id="end" />`)
    const result = await translateBpmn(file.name, file.content)
    expect(result.problems).to.deep.equal([])
    const start = (await readBack(result.xml)).elements.get('start')
    expect([start.extensionElements, start.formRef, start.asyncAfter]).to.deep.equal([undefined, undefined, true])
  })

  it('should still refuse other zeebe extensions on a start event when it is translated', async () => {
    const file = bpmnFile('tt_start_io', `<bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=1" target="x" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:startEvent>${flow('f0', 'start', 'end')}<bpmn:endEvent id="end" />`)
    const result = await translateBpmn(file.name, file.content)
    expect(result.problems.map((p) => p.elementId)).to.include('start')
  })

  it('should keep literal user task attributes and link the form by id when they are static', async () => {
    const { problems, elements } = await translated(
      userTask('first', '<zeebe:assignmentDefinition candidateGroups="caseworkers, managers" candidateUsers="ann" assignee="bob" /><zeebe:taskSchedule dueDate="2027-01-02T10:00:00Z" /><zeebe:priorityDefinition priority="80" /><zeebe:formDefinition formId="decision-draft" /><zeebe:properties><zeebe:property name="fourEyesWith" value="Task_x" /></zeebe:properties>'),
    )
    expect(problems).to.deep.equal([])
    const task = elements.get('first')
    expect([task.candidateGroups, task.candidateUsers, task.assignee, task.dueDate, task.priority]).to.deep.equal(['caseworkers, managers', 'ann', 'bob', '2027-01-02T10:00:00Z', '80'])
    expect([task.formRef, task.formRefBinding, task.asyncAfter]).to.deep.equal(['decision-draft', 'latest', true])
    expect(ext(task, 'camunda:Properties').values.map((p: El) => [p.name, p.value])).to.deep.equal([['fourEyesWith', 'Task_x']])
  })

  it('should read a plain variable reference null-safely when an assignee, due date or priority is "=name"', async () => {
    const { elements } = await translated(userTask('first', '<zeebe:assignmentDefinition assignee="=assistantLogin" /><zeebe:taskSchedule dueDate="=replyDueAt" followUpDate="=lookAt" /><zeebe:priorityDefinition priority="=prio" />'))
    const task = elements.get('first')
    expect([task.assignee, task.dueDate, task.followUpDate, task.priority]).to.deep.equal([
      '${execution.getVariable("assistantLogin")}',
      '${execution.getVariable("replyDueAt")}',
      '${execution.getVariable("lookAt")}',
      '${execution.getVariable("prio")}',
    ])
  })

  it('should compute other FEEL into a local wf_ variable when a user task attribute is an expression', async () => {
    const { elements } = await translated(userTask('first', '<zeebe:assignmentDefinition candidateGroups="=teams" /><zeebe:priorityDefinition priority="=if urgent then 80 else 50" />'))
    const task = elements.get('first')
    expect([task.candidateGroups, task.priority]).to.deep.equal(['${wf_candidateGroups}', '${wf_priority}'])
    expect(inputScript(task, 'wf_candidateGroups')).to.include({ scriptFormat: 'feel' })
    expect(inputScript(task, 'wf_candidateGroups').value).to.contain('(teams)')
    expect(inputScript(task, 'wf_priority').value).to.contain('(if urgent then 80 else 50)')
  })

  it('should translate user task io mappings to FEEL input and output parameters when the task has them', async () => {
    const { elements } = await translated(
      userTask('first', '<zeebe:ioMapping><zeebe:input source="=applicant.name" target="who" /><zeebe:output source="=append(list, x)" target="list" /></zeebe:ioMapping>'),
    )
    const io = ext(elements.get('first'), 'camunda:InputOutput')
    expect(io.inputParameters.map((p: El) => [p.name, p.definition.value])).to.deep.equal([['who', 'applicant.name']])
    expect(io.outputParameters.map((p: El) => [p.name, p.definition.scriptFormat, p.definition.value])).to.deep.equal([['list', 'feel', 'append(list, x)']])
  })

  it('should write a FEEL condition without "=" when a flow leaves an exclusive gateway', async () => {
    const { problems, elements } = await translated(
      `<bpmn:exclusiveGateway id="first" default="no" />${flow('yes', 'first', 'a', '=amount &gt; 0 and kind = "x"')}${flow('no', 'first', 'b')}<bpmn:endEvent id="a" /><bpmn:endEvent id="b" />`,
    )
    expect(problems).to.deep.equal([])
    expect(elements.get('yes').conditionExpression).to.include({ language: 'feel', body: 'amount > 0 and kind = "x"' })
    expect(elements.get('no').conditionExpression).to.equal(undefined)
  })

  it('should reference the variable when a timer is "=name" and keep a literal duration', async () => {
    const { problems, elements } = await translated(
      `${userTask('first')}${timerBoundary('late', 'first', '=replyWindow')}${timerBoundary('later', 'first', 'P14D', false)}${flow('f1', 'first', 'end')}${flow('f2', 'late', 'end')}${flow('f3', 'later', 'end')}<bpmn:endEvent id="end" />`,
    )
    expect(problems).to.deep.equal([])
    expect(elements.get('late').eventDefinitions[0].timeDuration.body).to.equal('${replyWindow}')
    expect(elements.get('later').eventDefinitions[0].timeDuration.body).to.equal('P14D')
    expect(elements.get('late').asyncAfter).not.to.equal(true)
  })

  it('should keep a literal cycle and reference a variable cycle when a non-interrupting boundary timer repeats', async () => {
    const cycle = (id: string, value: string) =>
      `<bpmn:boundaryEvent id="${id}" attachedToRef="first" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">${value}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`
    const { problems, elements } = await translated(
      `${userTask('first')}${cycle('hourly', 'R3/PT1H')}${cycle('asked', '=reminders')}${flow('f1', 'first', 'end')}${flow('f2', 'hourly', 'end')}${flow('f3', 'asked', 'end')}<bpmn:endEvent id="end" />`,
    )
    expect(problems).to.deep.equal([])
    expect(elements.get('hourly').eventDefinitions[0].timeCycle.body).to.equal('R3/PT1H')
    expect(elements.get('asked').eventDefinitions[0].timeCycle.body).to.equal('${reminders}')
  })

  it('should keep the cycle when the start of a non-interrupting event sub-process repeats', async () => {
    const { problems, elements } = await translated(
      `${userTask('first')}${flow('f1', 'first', 'end')}<bpmn:endEvent id="end" /><bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="hourly" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>${flow('ef1', 'hourly', 'espEnd')}<bpmn:endEvent id="espEnd" /></bpmn:subProcess>`,
    )
    expect(problems).to.deep.equal([])
    const start = elements.get('esp').flowElements.find((e: El) => e.id === 'hourly')
    expect(start.eventDefinitions[0].timeCycle.body).to.equal('R3/PT1H')
  })

  it('should keep the message and list its correlation variable when a catch event waits for it', async () => {
    const body = `<bpmn:intermediateCatchEvent id="first"><bpmn:messageEventDefinition messageRef="M1" /></bpmn:intermediateCatchEvent>${flow('f1', 'first', 'end')}<bpmn:endEvent id="end" />`
    const { problems, elements, root } = await translated(body, message('M1', 'decision-delivered', '=caseId'))
    expect(problems).to.deep.equal([])
    expect(elements.get('first').asyncAfter).to.equal(true)
    const msg = root.rootElements.find((e: El) => e.id === 'M1')
    expect([msg.name, msg.extensionElements]).to.deep.equal(['decision-delivered', undefined])
    const file = bpmnFile('tt_unit', `<bpmn:startEvent id="start" />${flow('f0', 'start', 'first')}${body}`, message('M1', 'decision-delivered', '=caseId'))
    expect(await messageCorrelations(file.content)).to.deep.equal([
      { processId: 'tt_unit', elementId: 'first', messageName: 'decision-delivered', correlationVariable: 'caseId' },
    ])
  })

  describe('business rule tasks', () => {
    const table = (decisionId: string, hitPolicy: string, outputs: string[], aggregation?: string) =>
      decisionTableXml({ decisionId, hitPolicy, aggregation, inputs: ['x'], outputs, rules: [['-', ...outputs.map(() => '1')]] })
    const cases: [string, string, string[], string | undefined, string][] = [
      ['a single hit with one output', 'UNIQUE', ['v'], undefined, 'singleEntry'],
      ['a single hit with several outputs', 'FIRST', ['v', 'w'], undefined, 'singleResult'],
      ['a collect with one output', 'COLLECT', ['v'], undefined, 'collectEntries'],
      ['a rule order with several outputs', 'RULE ORDER', ['v', 'w'], undefined, 'resultList'],
      ['a collect with an aggregation', 'COLLECT', ['v'], 'SUM', 'singleEntry'],
    ]
    for (const [what, hitPolicy, outputs, aggregation, expected] of cases) {
      it(`should map the result as ${expected} when the decision is ${what}`, async () => {
        const decisions = new Map([['d1', table('d1', hitPolicy, outputs, aggregation)]])
        const { problems, elements } = await translated(businessRuleTask('first', 'd1', 'result'), '', { decisions })
        expect(problems).to.deep.equal([])
        expect(elements.get('first')).to.include({ decisionRef: 'd1', resultVariable: 'result', mapDecisionResult: expected, decisionRefBinding: 'latest' })
      })
    }

    it('should declare the result variable locally when the task has output mappings', async () => {
      const decisions = new Map([['d1', table('d1', 'UNIQUE', ['v'])]])
      const { elements } = await translated(businessRuleTask('first', 'd1', 'result', '<zeebe:ioMapping><zeebe:output source="=result * 2" target="doubled" /></zeebe:ioMapping>'), '', { decisions })
      const io = ext(elements.get('first'), 'camunda:InputOutput')
      expect(io.inputParameters.map((p: El) => [p.name, p.definition.value])).to.deep.equal([['result', 'null']])
      expect(io.outputParameters.map((p: El) => [p.name, p.definition.value])).to.deep.equal([['doubled', 'result * 2']])
    })

    it('should refuse naming the task when the decision is unknown or uses a hit policy Operaton lacks', async () => {
      const unknown = await translated(businessRuleTask('first', 'd1', 'result'))
      expect(unknown.problems.map((p) => [p.elementId, p.rule])).to.deep.equal([['first', 'portable']])
      const priority = await translated(businessRuleTask('first', 'd1', 'result'), '', { decisions: new Map([['d1', table('d1', 'PRIORITY', ['v'])]]) })
      expect(priority.problems.map((p) => p.elementId)).to.deep.equal(['first'])
      expect(priority.problems[0].message).to.contain('PRIORITY')
    })
  })

  describe('refusals', () => {
    const cases: [string, string, string, string][] = [
      ['a timer is other FEEL', `${userTask('first')}${timerBoundary('late', 'first', '=duration("P1D") * 2')}${flow('f1', 'first', 'e')}${flow('f2', 'late', 'e')}<bpmn:endEvent id="e" />`, '', 'late'],
      ['a correlation key is not a plain variable', `<bpmn:intermediateCatchEvent id="first"><bpmn:messageEventDefinition messageRef="M1" /></bpmn:intermediateCatchEvent>`, message('M1', 'm', '="case-" + caseId'), 'first'],
      ['an exclusive gateway has one conditional flow and no default', `<bpmn:exclusiveGateway id="first" />${flow('only', 'first', 'e', '=ok = true')}<bpmn:endEvent id="e" />`, '', 'first'],
      ['a condition is not FEEL', `<bpmn:exclusiveGateway id="first" default="b" />${flow('a', 'first', 'e', 'ok == true')}${flow('b', 'first', 'e')}<bpmn:endEvent id="e" />`, '', 'a'],
      ['a script task is a job-worker script task', '<bpmn:scriptTask id="first"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements></bpmn:scriptTask>', '', 'first'],
      ['a literal would be read as JUEL', userTask('first', '<zeebe:assignmentDefinition candidateGroups="${group}" />'), '', 'first'],
      ['a mapping target is a nested path', userTask('first', '<zeebe:ioMapping><zeebe:output source="=1" target="a.b" /></zeebe:ioMapping>'), '', 'first'],
      ['a user task has task listeners', userTask('first', '<zeebe:taskListeners><zeebe:taskListener eventType="creating" type="x" /></zeebe:taskListeners>'), '', 'first'],
      ['a timer cycle is on an interrupting boundary event', `${userTask('first')}<bpmn:boundaryEvent id="tick" attachedToRef="first" cancelActivity="true"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`, '', 'tick'],
      ['a timer cycle is on the start of an interrupting event sub-process', `${userTask('first')}<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>${flow('ef1', 'tick', 'espEnd')}<bpmn:endEvent id="espEnd" /></bpmn:subProcess>`, '', 'tick'],
      ['an event sub-process starts with a signal that has no name', '<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="first"><bpmn:signalEventDefinition /></bpmn:startEvent></bpmn:subProcess>', '', 'first'],
      ['an event sub-process starts with an escalation that has no code', '<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="first"><bpmn:escalationEventDefinition /></bpmn:startEvent></bpmn:subProcess>', '', 'first'],
      ['an event sub-process starts with a conditional event', '<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="first"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=true</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent></bpmn:subProcess>', '', 'first'],
      ['an element inside a sub-process cannot be translated', '<bpmn:subProcess id="sub"><bpmn:complexGateway id="first" /></bpmn:subProcess>', '', 'first'],
      ['a message throw event has no job type', '<bpmn:intermediateThrowEvent id="first"><bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>', '', 'first'],
      ['a form has an external reference', userTask('first', '<zeebe:formDefinition externalReference="https://forms.example/x" />'), '', 'first'],
    ]
    for (const [what, body, rootElements, elementId] of cases) {
      it(`should refuse naming ${elementId} when ${what}`, async () => {
        const { problems } = await translated(body, rootElements)
        expect(problems.length, JSON.stringify(problems)).to.be.greaterThan(0)
        expect(problems.every((p) => p.rule === 'portable' && p.resource === 'tt_unit.bpmn')).to.equal(true)
        expect(problems.map((p) => p.elementId)).to.include(elementId)
        expect(problems.every((p) => p.message.length > 20)).to.equal(true)
      })
    }
  })
})

describe('translateDmn (Zeebe → Operaton)', () => {
  it('should drop typeRef from inputs and outputs when the shipped decision is translated', async () => {
    const xml = readFileSync(new URL('income-criteria.dmn', PROCESSES), 'utf8')
    expect(xml).to.match(/typeRef="date"/)
    const result = await translateDmn('income-criteria.dmn', xml)
    expect(result.problems).to.deep.equal([])
    expect(result.xml).not.to.match(/typeRef=/)
    expect(result.xml).to.contain('dmnElementRef="income-criteria"')
  })

  it('should refuse naming the table when the hit policy is OUTPUT ORDER', async () => {
    const xml = decisionTableXml({ decisionId: 'd2', hitPolicy: 'OUTPUT ORDER', inputs: ['x'], outputs: ['v'], outputValues: { v: '"a","b"' }, rules: [['-', '"a"']] })
    const result = await translateDmn('d2.dmn', xml)
    expect(result.problems.map((p) => [p.elementId, p.rule])).to.deep.equal([['Table_d2', 'portable']])
  })
})
