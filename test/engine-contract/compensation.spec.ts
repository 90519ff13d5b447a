// Engine contract: compensation (issue 13), as Camunda 8 runs it. A compensation throw invokes the handler of every
// completed activity of its scope (or of the one its activityRef names), once per completion, and waits for the
// handlers; an activity that did not complete is not compensated. What neither engine runs is refused at deployment
// naming the element (engine/compensation-model.ts, shared by the embedded engine and the Operaton translation).
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { DeploymentError, type DeploymentProblem } from '../../engine/port.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { callsOf, contractTitle, instanceRow, instanceVariables, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

/** A compensation boundary event on `activityId`, associated with `handler` (marked isForCompensation). */
const compensation = (activityId: string, handler: string) =>
  `<bpmn:boundaryEvent id="${activityId}_comp" attachedToRef="${activityId}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>${handler.replace(/^<bpmn:(\w+) /, '<bpmn:$1 isForCompensation="true" ')}<bpmn:association id="${activityId}_assoc" sourceRef="${activityId}_comp" targetRef="${handler.match(/id="([^"]+)"/)![1]}" />`
const throwAll = (id: string, attributes = '') => `<bpmn:intermediateThrowEvent id="${id}"><bpmn:compensateEventDefinition ${attributes}/></bpmn:intermediateThrowEvent>`
const handlerTask = (id: string) => serviceTask(id, 'ct-comp-undo')

const problemsOf = (err: unknown): DeploymentProblem[] => {
  expect(err, 'the deployment is refused').to.be.instanceOf(DeploymentError)
  return (err as DeploymentError).problems
}

