import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, message, serviceTask, timerBoundary, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { DeploymentError, EngineError } from '../../engine/port.ts'
import { bpmnError, complete, fail, type Job, type JobHandler } from '../../engine/job.ts'

const HOUR = 3600_000
const DAY = 24 * HOUR

describe('embedded engine', function () {
  let db: TestDatabase
  let clock: FakeClock
  let engine: EmbeddedEngine
  let calls: Job[]

  const handler = (taskType: string, handle: (job: Job) => ReturnType<JobHandler['handle']>): JobHandler => ({
    taskType,
    handle: async (job) => {
      calls.push(job)
      return handle(job)
    },
  })

  function newEngine(): EmbeddedEngine {
    const e = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    e.registerHandler(handler('double', (job) => Promise.resolve(complete({ result: Number(job.variables.input) * 2 }))))
    e.registerHandler(handler('noop', () => Promise.resolve(complete())))
    return e
  }

  before(async function () {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
    calls = []
    engine = newEngine()
  })

  const openTasks = () => db.prisma.task.findMany({ where: { status: 'open' }, orderBy: { createdAt: 'asc' } })
  const instance = (id: string) => db.prisma.processInstance.findUniqueOrThrow({ where: { id } })

  describe('deploy', () => {
    it('should refuse malformed XML and deploy nothing', async () => {
      const err = await engine.deploy([{ name: 'broken.bpmn', content: '<bpmn:definitions><oops' }]).catch((e) => e)
      expect(err).to.be.instanceOf(DeploymentError)
      expect(err.problems[0]).to.include({ resource: 'broken.bpmn', rule: 'xml' })
      expect(await db.prisma.processDefinition.count()).to.equal(0)
    })

    it('should let a job whose type has no handler wait, untried, and run it once a handler for the type is registered', async () => {
      const file = bpmnFile('p', `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}${serviceTask('t', 'late-type')}${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`)
      const deployed = await engine.deploy([file])
      expect(deployed.warnings?.map((w) => `${w.elementId}:${w.rule}`)).to.deep.equal(['t:job-type'])
      const { instanceId } = await engine.startInstance({ processId: 'p' })
      clock.advance(3_600_000)
      await engine.runDueWork()
      await engine.idle()
      expect(await db.prisma.job.findFirstOrThrow({ where: { instanceId } })).to.include({ status: 'pending', attempts: 0 })

      engine.registerHandler({ taskType: 'late-type', handle: async () => complete({ late: true }) })
      await engine.runDueWork()
      await engine.idle()

      expect(await instance(instanceId)).to.include({ status: 'completed' })
      expect((await instance(instanceId)).variables).to.include({ late: true })
    })

    it('should refuse elements outside the supported subset and unparsable FEEL', async () => {
      const file = bpmnFile(
        'p',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'script')}<bpmn:complexGateway id="script" />${flow('f2', 'script', 'g')}
         <bpmn:exclusiveGateway id="g" default="f4" />${flow('f3', 'g', 'e', '=(income &lt; 823')}${flow('f4', 'g', 'e')}<bpmn:endEvent id="e" />`,
      )
      const err = await engine.deploy([file]).catch((e) => e)
      const rules = err.problems.map((p: { elementId: string; rule: string }) => `${p.elementId}:${p.rule}`)
      expect(rules).to.include('script:supported-subset')
      expect(rules).to.include('f3:feel')
    })

    it('should make a new version only when the content changed', async () => {
      const file = bpmnFile('p', `<bpmn:startEvent id="s" />${flow('f', 's', 'e')}<bpmn:endEvent id="e" />`)
      const first = await engine.deploy([file])
      const again = await engine.deploy([file])
      const changed = await engine.deploy([{ ...file, content: file.content.replace('name="p"', 'name="p2"') }])
      expect(first.processes[0]).to.include({ version: 1, duplicate: false })
      expect(again.processes[0]).to.include({ version: 1, duplicate: true })
      expect(changed.processes[0]).to.include({ version: 2, duplicate: false })
      expect(await engine.listProcesses()).to.deep.equal([{ id: 'p', name: 'p2', version: 2 }])
    })
  })

  describe('service tasks and gateways', () => {
    const file = bpmnFile(
      'calcp',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'calc')}
       ${serviceTask('calc', 'double', '<zeebe:ioMapping><zeebe:input source="=amount + 1" target="input" /><zeebe:output source="=result" target="doubled" /></zeebe:ioMapping>')}
       ${flow('f2', 'calc', 'g')}
       <bpmn:exclusiveGateway id="g" default="toSmall" />
       ${flow('toBig', 'g', 'big', '=doubled &gt; 100')}${flow('toSmall', 'g', 'small')}
       ${userTask('big', '<zeebe:assignmentDefinition candidateGroups="managers" />')}${userTask('small', '<zeebe:assignmentDefinition candidateGroups="caseworkers, family-assistants" />')}`,
    )

    it('should run the handler with input mappings and apply output mappings', async () => {
      await engine.deploy([file])
      const { instanceId } = await engine.startInstance({ processId: 'calcp', businessKey: 'case-1', variables: { amount: 59 } })
      await engine.idle()
      expect(calls).to.have.length(1)
      expect(calls[0].variables).to.include({ input: 60, amount: 59 })
      expect(calls[0].businessKey).to.equal('case-1')
      const vars = (await instance(instanceId)).variables as Record<string, unknown>
      expect(vars).to.include({ doubled: 120, caseId: 'case-1' })
      expect(vars).not.to.have.property('result')
    })

    it('should take the FEEL branch when its condition holds and the default flow otherwise', async () => {
      await engine.deploy([file])
      await engine.startInstance({ processId: 'calcp', variables: { amount: 59 } })
      await engine.startInstance({ processId: 'calcp', variables: { amount: 1 } })
      await engine.idle()
      const tasks = await openTasks()
      expect(tasks.map((t) => [t.elementId, t.candidateGroups])).to.have.deep.members([
        ['big', ['managers']],
        ['small', ['caseworkers', 'family-assistants']],
      ])
    })
  })

  describe('parallel gateways', () => {
    it('should wait for both branches before joining when a parallel gateway splits the flow', async () => {
      await engine.deploy([
        bpmnFile('par', `<bpmn:startEvent id="s" />${flow('f1', 's', 'split')}<bpmn:parallelGateway id="split" />
          ${flow('f2', 'split', 'a')}${flow('f3', 'split', 'b')}${userTask('a')}${userTask('b')}
          ${flow('f4', 'a', 'join')}${flow('f5', 'b', 'join')}<bpmn:parallelGateway id="join" />${flow('f6', 'join', 'after')}
          ${serviceTask('after', 'noop')}${flow('f7', 'after', 'e')}<bpmn:endEvent id="e" />`),
      ])
      const { instanceId } = await engine.startInstance({ processId: 'par' })
      const tasks = await openTasks()
      expect(tasks.map((t) => t.elementId).sort()).to.deep.equal(['a', 'b'])
      await engine.completeUserTask(tasks[0].engineKey, {})
      await engine.idle()
      expect(calls).to.have.length(0)
      await engine.completeUserTask(tasks[1].engineKey, {})
      await engine.idle()
      expect(calls.map((c) => c.elementId)).to.deep.equal(['after'])
      expect((await instance(instanceId)).status).to.equal('completed')
    })
  })

  describe('parallel joins (Zeebe semantics)', () => {
    const file = bpmnFile(
      'optjoin',
      `<bpmn:startEvent id="s" />${flow('f0', 's', 'split')}<bpmn:parallelGateway id="split" />
       ${flow('fa', 'split', 'a')}${userTask('a')}${flow('fa2', 'a', 'join')}
       ${flow('fb', 'split', 'choose')}<bpmn:exclusiveGateway id="choose" default="skip" />
       ${flow('need', 'choose', 'b', '=needB')}${flow('skip', 'choose', 'merge')}${userTask('b')}${flow('fb2', 'b', 'merge')}
       <bpmn:exclusiveGateway id="merge" />${flow('fb3', 'merge', 'join')}
       <bpmn:parallelGateway id="join" />${flow('fj', 'join', 'after')}${userTask('after')}${flow('fe', 'after', 'e')}<bpmn:endEvent id="e" />`,
    )

    it('should not pass the join while an optional task in a branch is still open', async () => {
      await engine.deploy([file])
      await engine.startInstance({ processId: 'optjoin', variables: { needB: true } })
      let tasks = await openTasks()
      expect(tasks.map((t) => t.elementId).sort()).to.deep.equal(['a', 'b'])
      await engine.completeUserTask(tasks.find((t) => t.elementId === 'a')!.engineKey, {})
      tasks = await openTasks()
      expect(tasks.map((t) => t.elementId)).to.deep.equal(['b'])
      await engine.completeUserTask(tasks[0].engineKey, {})
      expect((await openTasks()).map((t) => t.elementId)).to.deep.equal(['after'])
    })

    it('should pass the join once the other branch skipped its optional task', async () => {
      await engine.deploy([file])
      await engine.startInstance({ processId: 'optjoin', variables: { needB: false } })
      const [a] = await openTasks()
      expect(a.elementId).to.equal('a')
      await engine.completeUserTask(a.engineKey, {})
      expect((await openTasks()).map((t) => t.elementId)).to.deep.equal(['after'])
    })
  })

  describe('user tasks', () => {
    const file = bpmnFile(
      'ut',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'review')}
       <bpmn:userTask id="review" name="Ocena"><bpmn:extensionElements><zeebe:userTask />
         <zeebe:assignmentDefinition candidateGroups="=team" candidateUsers="anna" assignee="=owner" />
         <zeebe:taskSchedule dueDate="=due" followUpDate="2026-03-03T08:00:00Z" />
         <zeebe:formDefinition formId="review-form" /><zeebe:priorityDefinition priority="=if urgent then 90 else 40" />
         <zeebe:properties><zeebe:property name="fourEyesWith" value="draft" /></zeebe:properties>
         <zeebe:ioMapping><zeebe:output source="=verdict = &quot;ok&quot;" target="accepted" /></zeebe:ioMapping>
       </bpmn:extensionElements></bpmn:userTask>
       ${flow('f2', 'review', 'e')}<bpmn:endEvent id="e" />`,
    )
    const form = { name: 'review-form.form', content: JSON.stringify({ id: 'review-form', components: [{ type: 'textfield', key: 'verdict', label: 'Werdykt' }] }) }

    it('should create an inbox task with groups, users, assignee, dates, priority, form and properties', async () => {
      await engine.deploy([form, file])
      await engine.startInstance({ processId: 'ut', businessKey: 'case-7', variables: { team: 'caseworkers', owner: 'pracownik', due: '2026-03-20T22:59:59Z', urgent: true } })
      const [task] = await openTasks()
      expect(task).to.include({ name: 'Ocena', caseId: 'case-7', assignee: 'pracownik', formKey: 'review-form', priority: 90, engine: 'embedded' })
      expect(task.candidateGroups).to.deep.equal(['caseworkers'])
      expect(task.candidateUsers).to.deep.equal(['anna'])
      expect(task.dueAt?.toISOString()).to.equal('2026-03-20T22:59:59.000Z')
      expect(task.followUpAt?.toISOString()).to.equal('2026-03-03T08:00:00.000Z')
      expect(task.properties).to.deep.equal({ fourEyesWith: 'draft' })
    })

    it('should continue the process with the output mapping when the task is completed', async () => {
      await engine.deploy([form, file])
      const { instanceId } = await engine.startInstance({ processId: 'ut', variables: { team: 'x', owner: null, due: null, urgent: false } })
      const [task] = await openTasks()
      await engine.completeUserTask(task.engineKey, { verdict: 'ok' })
      const done = await instance(instanceId)
      expect(done.status).to.equal('completed')
      expect(done.variables).to.include({ accepted: true })
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).to.equal('completed')
    })

    it('should refuse to complete a task twice', async () => {
      await engine.deploy([form, file])
      await engine.startInstance({ processId: 'ut', variables: { team: 'x', urgent: false } })
      const [task] = await openTasks()
      await engine.completeUserTask(task.engineKey, { verdict: 'no' })
      const err = await engine.completeUserTask(task.engineKey, { verdict: 'no' }).catch((e) => e)
      expect(err).to.be.instanceOf(EngineError)
      expect(err.code).to.equal('CONFLICT')
    })

    it('should refuse a deployment whose user task names a form that does not exist', async () => {
      const err = await engine.deploy([file]).catch((e) => e)
      expect(err.problems).to.deep.include({ resource: 'ut.bpmn', elementId: 'review', rule: 'form', message: 'Form "review-form" is not deployed' })
    })

    it('should carry on from the saved state after a restart in the middle of a user task', async () => {
      await engine.deploy([form, file])
      const { instanceId } = await engine.startInstance({ processId: 'ut', variables: { team: 'x', urgent: false } })
      // the first engine is dropped without stopping, as a killed process would be
      const restarted = newEngine()
      await restarted.start()
      const [task] = await openTasks()
      await restarted.completeUserTask(task.engineKey, { verdict: 'ok' })
      expect((await instance(instanceId)).status).to.equal('completed')
      await restarted.stop()
    })
  })

  describe('instances by business key', () => {
    const file = bpmnFile('bk', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${userTask('wait', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />`)

    it('should find the oldest instance started with a business key and skip canceled ones when asked for one', async () => {
      // given: one canceled and two live instances of case-1, one of case-2
      await engine.deploy([file])
      const canceled = await engine.startInstance({ processId: 'bk', businessKey: 'case-1' })
      await engine.cancelInstance(canceled.instanceId)
      clock.advance(1000)
      const first = await engine.startInstance({ processId: 'bk', businessKey: 'case-1' })
      clock.advance(1000)
      await engine.startInstance({ processId: 'bk', businessKey: 'case-1' })
      const other = await engine.startInstance({ processId: 'bk', businessKey: 'case-2' })
      // then
      expect(await engine.findInstanceByBusinessKey('bk', 'case-1')).to.deep.equal({ instanceId: first.instanceId })
      expect(await engine.findInstanceByBusinessKey('bk', 'case-2')).to.deep.equal({ instanceId: other.instanceId })
      expect(await engine.findInstanceByBusinessKey('bk', 'case-3')).to.equal(null)
      expect(await engine.findInstanceByBusinessKey('other-process', 'case-1')).to.equal(null)
    })

    it('should find an instance that already completed when it was started with the business key', async () => {
      const quick = bpmnFile('quick', `<bpmn:startEvent id="s" />${flow('f', 's', 'e')}<bpmn:endEvent id="e" />`)
      await engine.deploy([quick])
      const { instanceId } = await engine.startInstance({ processId: 'quick', businessKey: 'case-9' })
      expect((await instance(instanceId)).status).to.equal('completed')
      expect(await engine.findInstanceByBusinessKey('quick', 'case-9')).to.deep.equal({ instanceId })
    })
  })

  describe('timers', () => {
    it('should cancel the user task when an interrupting boundary timer fires, once', async () => {
      await engine.deploy([
        bpmnFile('t1', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${userTask('wait')}${timerBoundary('late', 'wait', 'P2D')}${flow('f2', 'late', 'esc')}${serviceTask('esc', 'noop')}${flow('f3', 'esc', 'e')}<bpmn:endEvent id="e" />${flow('f4', 'wait', 'e2')}<bpmn:endEvent id="e2" />`),
      ])
      const { instanceId } = await engine.startInstance({ processId: 't1' })
      const [timer] = await db.prisma.timer.findMany()
      expect(timer.dueAt.toISOString()).to.equal('2026-03-04T08:00:00.000Z')
      clock.advance(DAY)
      expect(await engine.runDueWork()).to.equal(0)
      expect(await openTasks()).to.have.length(1)
      clock.advance(DAY + 1)
      await engine.runDueWork()
      await engine.runDueWork()
      expect(await openTasks()).to.have.length(0)
      expect((await db.prisma.task.findFirstOrThrow()).status).to.equal('canceled')
      expect(calls.filter((c) => c.elementId === 'esc')).to.have.length(1)
      expect((await instance(instanceId)).status).to.equal('completed')
      expect((await db.prisma.timer.findFirstOrThrow()).status).to.equal('fired')
    })

    it('should keep the user task when a non-interrupting boundary timer fires', async () => {
      await engine.deploy([
        bpmnFile('t2', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${userTask('wait')}${timerBoundary('remind', 'wait', 'PT4H', false)}${flow('f2', 'remind', 'note')}${serviceTask('note', 'noop')}${flow('f3', 'note', 'e')}<bpmn:endEvent id="e" />${flow('f4', 'wait', 'e2')}<bpmn:endEvent id="e2" />`),
      ])
      await engine.startInstance({ processId: 't2' })
      clock.advance(5 * HOUR)
      await engine.runDueWork()
      expect(calls.map((c) => c.elementId)).to.deep.equal(['note'])
      const [task] = await openTasks()
      expect(task.elementId).to.equal('wait')
      await engine.completeUserTask(task.engineKey, {})
      expect(await db.prisma.processInstance.count({ where: { status: 'completed' } })).to.equal(1)
    })

    it('should wait on an intermediate timer with a FEEL date and fire it after a restart, never twice', async () => {
      await engine.deploy([
        bpmnFile('t3', `<bpmn:startEvent id="s" />${flow('f1', 's', 'until')}<bpmn:intermediateCatchEvent id="until"><bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=wakeAt</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${flow('f2', 'until', 'after')}${serviceTask('after', 'noop')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`),
      ])
      const { instanceId } = await engine.startInstance({ processId: 't3', variables: { wakeAt: '2026-03-10T12:00:00Z' } })
      expect((await db.prisma.timer.findFirstOrThrow()).dueAt.toISOString()).to.equal('2026-03-10T12:00:00.000Z')
      // restart in the middle of the timer: a new engine, the old one never stopped
      const restarted = newEngine()
      await restarted.start()
      clock.set('2026-03-10T12:00:01Z')
      await Promise.all([restarted.runDueWork(), engine.runDueWork()])
      await restarted.runDueWork()
      expect(calls.filter((c) => c.elementId === 'after')).to.have.length(1)
      expect((await instance(instanceId)).status).to.equal('completed')
      await restarted.stop()
    })
  })

  describe('messages', () => {
    const roots = message('Msg_docs', 'documents-received', '=caseId') + message('Msg_withdrawn', 'application-withdrawn', '=caseId')

    it('should correlate a message to the instance with the matching key only', async () => {
      await engine.deploy([
        bpmnFile('m1', `<bpmn:startEvent id="s" />${flow('f1', 's', 'catch')}<bpmn:intermediateCatchEvent id="catch"><bpmn:messageEventDefinition messageRef="Msg_docs" /></bpmn:intermediateCatchEvent>${flow('f2', 'catch', 'e')}<bpmn:endEvent id="e" />`, roots),
      ])
      const a = await engine.startInstance({ processId: 'm1', businessKey: 'A' })
      const b = await engine.startInstance({ processId: 'm1', businessKey: 'B' })
      expect(await engine.publishMessage({ name: 'documents-received', correlationKey: 'X' })).to.deep.equal({ correlated: 0 })
      expect(await engine.publishMessage({ name: 'documents-received', correlationKey: 'B', variables: { pages: 3 } })).to.deep.equal({ correlated: 1 })
      expect((await instance(b.instanceId)).status).to.equal('completed')
      expect((await instance(b.instanceId)).variables).to.include({ pages: 3 })
      expect((await instance(a.instanceId)).status).to.equal('waiting')
    })

    it('should keep a message with a time to live until a subscription opens', async () => {
      await engine.deploy([
        bpmnFile('m2', `<bpmn:startEvent id="s" />${flow('f1', 's', 'calc')}${serviceTask('calc', 'noop')}${flow('f2', 'calc', 'catch')}<bpmn:intermediateCatchEvent id="catch"><bpmn:messageEventDefinition messageRef="Msg_docs" /></bpmn:intermediateCatchEvent>${flow('f3', 'catch', 'e')}<bpmn:endEvent id="e" />`, roots),
      ])
      expect(await engine.publishMessage({ name: 'documents-received', correlationKey: 'C', timeToLiveMs: HOUR })).to.deep.equal({ correlated: 0 })
      const c = await engine.startInstance({ processId: 'm2', businessKey: 'C' })
      await engine.idle()
      expect((await instance(c.instanceId)).status).to.equal('completed')
    })

    it('should interrupt a user task with a message boundary event', async () => {
      await engine.deploy([
        bpmnFile('m3', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${userTask('wait')}<bpmn:boundaryEvent id="withdrawn" attachedToRef="wait"><bpmn:messageEventDefinition messageRef="Msg_withdrawn" /></bpmn:boundaryEvent>${flow('f2', 'withdrawn', 'e1')}<bpmn:endEvent id="e1" />${flow('f3', 'wait', 'e2')}<bpmn:endEvent id="e2" />`, roots),
      ])
      const m = await engine.startInstance({ processId: 'm3', businessKey: 'D' })
      expect(await engine.publishMessage({ name: 'application-withdrawn', correlationKey: 'D' })).to.deep.equal({ correlated: 1 })
      expect((await instance(m.instanceId)).status).to.equal('completed')
      expect((await db.prisma.task.findFirstOrThrow()).status).to.equal('canceled')
    })
  })

  describe('job outcomes', () => {
    const errorFile = bpmnFile(
      'err',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'check')}${serviceTask('check', 'check')}
       <bpmn:boundaryEvent id="refused" attachedToRef="check"><bpmn:errorEventDefinition errorRef="Err_refused" /></bpmn:boundaryEvent>
       ${flow('f2', 'refused', 'eRefused')}<bpmn:endEvent id="eRefused" />${flow('f3', 'check', 'eOk')}<bpmn:endEvent id="eOk" />`,
      '<bpmn:error id="Err_refused" name="Refused" errorCode="REFUSED" />',
    )

    it('should follow the error boundary event when the handler throws a BPMN error with its code', async () => {
      engine.registerHandler(handler('check', () => Promise.resolve(bpmnError('REFUSED', 'not eligible'))))
      await engine.deploy([errorFile])
      const { instanceId } = await engine.startInstance({ processId: 'err' })
      await engine.idle()
      const inst = await instance(instanceId)
      expect(inst.status).to.equal('completed')
      expect((inst.trail as { elementId: string }[]).map((t) => t.elementId)).to.include('eRefused')
    })

    it('should raise an incident when a BPMN error has no boundary event to catch it', async () => {
      engine.registerHandler(handler('check', () => Promise.resolve(bpmnError('OTHER', 'no one catches this'))))
      await engine.deploy([errorFile])
      const { instanceId } = await engine.startInstance({ processId: 'err' })
      await engine.idle()
      const inst = await instance(instanceId)
      expect(inst.status).to.equal('incident')
      expect(inst.incident).to.contain('OTHER')
    })

    it('should retry a failing handler with backoff and raise an incident when retries run out', async () => {
      engine.registerHandler(handler('check', () => Promise.resolve(fail('service down'))))
      await engine.deploy([errorFile])
      const { instanceId } = await engine.startInstance({ processId: 'err' })
      await engine.idle()
      expect(calls).to.have.length(1)
      let job = await db.prisma.job.findFirstOrThrow()
      expect(job).to.include({ status: 'pending', retries: 2 })
      expect(job.dueAt.getTime() - clock.now().getTime()).to.equal(1000)
      await engine.runDueWork()
      expect(calls).to.have.length(1)
      clock.advance(1000)
      await engine.runDueWork()
      clock.advance(2000)
      await engine.runDueWork()
      expect(calls).to.have.length(3)
      job = await db.prisma.job.findFirstOrThrow()
      expect(job.status).to.equal('incident')
      expect((await instance(instanceId)).status).to.equal('incident')
    })

    it('should treat a handler that throws as a failure and go on after an incident is retried', async () => {
      let attempt = 0
      engine.registerHandler(
        handler('check', async () => {
          attempt++
          if (attempt <= 3) throw new Error('crashed mid-job')
          return complete({ checked: true })
        }),
      )
      await engine.deploy([errorFile])
      const { instanceId } = await engine.startInstance({ processId: 'err' })
      for (let i = 0; i < 3; i++) {
        await engine.idle()
        clock.advance(10_000)
        await engine.runDueWork()
      }
      const job = await db.prisma.job.findFirstOrThrow()
      expect(job.status).to.equal('incident')
      expect(job.errorMessage).to.contain('crashed mid-job')
      await engine.retryJob(job.id)
      await engine.idle()
      expect((await instance(instanceId)).status).to.equal('completed')
    })

    it('should fail a timer whose firing raises an incident once, not on every round, and fire it again when the incident is resolved', async () => {
      await engine.deploy([
        bpmnFile('ti', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${flow('f2', 'wait', 'g')}<bpmn:exclusiveGateway id="g" />${flow('f3', 'g', 'after', '=x &gt; 1')}${serviceTask('after', 'noop')}${flow('f4', 'after', 'e')}<bpmn:endEvent id="e" />`),
      ])
      const { instanceId } = await engine.startInstance({ processId: 'ti', variables: {} })
      clock.advance(HOUR + 1000)
      await engine.runDueWork()
      expect((await instance(instanceId)).status).to.equal('incident')
      expect((await instance(instanceId)).incident).to.contain('no conditional flow taken')
      const failedTimer = await db.prisma.timer.findFirstOrThrow({ where: { instanceId } })
      expect(failedTimer.status).to.equal('incident')
      const revision = (await instance(instanceId)).revision
      await engine.runDueWork()
      await engine.runDueWork()
      expect(await db.prisma.timer.findFirstOrThrow({ where: { instanceId } })).to.include({ status: 'incident' })
      expect((await instance(instanceId)).revision).to.equal(revision) // not tried again on its own

      // the cause cannot be fixed in this instance's variables here, so it fails again, once, after resolving
      expect(await engine.resolveIncident(instanceId)).to.deep.equal({ timers: 1 })
      expect((await instance(instanceId)).status).to.equal('waiting')
      await engine.runDueWork()
      expect((await instance(instanceId)).status).to.equal('incident')
      expect(calls.filter((c) => c.elementId === 'after')).to.have.length(0)
      await engine.cancelInstance(instanceId)
      expect(await db.prisma.timer.findFirstOrThrow({ where: { instanceId } })).to.include({ status: 'canceled' })
      const notInIncident = await engine.resolveIncident(instanceId).catch((e) => e)
      expect(notInIncident).to.be.instanceOf(EngineError).and.include({ code: 'NOT_FOUND' })
    })

    it('should continue after a failed timer when the incident is resolved and the step now succeeds', async () => {
      // the gateway reads a decision table; the first version has no matching rule, the fixed one has
      const dmn = (output: string) => ({
        name: 'route.dmn',
        content: `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="x"><decision id="route" name="route"><decisionTable id="t" hitPolicy="UNIQUE"><input id="i1"><inputExpression id="ie1" typeRef="string"><text>kind</text></inputExpression></input><output id="o1" name="go" typeRef="number" /><rule id="r1"><inputEntry id="e1"><text>"a"</text></inputEntry><outputEntry id="oe1"><text>${output}</text></outputEntry></rule></decisionTable></decision></definitions>`,
      })
      await engine.deploy([
        dmn('0'),
        bpmnFile('tr', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${flow('f2', 'wait', 'rule')}<bpmn:businessRuleTask id="rule"><bpmn:extensionElements><zeebe:calledDecision decisionId="route" resultVariable="go" /></bpmn:extensionElements></bpmn:businessRuleTask>${flow('f3', 'rule', 'g')}<bpmn:exclusiveGateway id="g" />${flow('f4', 'g', 'after', '=go &gt; 0')}${serviceTask('after', 'noop')}${flow('f5', 'after', 'e')}<bpmn:endEvent id="e" />`),
      ])
      const { instanceId } = await engine.startInstance({ processId: 'tr', variables: { kind: 'a' } })
      clock.advance(HOUR + 1000)
      await engine.runDueWork()
      expect((await instance(instanceId)).status).to.equal('incident')
      await engine.deploy([dmn('1')]) // the administrator fixes the table
      await engine.resolveIncident(instanceId)
      await engine.runDueWork()
      await engine.idle()
      expect(calls.filter((c) => c.elementId === 'after')).to.have.length(1)
      expect((await instance(instanceId)).status).to.equal('completed')
      expect(await db.prisma.timer.findFirstOrThrow({ where: { instanceId } })).to.include({ status: 'fired' })
    })

    it('should record a task left through a caught BPMN error or an interrupting timer as passed, and a path not taken as not entered', async () => {
      engine.registerHandler(handler('check', () => Promise.resolve(bpmnError('REFUSED', 'no'))))
      await engine.deploy([
        errorFile,
        bpmnFile('tb', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${userTask('wait')}${timerBoundary('late', 'wait', 'PT1H')}${flow('f2', 'late', 'e2')}<bpmn:endEvent id="e2" />${flow('f3', 'wait', 'e1')}<bpmn:endEvent id="e1" />`),
      ])
      const events = async (instanceId: string) => ((await instance(instanceId)).trail as { elementId: string; event: string }[]).map((t) => `${t.elementId}:${t.event}`)
      const refused = await engine.startInstance({ processId: 'err' })
      await engine.idle()
      expect(await events(refused.instanceId)).to.include.members(['check:start', 'check:end'])
      expect((await events(refused.instanceId)).filter((e) => e.startsWith('eOk:'))).to.deep.equal([])
      const late = await engine.startInstance({ processId: 'tb' })
      clock.advance(2 * HOUR)
      await engine.runDueWork()
      expect(await events(late.instanceId)).to.include.members(['wait:start', 'wait:end', 'e2:end'])
      expect((await events(late.instanceId)).filter((e) => e.startsWith('e1:'))).to.deep.equal([])
    })

    it('should hand a job out again when its worker died mid-job', async () => {
      let release!: () => void
      engine.registerHandler(handler('check', () => new Promise((resolve) => (release = () => resolve(complete())))))
      await engine.deploy([errorFile])
      const { instanceId } = await engine.startInstance({ processId: 'err' })
      await new Promise((r) => setTimeout(r, 50))
      expect((await db.prisma.job.findFirstOrThrow()).status).to.equal('running')
      // a new process starts while the job is still marked running: it is handed out again
      const restarted = newEngine()
      restarted.registerHandler(handler('check', () => Promise.resolve(complete())))
      await restarted.start()
      await restarted.runDueWork()
      expect((await instance(instanceId)).status).to.equal('completed')
      release()
      await engine.idle()
      expect((await instance(instanceId)).status).to.equal('completed')
      await restarted.stop()
    })
  })

  describe('memory', () => {
    it('should hold no engine for an instance that waits', async () => {
      await engine.deploy([bpmnFile('w', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${userTask('wait')}${timerBoundary('t', 'wait', 'P14D')}${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />${flow('f3', 't', 'e2')}<bpmn:endEvent id="e2" />`)])
      for (let i = 0; i < 20; i++) await engine.startInstance({ processId: 'w' })
      const state = await db.prisma.processInstance.findFirstOrThrow()
      expect(state.status).to.equal('waiting')
      expect(JSON.stringify(state.state).length).to.be.below(20_000)
      expect((engine as unknown as { locks: Map<string, unknown> }).locks.size).to.equal(0)
    })
  })
})
