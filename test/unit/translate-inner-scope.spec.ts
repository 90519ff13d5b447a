// The translation of multi-instance sub-processes for Operaton (engine/operaton/translate-loop.ts,
// translate-inner-scope.ts), without an engine: each inner instance declares the carrier variable, jobs and inbox tasks
// inside get the end listener that keeps what they set in the inner instance, and what would still write to the whole
// process is refused naming the element.
import { expect } from 'chai'
import { BpmnModdle } from 'bpmn-moddle'
import { createRequire } from 'node:module'
import { translateBpmn } from '../../engine/operaton/translate-bpmn.ts'
import { INNER_SCOPE_CARRIER } from '../../engine/operaton/inner-scope-carrier.ts'
import { bpmnFile, flow, message, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask, decisionTableXml } from '../helpers/dmn-fixture.ts'

const require = createRequire(import.meta.url)
const camundaSchema = require('camunda-bpmn-moddle/resources/camunda.json')

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any

const loop = (inner = '') =>
  `<bpmn:multiInstanceLoopCharacteristics isSequential="false"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=result" /></bpmn:extensionElements>${inner}</bpmn:multiInstanceLoopCharacteristics>`

/** A process whose `each` is a multi-instance sub-process with `inner` between its start `is` and end `ie`. */
async function translated(inner: string, rootElements = '') {
  const file = bpmnFile('tis_unit', `<bpmn:startEvent id="s" />${flow('f1', 's', 'each')}<bpmn:subProcess id="each">${loop()}<bpmn:startEvent id="is" />${inner}<bpmn:endEvent id="ie" /></bpmn:subProcess>${flow('f2', 'each', 'e')}<bpmn:endEvent id="e" />`, rootElements)
  const result = await translateBpmn(file.name, file.content)
  const elements = new Map<string, El>()
  if (!result.problems.length) {
    const { rootElement } = (await new BpmnModdle({ camunda: camundaSchema }).fromXML(result.xml)) as El
    const visit = (c: El) => {
      for (const el of c.flowElements ?? []) {
        elements.set(el.id, el)
        visit(el)
      }
    }
    for (const p of rootElement.rootElements.filter((e: El) => e.$type === 'bpmn:Process')) visit(p)
  }
  return { ...result, elements }
}

const ext = (el: El, type: string): El[] => (el?.extensionElements?.values ?? []).filter((e: El) => e.$type === type)
const endListeners = (el: El) => ext(el, 'camunda:ExecutionListener').filter((l: El) => l.event === 'end').map((l: El) => l.expression)