describe(contractTitle('compensation'), function () {
  const ctx = useContractEngine({
    start: '2026-03-02T08:00:00Z',
    handlers: {
      'ct-comp-visit': async (job) => complete({ visits: Number(job.variables.visits ?? 0) + 1 }),
      'ct-comp-undo': async () => complete(),
    },
  })
  const start = async (processId: string, variables: Record<string, unknown> = {}) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey: ctx.unique('comp'), variables })
    await ctx.engine.idle()
    return instanceId
  }
  const openElements = async (instanceId: string) => (await openTasks(ctx, instanceId)).map((t) => t.elementId).sort()

  it('should run the handler once per completion when the activity completed twice', async () => {
    await ctx.engine.deploy([
      bpmnFile(
        'ct_comp_twice',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'join')}<bpmn:exclusiveGateway id="join" />${flow('f2', 'join', 'visit')}${serviceTask('visit', 'ct-comp-visit')}
         ${flow('f3', 'visit', 'again')}<bpmn:exclusiveGateway id="again" default="toUndo" />${flow('toJoin', 'again', 'join', '=visits &lt; 2')}${flow('toUndo', 'again', 'undo')}
         ${throwAll('undo')}${flow('f4', 'undo', 'after')}${userTask('after')}${flow('f5', 'after', 'e')}<bpmn:endEvent id="e" />
         ${compensation('visit', handlerTask('unvisit'))}`,
      ),
    ])
    const instanceId = await start('ct_comp_twice', { visits: 0 })
    expect(callsOf(ctx, instanceId, 'visit')).to.have.length(2)
    expect(callsOf(ctx, instanceId, 'unvisit'), 'one handler per completed visit').to.have.length(2)
    expect(await openElements(instanceId)).to.deep.equal(['after'])
  })

  it('should compensate only the activities that completed when a branch was not taken or an activity still runs', async () => {
    await ctx.engine.deploy([
      bpmnFile(
        'ct_comp_partial',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'fork')}<bpmn:parallelGateway id="fork" />
         ${flow('fa', 'fork', 'pick')}<bpmn:exclusiveGateway id="pick" default="toPaid" />${flow('toGranted', 'pick', 'grant', '=amount &gt; 100')}${flow('toPaid', 'pick', 'pay')}
         ${handlerTask('grant').replace('ct-comp-undo', 'ct-comp-visit')}${serviceTask('pay', 'ct-comp-visit')}${flow('fg', 'grant', 'undo')}${flow('fp', 'pay', 'undo')}
         ${throwAll('undo')}${flow('fu', 'undo', 'eu')}<bpmn:endEvent id="eu" />
         ${flow('fb', 'fork', 'review')}${userTask('review')}${flow('fr', 'review', 'er')}<bpmn:endEvent id="er" />
         ${compensation('grant', handlerTask('ungrant'))}${compensation('pay', handlerTask('unpay'))}${compensation('review', userTask('unreview'))}`,
      ),
    ])
    const instanceId = await start('ct_comp_partial', { amount: 50 })
    expect(callsOf(ctx, instanceId, 'unpay'), 'the completed activity').to.have.length(1)
    expect(callsOf(ctx, instanceId, 'ungrant'), 'the branch not taken').to.have.length(0)
    expect(await openElements(instanceId), 'the activity still running is not compensated').to.deep.equal(['review'])
    const [review] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(review!.engineKey, { reviewed: true })
    await ctx.engine.idle()
    expect(await openElements(instanceId)).to.deep.equal([])
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    expect(await instanceVariables(ctx, instanceId)).to.include({ reviewed: true })
  })

  it('should cancel the handler\'s task and end the instance when it is canceled while the throw waits', async () => {
    await ctx.engine.deploy([
      bpmnFile(
        'ct_comp_cancel',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-comp-visit')}${flow('f2', 'work', 'undo')}${throwAll('undo')}
         ${flow('f3', 'undo', 'after')}${userTask('after')}${flow('f4', 'after', 'e')}<bpmn:endEvent id="e" />${compensation('work', userTask('unwork'))}`,
      ),
    ])
    const instanceId = await start('ct_comp_cancel')
    expect(await openElements(instanceId), 'the throw waits for the handler').to.deep.equal(['unwork'])
    await ctx.engine.cancelInstance(instanceId)
    await ctx.engine.idle()
    expect((await instanceRow(ctx, instanceId)).status).to.equal('canceled')
    expect(await openElements(instanceId)).to.deep.equal([])
  })

  const refused: [string, string, string][] = [
    [
      'a handler that is a sub-process',
      'handler',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-comp-visit')}${flow('f2', 'work', 'undo')}${throwAll('undo')}${flow('f3', 'undo', 'e')}<bpmn:endEvent id="e" />
       <bpmn:boundaryEvent id="work_comp" attachedToRef="work"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
       <bpmn:subProcess id="handler" isForCompensation="true"><bpmn:startEvent id="hs" />${flow('hf', 'hs', 'he')}<bpmn:endEvent id="he" /></bpmn:subProcess>
       <bpmn:association id="a1" sourceRef="work_comp" targetRef="handler" />`,
    ],
    [
      'an activityRef outside the throw\'s scope',
      'undoInside',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-comp-visit')}${flow('f2', 'work', 'sub')}
       <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('sf1', 'ss', 'undoInside')}${throwAll('undoInside', 'activityRef="work"')}${flow('sf2', 'undoInside', 'se')}<bpmn:endEvent id="se" /></bpmn:subProcess>
       ${flow('f3', 'sub', 'e')}<bpmn:endEvent id="e" />${compensation('work', handlerTask('unwork'))}`,
    ],
    [
      'a throw outside a sub-process whose inner activities have handlers and the sub-process none',
      'sub',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
       <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('sf1', 'ss', 'inner')}${serviceTask('inner', 'ct-comp-visit')}${flow('sf2', 'inner', 'se')}<bpmn:endEvent id="se" />${compensation('inner', handlerTask('uninner'))}</bpmn:subProcess>
       ${flow('f2', 'sub', 'undo')}${throwAll('undo')}${flow('f3', 'undo', 'e')}<bpmn:endEvent id="e" />`,
    ],
    [
      'a throw that does not wait for its handlers',
      'undo',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-comp-visit')}${flow('f2', 'work', 'undo')}${throwAll('undo', 'waitForCompletion="false"')}${flow('f3', 'undo', 'e')}<bpmn:endEvent id="e" />${compensation('work', handlerTask('unwork'))}`,
    ],
    [
      'a compensation boundary event without a handler',
      'work_comp',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-comp-visit')}${flow('f2', 'work', 'undo')}${throwAll('undo')}${flow('f3', 'undo', 'e')}<bpmn:endEvent id="e" />
       <bpmn:boundaryEvent id="work_comp" attachedToRef="work"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>`,
    ],
  ]
  for (const [what, elementId, body] of refused) {
    it(`should refuse ${what} at deployment, naming ${elementId}`, async () => {
      const err = await ctx.engine.deploy([bpmnFile('ct_comp_refused', body)]).catch((e: unknown) => e)
      const problems = problemsOf(err)
      expect(problems.map((p) => p.elementId), problems.map((p) => p.message).join('; ')).to.include(elementId)
    })
  }
})
