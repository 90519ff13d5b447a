// The upload check's CPU-heavy part runs on worker threads (src/procedures/bpmn-off-thread.ts) and must say exactly
// what the same check says on the calling thread; its parse result then serves the deployment that follows.
import { expect } from 'chai'
import { largeBpmn } from '../../bench/lib/large-bpmn.ts'
import { parseBpmn } from '../../engine/embedded/process-model.ts'
import { bpmnWorkerState, checkBpmnOffThread, lintOffThread } from '../../src/procedures/bpmn-off-thread.ts'
import { checkBpmnFile } from '../../src/procedures/check-bpmn-file.ts'
import { lintBpmnText } from '../../src/procedures/lint-bpmn.ts'
import { REGISTRIES } from '../../src/procedures/registries.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'

const broken = bpmnFile(
  'off_thread_broken',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'g')}<bpmn:exclusiveGateway id="g" />${flow('bad', 'g', 'a', '=(income &lt; 823')}${flow('bare', 'g', 'b')}
   ${userTask('a')}${userTask('b')}<bpmn:complexGateway id="odd" />
   <bpmn:intermediateCatchEvent id="m"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>`,
  '<bpmn:message id="M" name="nobody-sends-this"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>',
)

describe('the upload check on worker threads', function () {
  this.timeout(60_000)

  it('should find the same problems on a worker thread as on the calling thread when a file is broken', async () => {
    const here = await checkBpmnFile(broken.name, broken.content, REGISTRIES)
    const there = await checkBpmnOffThread(broken.name, broken.content)

    expect(bpmnWorkerState(), 'it ran on the workers, not on this thread').to.deep.equal({ running: 2, broken: false })
    expect(there.problems).to.deep.equal(here.problems)
    expect(there.problems.map((p) => `${p.elementId}:${p.rule}`)).to.include.members(['bad:feel', 'bare:gateway', 'odd:supported-subset', 'm:message'])
  })

  it('should give the same lint warnings on a worker thread as on the calling thread', async () => {
    expect(await lintOffThread(broken.name, broken.content)).to.deep.equal(await lintBpmnText(broken.name, broken.content))
  })

  it('should check a 5,000-element procedure without a problem and leave its parse for the deployment that follows', async () => {
    const file = largeBpmn('off_thread_large', 5000)

    const checked = await checkBpmnOffThread(file.name, file.content)

    expect(checked.problems).to.deep.equal([])
    const [model] = checked.processes
    expect(model!.names.size, 'every flow node').to.be.greaterThan(2000)
    expect(model!.elements.get('step1')).to.include({ kind: 'service', jobType: 'compute-deadlines' })
    expect(await parseBpmn(file.name, file.content), 'the cached parse').to.deep.equal({ processes: checked.processes, problems: checked.parseProblems, warnings: checked.warnings })
  })
})