describe('translateBpmn: multi-instance sub-processes (Zeebe → Operaton)', () => {
  it('should declare the carrier variable in each inner instance and keep the loop\'s collection and listeners when the sub-process is multi-instance', async () => {
    const { problems, elements } = await translated(`${flow('i1', 'is', 'check')}${serviceTask('check', 'tis-check')}${flow('i2', 'check', 'ie')}`)
    expect(problems).to.deep.equal([])
    const each = elements.get('each')
    expect(each.loopCharacteristics.get('camunda:collection')).to.include('welfareLoop.collection(execution')
    expect(each.loopCharacteristics.get('camunda:elementVariable')).to.equal('item')
    const inputs = ext(each, 'camunda:InputOutput').flatMap((io: El) => io.inputParameters ?? [])
    expect(inputs.map((p: El) => [p.name, p.definition?.value])).to.deep.equal([[INNER_SCOPE_CARRIER, 'null'], ['loopCounter', 'loopCounter'], ['item', 'item']])
    expect(endListeners(each).some((e: string) => e.startsWith('${welfareLoop.collect('))).to.equal(true)
  })

  it('should give jobs and inbox tasks inside the end listener that keeps what they set in the inner instance, and leave a user task\'s output mappings to the adapter', async () => {
    const outputs = '<zeebe:ioMapping><zeebe:input source="=item" target="shown" /><zeebe:output source="=answer" target="verdict" /></zeebe:ioMapping>'
    const { problems, elements } = await translated(`${flow('i1', 'is', 'check')}${serviceTask('check', 'tis-check')}${flow('i2', 'check', 'review')}${userTask('review', outputs)}${flow('i3', 'review', 'ie')}`)
    expect(problems).to.deep.equal([])
    expect(endListeners(elements.get('check'))).to.deep.equal(['${welfareScope.keep(execution)}'])
    const review = elements.get('review')
    expect(endListeners(review)).to.deep.equal(['${welfareScope.keep(execution)}'])
    const io = ext(review, 'camunda:InputOutput')[0]
    expect(io.inputParameters.map((p: El) => p.name), 'input mappings stay on the task').to.deep.equal(['shown'])
    expect(io.outputParameters ?? [], 'outputs are carried by the adapter').to.deep.equal([])
  })

  it('should set a script task\'s result on the task, from what it sees, and hand it to the inner instance when the task ends', async () => {
    const { problems, elements } = await translated(`${flow('i1', 'is', 'calc')}<bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=item * 2" resultVariable="result" /></bpmn:extensionElements></bpmn:scriptTask>${flow('i2', 'calc', 'ie')}`)
    expect(problems).to.deep.equal([])
    const calc = elements.get('calc')
    expect(calc.get('camunda:resultVariable')).to.equal('result')
    const inputs = ext(calc, 'camunda:InputOutput')[0].inputParameters
    expect(inputs.map((p: El) => [p.name, p.definition?.value])).to.deep.equal([['result', 'result']])
    expect(endListeners(calc)).to.deep.equal(["${welfareScope.keepLocal(execution, 'result')}"])
  })

  it('should set a decision task\'s result on the task and hand it to the inner instance, not treat it as a job', async () => {
    const dmn = decisionTableXml({ decisionId: 'tis_band', inputs: ['item'], outputs: ['band'], rules: [['< 5', '"low"'], ['>= 5', '"high"']] })
    const file = bpmnFile('tis_decision', `<bpmn:startEvent id="s" />${flow('f1', 's', 'each')}<bpmn:subProcess id="each">${loop()}<bpmn:startEvent id="is" />${flow('i1', 'is', 'rate')}${businessRuleTask('rate', 'tis_band', 'band')}${flow('i2', 'rate', 'ie')}<bpmn:endEvent id="ie" /></bpmn:subProcess>${flow('f2', 'each', 'e')}<bpmn:endEvent id="e" />`)
    const result = await translateBpmn(file.name, file.content, { decisions: new Map([['tis_band', dmn]]) })
    expect(result.problems).to.deep.equal([])
    expect(result.xml.replace(/&#39;/g, "'")).to.include("welfareScope.keepLocal(execution, 'band')").and.not.to.include('welfareScope.keep(execution)')
  })

  it('should accept a message catch event and a receive task with any FEEL correlation key inside, each with the keep listener, and copy the item and loop counter into each inner instance', async () => {
    const { problems, elements } = await translated(
      `${flow('i1', 'is', 'reply')}<bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="Msg_tis" /></bpmn:intermediateCatchEvent>${flow('i2', 'reply', 'wait')}<bpmn:receiveTask id="wait" messageRef="Msg_tis" />${flow('i3', 'wait', 'ie')}`,
      message('Msg_tis', 'tis', '=prefix + item'),
    )
    expect(problems).to.deep.equal([])
    expect(endListeners(elements.get('reply'))).to.deep.equal(['${welfareScope.keep(execution)}'])
    expect(endListeners(elements.get('wait'))).to.deep.equal(['${welfareScope.keep(execution)}'])
    const inputs = ext(elements.get('each'), 'camunda:InputOutput').flatMap((io: El) => io.inputParameters ?? [])
    expect(inputs.map((p: El) => [p.name, p.definition?.value])).to.deep.equal([[INNER_SCOPE_CARRIER, 'null'], ['loopCounter', 'loopCounter'], ['item', 'item']])
  })

  it('should bring a called instance\'s variables back onto the call activity and hand them to the inner instance, its input mappings left behind, when a call activity is inside', async () => {
    const { problems, elements } = await translated(
      `${flow('i1', 'is', 'call')}<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="other" /><zeebe:ioMapping><zeebe:input source="=item" target="part" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>${flow('i2', 'call', 'ie')}`,
    )
    expect(problems).to.deep.equal([])
    const call = elements.get('call')
    expect(ext(call, 'camunda:Out').map((o: El) => [o.variables, o.local])).to.deep.equal([['all', true]])
    expect(endListeners(call)).to.deep.equal(["${welfareScope.keepReturned(execution, 'part')}"])
  })

  it('should not give the keep listener to an element outside a multi-instance sub-process', async () => {
    const file = bpmnFile('tis_outside', `<bpmn:startEvent id="s" />${flow('f1', 's', 'check')}${serviceTask('check', 'tis-check')}${flow('f2', 'check', 'e')}<bpmn:endEvent id="e" />`)
    const result = await translateBpmn(file.name, file.content)
    expect(result.problems).to.deep.equal([])
    expect(result.xml).not.to.include('welfareScope')
  })

  const refusals: [string, string, string, string][] = [
    ['a message boundary event', 'nudge', `${flow('i1', 'is', 'check')}${serviceTask('check', 'tis-check')}<bpmn:boundaryEvent id="nudge" attachedToRef="check"><bpmn:messageEventDefinition messageRef="Msg_tis" /></bpmn:boundaryEvent>${flow('i2', 'check', 'ie')}${flow('i3', 'nudge', 'ie')}`, 'correlated'],
    ['a script task with output mappings', 'calc', `${flow('i1', 'is', 'calc')}<bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=item * 2" resultVariable="result" /><zeebe:ioMapping><zeebe:output source="=result" target="doubled" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:scriptTask>${flow('i2', 'calc', 'ie')}`, 'outputs would reach the whole process'],
    ['a call activity with output mappings', 'call', `${flow('i1', 'is', 'call')}<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="other" /><zeebe:ioMapping><zeebe:output source="=x" target="y" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>${flow('i2', 'call', 'ie')}`, 'outputs would reach the whole process'],
    ['a multi-instance sub-process', 'inner', `${flow('i1', 'is', 'inner')}<bpmn:subProcess id="inner">${loop()}<bpmn:startEvent id="is2" />${flow('j1', 'is2', 'ie2')}<bpmn:endEvent id="ie2" /></bpmn:subProcess>${flow('i2', 'inner', 'ie')}`, 'outer inner instance'],
    ['a multi-instance task', 'many', `${flow('i1', 'is', 'many')}<bpmn:serviceTask id="many"><bpmn:extensionElements><zeebe:taskDefinition type="tis-many" /></bpmn:extensionElements>${loop()}</bpmn:serviceTask>${flow('i2', 'many', 'ie')}`, 'share the same variables'],
    ['an event sub-process', 'esp', `${flow('i1', 'is', 'ie')}<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="esps" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>${flow('j1', 'esps', 'espe')}<bpmn:endEvent id="espe" /></bpmn:subProcess>`, 'event sub-process'],
  ]
  for (const [what, id, inner, why] of refusals) {
    it(`should refuse ${what} inside a multi-instance sub-process, naming it and saying why`, async () => {
      const { problems } = await translated(inner, message('Msg_tis', 'tis', '=item'))
      const problem = problems.find((p) => p.elementId === id)
      expect(problem?.rule).to.equal('portable')
      expect(problem?.message).to.include('multi-instance sub-process "each"').and.to.include(why).and.to.include('embedded engine')
    })
  }
})
