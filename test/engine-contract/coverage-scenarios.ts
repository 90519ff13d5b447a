// The scenarios behind the BPMN coverage table (bpmn-coverage.json → README › BPMN coverage). One small process per
// row, written here. A row an engine runs has a `run` that drives it and checks the outcome; a row an engine refuses
// is deployed and must be refused naming `refusedElement`. bpmn-coverage.spec.ts runs every row on the engine under
// test and holds each cell of the table to what it finds.
import { expect } from 'chai'
import { bpmnError, complete, type Job, type JobOutcome } from '../../engine/job.ts'
import { bpmnFile, flow, message, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask, dmnFile } from '../helpers/dmn-fixture.ts'
import { advance, callsOf, DAY, instanceRow, instanceVariables, openTaskElements, openTasks, type ContractContext } from '../helpers/engine-contract.ts'

export interface CoverageScenario {
  /** The process of the row (deployed as `${processId}.bpmn`). */
  file: { name: string; content: string }
  processId: string
  /** The element a refusing engine must name. */
  refusedElement: string
  /** Drives a started instance and checks what the element did. */
  run?: (ctx: ContractContext, started: Started) => Promise<void>
  /** Instead of `run`, for a process the engine starts by itself (a timer start event): drives the deployed process. */
  startsItself?: (ctx: ContractContext) => Promise<void>
  /** Files deployed before the row's own (a called process). */
  extraFiles?: { name: string; content: string }[]
}

export interface Started {
  instanceId: string
  businessKey: string
}

/** Job handlers the scenarios use (registered by the coverage suite). */
export const COVERAGE_HANDLERS: Record<string, (job: Job) => Promise<JobOutcome>> = {
  'cov-noop': async () => complete(),
  'cov-set': async () => complete({ fromJob: 1 }),
  'cov-refuse': async () => bpmnError('COV_REFUSED', 'refused by the handler', { refusedBy: 'handler' }),
  'cov-double': async (job) => complete({ doubled: Number(job.variables.part) * 2 }),
}

/** A multi-instance body (zeebe:loopCharacteristics) over the start variable `amounts`, each item as `part`. */
const loop = (sequential: boolean, output = '', completion = '') =>
  `<bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=amounts" inputElement="part" ${output} /></bpmn:extensionElements>${
    completion ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${completion}</bpmn:completionCondition>` : ''
  }</bpmn:multiInstanceLoopCharacteristics>`

const start = '<bpmn:startEvent id="s" />'
const end = (id = 'e') => `<bpmn:endEvent id="${id}" />`
const tail = (from: string) => `${flow(`${from}_out`, from, 'after')}${userTask('after')}${flow('after_out', 'after', 'e')}${end()}`
/** A compensation boundary event on `activityId`, associated with `handler` (marked isForCompensation). */
const compensation = (activityId: string, handler: string) =>
  `<bpmn:boundaryEvent id="${activityId}_comp" attachedToRef="${activityId}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>${handler.replace(/^<bpmn:(\w+) /, '<bpmn:$1 isForCompensation="true" ')}<bpmn:association id="${activityId}_assoc" associationDirection="One" sourceRef="${activityId}_comp" targetRef="${handler.match(/id="([^"]+)"/)![1]}" />`
const covError = '<bpmn:error id="Err_cov" name="Refused" errorCode="COV_REFUSED" />'

async function status(ctx: ContractContext, instanceId: string) {
  return (await instanceRow(ctx, instanceId)).status
}

async function completeTask(ctx: ContractContext, instanceId: string, elementId: string, variables: Record<string, unknown> = {}) {
  const task = (await openTasks(ctx, instanceId)).find((t) => t.elementId === elementId)
  expect(task, `an open task at ${elementId}`).to.exist
  await ctx.engine.completeUserTask(task!.engineKey, variables)
  await ctx.engine.idle()
}

/** The common ending of the scenarios: the task after the element is open, completing it completes the instance. */
async function reachesAfter(ctx: ContractContext, instanceId: string) {
  expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['after'])
  await completeTask(ctx, instanceId, 'after')
  expect(await status(ctx, instanceId)).to.equal('completed')
}

function scenario(processId: string, refusedElement: string, body: string, rootElements: string, run?: CoverageScenario['run']): CoverageScenario {
  return { file: bpmnFile(processId, body, rootElements), processId, refusedElement, run }
}

export const COVERAGE_SCENARIOS: Record<string, CoverageScenario> = {
  'none-events': scenario('cov_none_events', 's', `${start}${flow('f1', 's', 'e')}${end()}`, '', async (ctx, { instanceId }) => {
    expect(await status(ctx, instanceId)).to.equal('completed')
  }),

  'service-task': scenario('cov_service_task', 'job', `${start}${flow('f1', 's', 'job')}${serviceTask('job', 'cov-set')}${tail('job')}`, '', async (ctx, { instanceId }) => {
    expect(callsOf(ctx, instanceId, 'job')).to.have.length(1)
    expect(await instanceVariables(ctx, instanceId)).to.include({ fromJob: 1 })
    await reachesAfter(ctx, instanceId)
  }),

  'user-task': scenario('cov_user_task', 'task', `${start}${flow('f1', 's', 'task')}${userTask('task')}${tail('task')}`, '', async (ctx, { instanceId }) => {
    expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['task'])
    await completeTask(ctx, instanceId, 'task', { answer: 'yes' })
    expect(await instanceVariables(ctx, instanceId)).to.include({ answer: 'yes' })
    await reachesAfter(ctx, instanceId)
  }),

  // Camunda 8's job-worker user task: a user task without zeebe:userTask (Zeebe hands it out as a job of type
  // io.camunda.zeebe:userTask); here it is an inbox task like any other
  'job-worker-user-task': scenario(
    'cov_job_worker_user_task',
    'task',
    `${start}${flow('f1', 's', 'task')}<bpmn:userTask id="task" name="task"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="caseworkers" /></bpmn:extensionElements></bpmn:userTask>${tail('task')}`,
    '',
    async (ctx, { instanceId }) => {
      const [task] = await openTasks(ctx, instanceId)
      expect(task).to.include({ elementId: 'task' })
      expect(task!.candidateGroups).to.deep.equal(['caseworkers'])
      await completeTask(ctx, instanceId, 'task', { answer: 'no' })
      expect(await instanceVariables(ctx, instanceId)).to.include({ answer: 'no' })
      await reachesAfter(ctx, instanceId)
    },
  ),

  'manual-task': scenario('cov_manual_task', 'manual', `${start}${flow('f1', 's', 'manual')}<bpmn:manualTask id="manual" name="Sign the paper file" />${tail('manual')}`, '', async (ctx, { instanceId }) => {
    await reachesAfter(ctx, instanceId)
  }),

  'undefined-task': scenario('cov_undefined_task', 'plain', `${start}${flow('f1', 's', 'plain')}<bpmn:task id="plain" name="Note" />${tail('plain')}`, '', async (ctx, { instanceId }) => {
    await reachesAfter(ctx, instanceId)
  }),

  'exclusive-gateway': scenario(
    'cov_exclusive_gateway',
    'g',
    `${start}${flow('f1', 's', 'g')}<bpmn:exclusiveGateway id="g" default="toB" />
     ${flow('toA', 'g', 'a', '=amount &gt; 100')}${flow('toB', 'g', 'b')}${userTask('a')}${userTask('b')}
     ${flow('fa', 'a', 'ea')}${end('ea')}${flow('fb', 'b', 'eb')}${end('eb')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['a'])
    },
  ),

  'parallel-gateway': scenario(
    'cov_parallel_gateway',
    'fork',
    `${start}${flow('f1', 's', 'fork')}<bpmn:parallelGateway id="fork" />${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 'b')}${userTask('a')}${userTask('b')}
     ${flow('ja', 'a', 'join')}${flow('jb', 'b', 'join')}<bpmn:parallelGateway id="join" />${tail('join')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['a', 'b'])
      await completeTask(ctx, instanceId, 'a')
      expect(await openTaskElements(ctx, instanceId), 'the join waits for the other branch').to.deep.equal(['b'])
      await completeTask(ctx, instanceId, 'b')
      await reachesAfter(ctx, instanceId)
    },
  ),

  // fork on every condition that holds; the join waits for the branches taken, not for the one left out
  'inclusive-gateway': scenario(
    'cov_inclusive_gateway',
    'fork',
    `${start}${flow('f1', 's', 'fork')}<bpmn:inclusiveGateway id="fork" />
     ${flow('fa', 'fork', 'a', '=needsA')}${flow('fb', 'fork', 'b', '=needsB')}${flow('fc', 'fork', 'c', '=needsC')}${userTask('a')}${userTask('b')}${userTask('c')}
     ${flow('ja', 'a', 'join')}${flow('jb', 'b', 'join')}${flow('jc', 'c', 'join')}<bpmn:inclusiveGateway id="join" />${tail('join')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['a', 'b'])
      await completeTask(ctx, instanceId, 'a')
      expect(await openTaskElements(ctx, instanceId), 'the join waits for the other branch taken').to.deep.equal(['b'])
      await completeTask(ctx, instanceId, 'b')
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a job and a gateway inside: the gateway sees the job's result; the result and the task's answer reach the process
  'embedded-subprocess': scenario(
    'cov_subprocess',
    'sub',
    `${start}${flow('f1', 's', 'sub')}
     <bpmn:subProcess id="sub" name="Interview">
       <bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'job')}${serviceTask('job', 'cov-set')}${flow('sf2', 'job', 'g')}
       <bpmn:exclusiveGateway id="g" default="toWrong" />${flow('toInner', 'g', 'inner', '=fromJob = 1')}${flow('toWrong', 'g', 'wrong')}
       ${userTask('inner')}${userTask('wrong')}${flow('sf3', 'inner', 'subEnd')}${flow('sf4', 'wrong', 'subEnd')}<bpmn:endEvent id="subEnd" />
     </bpmn:subProcess>${tail('sub')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(callsOf(ctx, instanceId, 'job')).to.have.length(1)
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['inner'])
      await completeTask(ctx, instanceId, 'inner', { visited: true })
      expect(await instanceVariables(ctx, instanceId)).to.include({ fromJob: 1, visited: true })
      await reachesAfter(ctx, instanceId)
    },
  ),

  // an error end event inside a sub-process, caught by an error boundary event on the sub-process
  'subprocess-error-end': scenario(
    'cov_subprocess_error',
    'subError',
    `${start}${flow('f1', 's', 'sub')}
     <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'subError')}
       <bpmn:endEvent id="subError"><bpmn:errorEventDefinition errorRef="Err_cov" /></bpmn:endEvent></bpmn:subProcess>
     <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="Err_cov" /></bpmn:boundaryEvent>
     ${flow('fc', 'caught', 'after')}${flow('fn', 'sub', 'wrong')}${userTask('wrong')}${flow('fw', 'wrong', 'ew')}${end('ew')}
     ${userTask('after')}${flow('after_out', 'after', 'e')}${end()}`,
    covError,
    async (ctx, { instanceId }) => {
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a job's BPMN error inside a sub-process, caught on the sub-process
  'subprocess-job-error': scenario(
    'cov_subprocess_job_error',
    'job',
    `${start}${flow('f1', 's', 'sub')}
     <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'job')}${serviceTask('job', 'cov-refuse')}${flow('sf2', 'job', 'subEnd')}<bpmn:endEvent id="subEnd" /></bpmn:subProcess>
     <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="Err_cov" /></bpmn:boundaryEvent>
     ${flow('fc', 'caught', 'after')}${flow('fn', 'sub', 'wrong')}${userTask('wrong')}${flow('fw', 'wrong', 'ew')}${end('ew')}
     ${userTask('after')}${flow('after_out', 'after', 'e')}${end()}`,
    covError,
    async (ctx, { instanceId }) => {
      expect(callsOf(ctx, instanceId, 'job')).to.have.length(1)
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a terminate end event inside a sub-process ends the sub-process only (its other branch is cancelled)
  'subprocess-terminate-end': scenario(
    'cov_subprocess_terminate',
    'stop',
    `${start}${flow('f1', 's', 'sub')}
     <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'fork')}<bpmn:parallelGateway id="fork" />
       ${flow('sf2', 'fork', 'left')}${userTask('left')}${flow('sf3', 'left', 'leftEnd')}<bpmn:endEvent id="leftEnd" />
       ${flow('sf4', 'fork', 'job')}${serviceTask('job', 'cov-noop')}${flow('sf5', 'job', 'stop')}<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
     </bpmn:subProcess>${tail('sub')}`,
    '',
    async (ctx, { instanceId }) => {
      await reachesAfter(ctx, instanceId)
    },
  ),

  'terminate-end': scenario(
    'cov_terminate_end',
    'stop',
    `${start}${flow('f1', 's', 'fork')}<bpmn:parallelGateway id="fork" />${flow('fa', 'fork', 'a')}${userTask('a')}${flow('fa2', 'a', 'ea')}${end('ea')}
     ${flow('fb', 'fork', 'b')}${userTask('b')}${flow('fb2', 'b', 'stop')}<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>`,
    '',
    async (ctx, { instanceId }) => {
      await completeTask(ctx, instanceId, 'b')
      expect(await status(ctx, instanceId)).to.equal('completed')
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal([])
    },
  ),

  'error-boundary-on-job': scenario(
    'cov_error_boundary',
    'caught',
    `${start}${flow('f1', 's', 'job')}${serviceTask('job', 'cov-refuse')}
     <bpmn:boundaryEvent id="caught" attachedToRef="job"><bpmn:errorEventDefinition errorRef="Err_cov" /></bpmn:boundaryEvent>
     ${flow('fc', 'caught', 'after')}${flow('fn', 'job', 'wrong')}${userTask('wrong')}${flow('fw', 'wrong', 'ew')}${end('ew')}
     ${userTask('after')}${flow('after_out', 'after', 'e')}${end()}`,
    covError,
    async (ctx, { instanceId }) => {
      expect(await instanceVariables(ctx, instanceId)).to.include({ refusedBy: 'handler' })
      await reachesAfter(ctx, instanceId)
    },
  ),

  'timer-catch': scenario(
    'cov_timer_catch',
    'wait',
    `${start}${flow('f1', 's', 'wait')}<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P7D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${tail('wait')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal([])
      await advance(ctx, 7 * DAY + 60_000)
      await reachesAfter(ctx, instanceId)
    },
  ),

  'timer-boundary': scenario(
    'cov_timer_boundary',
    'late',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('ft', 'task', 'et')}${end('et')}
     <bpmn:boundaryEvent id="late" attachedToRef="task" cancelActivity="true"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
     ${tail('late')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['task'])
      await advance(ctx, 3 * DAY + 60_000)
      await reachesAfter(ctx, instanceId)
    },
  ),

  'message-catch': scenario(
    'cov_message_catch',
    'wait',
    `${start}${flow('f1', 's', 'wait')}<bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="Msg_cov" /></bpmn:intermediateCatchEvent>${tail('wait')}`,
    message('Msg_cov', 'cov-documents', '=caseId'),
    async (ctx, { instanceId, businessKey }) => {
      expect(await ctx.engine.publishMessage({ name: 'cov-documents', correlationKey: businessKey, variables: { pages: 2 } })).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
      expect(await instanceVariables(ctx, instanceId)).to.include({ pages: 2 })
      await reachesAfter(ctx, instanceId)
    },
  ),

  'receive-task': scenario(
    'cov_receive_task',
    'wait',
    `${start}${flow('f1', 's', 'wait')}<bpmn:receiveTask id="wait" name="Documents arrive" messageRef="Msg_cov_receive" />${tail('wait')}`,
    message('Msg_cov_receive', 'cov-receive', '=caseId'),
    async (ctx, { instanceId, businessKey }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal([])
      expect(await ctx.engine.publishMessage({ name: 'cov-receive', correlationKey: businessKey, variables: { pages: 4 } })).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
      expect(await instanceVariables(ctx, instanceId)).to.include({ pages: 4 })
      await reachesAfter(ctx, instanceId)
    },
  ),

  'link-events': scenario(
    'cov_link_events',
    'jump',
    `${start}${flow('f1', 's', 'jump')}<bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition id="jumpDef" name="toEnd" /></bpmn:intermediateThrowEvent>
     <bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition id="landDef" name="toEnd" /></bpmn:intermediateCatchEvent>${tail('land')}`,
    '',
    async (ctx, { instanceId }) => {
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a DMN decision evaluated by the engine itself, its result routed on by the gateway after it
  'business-rule-task': {
    ...scenario(
      'cov_business_rule',
      'decide',
      `${start}${flow('f1', 's', 'decide')}${businessRuleTask('decide', 'cov_amount_level', 'level')}${flow('f2', 'decide', 'g')}<bpmn:exclusiveGateway id="g" default="fLow" />
       ${flow('fHigh', 'g', 'after', '=level = &quot;high&quot;')}${flow('fLow', 'g', 'wrong')}${userTask('wrong')}${flow('fw', 'wrong', 'ew')}${end('ew')}
       ${userTask('after')}${flow('after_out', 'after', 'e')}${end()}`,
      '',
      async (ctx, { instanceId }) => {
        expect(await instanceVariables(ctx, instanceId)).to.include({ level: 'high' })
        await reachesAfter(ctx, instanceId)
      },
    ),
    extraFiles: [dmnFile({ decisionId: 'cov_amount_level', hitPolicy: 'UNIQUE', inputs: ['amount'], outputs: ['level'], rules: [['< 100', '"low"'], ['>= 100', '"high"']] })],
  },

  // a message that arrives while a task waits: the interrupting boundary event ends the task and leaves by its flow
  'message-boundary': scenario(
    'cov_message_boundary',
    'withdrawn',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('ft', 'task', 'et')}${end('et')}
     <bpmn:boundaryEvent id="withdrawn" attachedToRef="task"><bpmn:messageEventDefinition messageRef="Msg_cov_withdrawn" /></bpmn:boundaryEvent>${tail('withdrawn')}`,
    message('Msg_cov_withdrawn', 'cov-withdrawn', '=caseId'),
    async (ctx, { instanceId, businessKey }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['task'])
      expect(await ctx.engine.publishMessage({ name: 'cov-withdrawn', correlationKey: businessKey, variables: { reason: 'letter' } })).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
      expect(await instanceVariables(ctx, instanceId)).to.include({ reason: 'letter' })
      await reachesAfter(ctx, instanceId)
    },
  ),

  // the same without interrupting: the task stays open beside the boundary event's path
  'message-boundary-non-interrupting': scenario(
    'cov_message_boundary_ni',
    'reminded',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('ft', 'task', 'et')}${end('et')}
     <bpmn:boundaryEvent id="reminded" attachedToRef="task" cancelActivity="false"><bpmn:messageEventDefinition messageRef="Msg_cov_reminded" /></bpmn:boundaryEvent>
     ${flow('fr', 'reminded', 'note')}${userTask('note')}${flow('fn', 'note', 'en')}${end('en')}`,
    message('Msg_cov_reminded', 'cov-reminded', '=caseId'),
    async (ctx, { instanceId, businessKey }) => {
      expect(await ctx.engine.publishMessage({ name: 'cov-reminded', correlationKey: businessKey })).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['note', 'task'])
      await completeTask(ctx, instanceId, 'note')
      await completeTask(ctx, instanceId, 'task')
      expect(await status(ctx, instanceId)).to.equal('completed')
    },
  ),

  // a signal end event in one procedure interrupts, through a signal boundary event, a task waiting in another
  'signal-end-boundary': {
    ...scenario(
      'cov_signal_boundary',
      'closed',
      `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('ft', 'task', 'et')}${end('et')}
       <bpmn:boundaryEvent id="closed" attachedToRef="task"><bpmn:signalEventDefinition signalRef="Sig_cov_b" /></bpmn:boundaryEvent>${tail('closed')}`,
      '<bpmn:signal id="Sig_cov_b" name="cov-register-closed" />',
      async (ctx, { instanceId }) => {
        expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['task'])
        const { instanceId: thrower } = await ctx.engine.startInstance({ processId: 'cov_signal_end_thrower', businessKey: ctx.unique('cov') })
        await ctx.engine.idle()
        await advance(ctx, 1000)
        expect((await instanceRow(ctx, thrower)).status, 'the thrower ends').to.equal('completed')
        await reachesAfter(ctx, instanceId)
      },
    ),
    extraFiles: [
      bpmnFile(
        'cov_signal_end_thrower',
        `${start}${flow('t1', 's', 'announce')}<bpmn:endEvent id="announce"><bpmn:signalEventDefinition signalRef="Sig_cov_be" /></bpmn:endEvent>`,
        '<bpmn:signal id="Sig_cov_be" name="cov-register-closed" />',
      ),
    ],
  },

  // an escalation end event ends the sub-process; the interrupting boundary event on it takes over
  'escalation-end-event': scenario(
    'cov_escalation_end',
    'raise',
    `${start}${flow('f1', 's', 'sub')}
     <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'raise')}
       <bpmn:endEvent id="raise"><bpmn:escalationEventDefinition escalationRef="Esc_cov_end" /></bpmn:endEvent></bpmn:subProcess>
     ${flow('fs', 'sub', 'wrong')}${userTask('wrong')}${flow('fw', 'wrong', 'ew')}${end('ew')}
     <bpmn:boundaryEvent id="escalated" attachedToRef="sub"><bpmn:escalationEventDefinition escalationRef="Esc_cov_end" /></bpmn:boundaryEvent>${tail('escalated')}`,
    '<bpmn:escalation id="Esc_cov_end" name="to the head" escalationCode="TO_HEAD" />',
    async (ctx, { instanceId }) => {
      await reachesAfter(ctx, instanceId)
    },
  ),

  // what a modeler adds for readers only: lanes, a text annotation with its association, a data object and a data
  // store reference. Both engines leave them alone.
  artifacts: scenario(
    'cov_artifacts',
    'task',
    `<bpmn:laneSet id="lanes"><bpmn:lane id="laneStaff" name="Pracownik socjalny"><bpmn:flowNodeRef>s</bpmn:flowNodeRef><bpmn:flowNodeRef>task</bpmn:flowNodeRef></bpmn:lane>
       <bpmn:lane id="laneHead" name="Kierownik"><bpmn:flowNodeRef>after</bpmn:flowNodeRef><bpmn:flowNodeRef>e</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
     ${start}${flow('f1', 's', 'task')}
     <bpmn:userTask id="task" name="task"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>
       <bpmn:dataOutputAssociation id="toFile"><bpmn:targetRef>fileRef</bpmn:targetRef></bpmn:dataOutputAssociation></bpmn:userTask>
     <bpmn:dataObjectReference id="fileRef" name="Teczka" dataObjectRef="file" /><bpmn:dataObject id="file" />
     <bpmn:dataStoreReference id="registerRef" name="Rejestr" />
     <bpmn:textAnnotation id="note"><bpmn:text>Wywiad w ciągu 14 dni</bpmn:text></bpmn:textAnnotation>
     <bpmn:association id="noteLink" sourceRef="task" targetRef="note" />
     ${tail('task')}`,
    '',
    async (ctx, { instanceId }) => {
      await completeTask(ctx, instanceId, 'task', { visited: true })
      const variables = await instanceVariables(ctx, instanceId)
      expect(variables).to.include({ visited: true })
      expect(Object.keys(variables), 'no variable made of the artifacts').to.not.include.any.members(['_data', 'file', 'fileRef', 'registerRef', 'note', 'lanes'])
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a broadcast signal starts an instance of every procedure whose signal start event waits for it: one per throw,
  // with the throw's variables
  'signal-start-event': {
    ...scenario(
      'cov_signal_start',
      'byNotice',
      `<bpmn:startEvent id="byNotice"><bpmn:signalEventDefinition signalRef="Sig_cov_start" /></bpmn:startEvent>${tail('byNotice')}`,
      '<bpmn:signal id="Sig_cov_start" name="cov-winter-round" />',
    ),
    extraFiles: [
      bpmnFile(
        'cov_signal_start_thrower',
        `${start}${flow('t1', 's', 'announce')}<bpmn:intermediateThrowEvent id="announce"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=season" target="round" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:signalEventDefinition signalRef="Sig_cov_st" /></bpmn:intermediateThrowEvent>${flow('t2', 'announce', 'e')}${end()}`,
        '<bpmn:signal id="Sig_cov_st" name="cov-winter-round" />',
      ),
    ],
    startsItself: async (ctx) => {
      const runs = () => ctx.db.prisma.processInstance.findMany({ where: { processId: 'cov_signal_start' }, orderBy: { startedAt: 'asc' } })
      expect(await runs(), 'nothing before the signal').to.have.length(0)
      for (const season of ['2026/27', '2027/28']) {
        const { instanceId: thrower } = await ctx.engine.startInstance({ processId: 'cov_signal_start_thrower', businessKey: ctx.unique('cov'), variables: { season } })
        await ctx.engine.idle()
        await advance(ctx, 1000)
        expect((await instanceRow(ctx, thrower)).status, 'the thrower goes on').to.equal('completed')
      }
      const started = await runs()
      expect(started, 'one instance per throw').to.have.length(2)
      expect((await Promise.all(started.map((r) => instanceVariables(ctx, r.id)))).map((v) => v.round)).to.have.members(['2026/27', '2027/28'])
      for (const run of started) await reachesAfter(ctx, run.id)
    },
  },

  // Zeebe runs a send task, a message throw event and a message end event with a job type as jobs
  'send-task': scenario(
    'cov_send_task',
    'send',
    `${start}${flow('f1', 's', 'send')}<bpmn:sendTask id="send" name="Send the letter"><bpmn:extensionElements><zeebe:taskDefinition type="cov-set" /></bpmn:extensionElements></bpmn:sendTask>${tail('send')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(callsOf(ctx, instanceId, 'send')).to.have.length(1)
      expect(await instanceVariables(ctx, instanceId)).to.include({ fromJob: 1 })
      await reachesAfter(ctx, instanceId)
    },
  ),

  'message-throw-event': scenario(
    'cov_message_throw',
    'notify',
    `${start}${flow('f1', 's', 'notify')}<bpmn:intermediateThrowEvent id="notify" name="Notify the court"><bpmn:extensionElements><zeebe:taskDefinition type="cov-set" /></bpmn:extensionElements><bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>${tail('notify')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(callsOf(ctx, instanceId, 'notify')).to.have.length(1)
      await reachesAfter(ctx, instanceId)
    },
  ),

  'message-end-event': scenario(
    'cov_message_end',
    'notified',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('f2', 'task', 'notified')}<bpmn:endEvent id="notified"><bpmn:extensionElements><zeebe:taskDefinition type="cov-noop" /></bpmn:extensionElements><bpmn:messageEventDefinition /></bpmn:endEvent>`,
    '',
    async (ctx, { instanceId }) => {
      await completeTask(ctx, instanceId, 'task')
      expect(callsOf(ctx, instanceId, 'notified')).to.have.length(1)
      expect(await status(ctx, instanceId)).to.equal('completed')
    },
  ),

  'script-task': scenario(
    'cov_script_task',
    'sum',
    `${start}${flow('f1', 's', 'sum')}<bpmn:scriptTask id="sum" name="Add up"><bpmn:extensionElements><zeebe:script expression="=sum(amounts) + 1" resultVariable="total" /></bpmn:extensionElements></bpmn:scriptTask>${tail('sum')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(await instanceVariables(ctx, instanceId)).to.include({ total: 61 })
      await reachesAfter(ctx, instanceId)
    },
  ),

  // the child (the newest version of the called process) gets the parent's variables and its input mappings;
  // its variables come back when it completes; its tasks are the case's
  'call-activity': {
    ...scenario(
      'cov_call_activity',
      'call',
      `${start}${flow('f1', 's', 'call')}<bpmn:callActivity id="call" name="Interview"><bpmn:extensionElements><zeebe:calledElement processId="cov_called" propagateAllChildVariables="true" />
         <zeebe:ioMapping><zeebe:input source="=amount * 2" target="doubled" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>${tail('call')}`,
      '',
      async (ctx, { instanceId, businessKey }) => {
        const child = await ctx.db.prisma.processInstance.findFirst({ where: { processId: 'cov_called', businessKey } })
        expect(child, 'the child instance').to.exist
        expect(child!.variables).to.include({ amount: 150, doubled: 300 })
        expect(await openTaskElements(ctx, instanceId), 'the parent waits').to.deep.equal([])
        expect(await openTaskElements(ctx, child!.id)).to.deep.equal(['childTask'])
        await completeTask(ctx, child!.id, 'childTask', { outcome: 'done' })
        expect((await instanceRow(ctx, child!.id)).status).to.equal('completed')
        expect(await instanceVariables(ctx, instanceId)).to.include({ outcome: 'done' })
        await reachesAfter(ctx, instanceId)
      },
    ),
    extraFiles: [bpmnFile('cov_called', `${start}${flow('c1', 's', 'childTask')}${userTask('childTask')}${flow('c2', 'childTask', 'e')}${end()}`)],
  },

  // a user task per item, in parallel: each task sees its item; the answers come back in the order of the items
  'multi-instance': scenario(
    'cov_multi_instance',
    'each',
    `${start}${flow('f1', 's', 'each')}<bpmn:userTask id="each"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>${loop(false, 'outputCollection="checked" outputElement="=answer"')}</bpmn:userTask>${tail('each')}`,
    '',
    async (ctx, { instanceId }) => {
      const tasks = await openTasks(ctx, instanceId)
      expect(tasks.map((t) => (t.variables as Record<string, unknown>).part).sort()).to.deep.equal([10, 20, 30])
      for (const task of [...tasks].reverse()) {
        await ctx.engine.completeUserTask(task.engineKey, { answer: `ok ${(task.variables as Record<string, unknown>).part}` })
        await ctx.engine.idle()
      }
      expect(await instanceVariables(ctx, instanceId)).to.deep.include({ checked: ['ok 10', 'ok 20', 'ok 30'] })
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a job per item, one after another, until the completion condition holds: the results in order, null for the rest
  'multi-instance-service-task': scenario(
    'cov_multi_instance_job',
    'each',
    `${start}${flow('f1', 's', 'each')}${serviceTask('each', 'cov-double').replace('</bpmn:serviceTask>', `${loop(true, 'outputCollection="doubles" outputElement="=doubled"', '=numberOfCompletedInstances &gt;= 2')}</bpmn:serviceTask>`)}${tail('each')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(callsOf(ctx, instanceId, 'each').map((job) => job.variables.part)).to.deep.equal([10, 20])
      expect(await instanceVariables(ctx, instanceId)).to.deep.include({ doubles: [20, 40, null] })
      await reachesAfter(ctx, instanceId)
    },
  ),

  // an inner instance per item, in parallel: a job and an inbox task in each see its item and what it set, nothing of
  // another's; only the output element reaches the process, in the output collection
  'multi-instance-subprocess': scenario(
    'cov_multi_instance_sub',
    'sub',
    `${start}${flow('f1', 's', 'sub')}<bpmn:subProcess id="sub">${loop(false, 'outputCollection="results" outputElement="=doubled + answer"')}<bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'double')}${serviceTask('double', 'cov-double')}${flow('sf2', 'double', 'confirm')}${userTask('confirm')}${flow('sf3', 'confirm', 'subEnd')}<bpmn:endEvent id="subEnd" /></bpmn:subProcess>${tail('sub')}`,
    '',
    async (ctx, { instanceId }) => {
      expect(callsOf(ctx, instanceId, 'double').map((job) => job.variables.part).sort()).to.deep.equal([10, 20, 30])
      const tasks = await openTasks(ctx, instanceId)
      expect(tasks.map((t) => [(t.variables as Record<string, unknown>).part, (t.variables as Record<string, unknown>).doubled]).sort()).to.deep.equal([[10, 20], [20, 40], [30, 60]])
      for (const task of tasks) {
        await ctx.engine.completeUserTask(task.engineKey, { answer: 1 })
        await ctx.engine.idle()
      }
      const vars = await instanceVariables(ctx, instanceId)
      expect(vars).to.deep.include({ results: [21, 41, 61] })
      expect(vars, 'an inner instance\'s variables stay in it').not.to.have.any.keys('part', 'doubled', 'answer')
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a called instance per item, in parallel: each receives its item; their results come back in the order of the items
  'multi-instance-call-activity': {
    ...scenario(
      'cov_multi_instance_call',
      'calls',
      `${start}${flow('f1', 's', 'calls')}<bpmn:callActivity id="calls"><bpmn:extensionElements><zeebe:calledElement processId="cov_mi_called" /></bpmn:extensionElements>${loop(false, 'outputCollection="doubles" outputElement="=doubled"')}</bpmn:callActivity>${tail('calls')}`,
      '',
      async (ctx, { instanceId }) => {
        expect(ctx.calls.filter((job) => job.elementId === 'double').map((job) => job.variables.part).sort()).to.deep.equal([10, 20, 30])
        const vars = await instanceVariables(ctx, instanceId)
        expect(vars).to.deep.include({ doubles: [20, 40, 60] })
        expect(vars, 'a called instance\'s variables stay with its inner instance').not.to.have.any.keys('part', 'doubled')
        await reachesAfter(ctx, instanceId)
      },
    ),
    extraFiles: [bpmnFile('cov_mi_called', `${start}${flow('c1', 's', 'double')}${serviceTask('double', 'cov-double')}${flow('c2', 'double', 'e')}${end()}`)],
  },

  // a non-interrupting timer event sub-process: a reminder after a day, while the task stays open
  'event-subprocess': scenario(
    'cov_event_subprocess',
    'events',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('f2', 'task', 'e')}${end()}
     <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="onTimer" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
       ${flow('ef1', 'onTimer', 'remind')}${userTask('remind')}${flow('ef2', 'remind', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
    '',
    async (ctx, { instanceId }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['task'])
      await advance(ctx, DAY + 60_000)
      expect(await openTaskElements(ctx, instanceId), 'the reminder beside the task').to.deep.equal(['remind', 'task'])
      await completeTask(ctx, instanceId, 'remind')
      await completeTask(ctx, instanceId, 'task')
      expect(await status(ctx, instanceId)).to.equal('completed')
    },
  ),

  // an error event sub-process: the job's BPMN error, caught by no boundary event, ends the task and starts it
  'event-subprocess-error': scenario(
    'cov_event_subprocess_error',
    'events',
    `${start}${flow('f1', 's', 'job')}${serviceTask('job', 'cov-refuse')}${flow('f2', 'job', 'e')}${end()}
     <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="onError"><bpmn:errorEventDefinition errorRef="Err_cov" /></bpmn:startEvent>
       ${flow('ef1', 'onError', 'after')}${userTask('after')}${flow('ef2', 'after', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
    covError,
    async (ctx, { instanceId }) => {
      expect(callsOf(ctx, instanceId, 'job')).to.have.length(1)
      await reachesAfter(ctx, instanceId)
    },
  ),

  // an interrupting message event sub-process: the message (correlated by the case's key) cancels the task
  'event-subprocess-message': scenario(
    'cov_event_subprocess_message',
    'events',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('f2', 'task', 'e')}${end()}
     <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="onMessage" isInterrupting="true"><bpmn:messageEventDefinition messageRef="Msg_cov_esp" /></bpmn:startEvent>
       ${flow('ef1', 'onMessage', 'after')}${userTask('after')}${flow('ef2', 'after', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
    message('Msg_cov_esp', 'cov-esp-withdrawn', '=caseId'),
    async (ctx, { instanceId, businessKey }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['task'])
      expect(await ctx.engine.publishMessage({ name: 'cov-esp-withdrawn', correlationKey: businessKey })).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a non-interrupting message event sub-process: a copy per message, the copies run at once beside the task
  'event-subprocess-copies': scenario(
    'cov_event_subprocess_copies',
    'events',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('f2', 'task', 'e')}${end()}
     <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="onMessage" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_cov_esp_copies" /></bpmn:startEvent>
       ${flow('ef1', 'onMessage', 'check')}${userTask('check')}${flow('ef2', 'check', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
    message('Msg_cov_esp_copies', 'cov-esp-document-received', '=caseId'),
    async (ctx, { instanceId, businessKey }) => {
      for (let i = 0; i < 3; i++) {
        expect(await ctx.engine.publishMessage({ name: 'cov-esp-document-received', correlationKey: businessKey })).to.deep.equal({ correlated: 1 })
        await ctx.engine.idle()
      }
      expect(await openTaskElements(ctx, instanceId), 'a task per copy beside the task').to.deep.equal(['check', 'check', 'check', 'task'])
      for (let i = 0; i < 3; i++) await completeTask(ctx, instanceId, 'check')
      await completeTask(ctx, instanceId, 'task')
      expect(await status(ctx, instanceId)).to.equal('completed')
    },
  ),

  // an interrupting signal event sub-process: another procedure broadcasts the signal, the task is cancelled
  'event-subprocess-signal': {
    ...scenario(
      'cov_event_subprocess_signal',
      'events',
      `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('f2', 'task', 'e')}${end()}
       <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="onSignal" isInterrupting="true"><bpmn:signalEventDefinition signalRef="Sig_cov_esp" /></bpmn:startEvent>
         ${flow('ef1', 'onSignal', 'after')}${userTask('after')}${flow('ef2', 'after', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
      '<bpmn:signal id="Sig_cov_esp" name="cov-esp-office-closed" />',
      async (ctx, { instanceId }) => {
        expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['task'])
        await ctx.engine.startInstance({ processId: 'cov_esp_signal_thrower', businessKey: ctx.unique('cov') })
        await ctx.engine.idle()
        await advance(ctx, 1000)
        await reachesAfter(ctx, instanceId)
      },
    ),
    extraFiles: [
      bpmnFile(
        'cov_esp_signal_thrower',
        `${start}${flow('t1', 's', 'announce')}<bpmn:intermediateThrowEvent id="announce"><bpmn:signalEventDefinition signalRef="Sig_cov_esp_t" /></bpmn:intermediateThrowEvent>${flow('t2', 'announce', 'e')}${end()}`,
        '<bpmn:signal id="Sig_cov_esp_t" name="cov-esp-office-closed" />',
      ),
    ],
  },

  // a non-interrupting escalation event sub-process: an escalation thrown on the path starts it, the path goes on
  'event-subprocess-escalation': scenario(
    'cov_event_subprocess_escalation',
    'events',
    `${start}${flow('f1', 's', 'raise')}<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="Esc_cov_esp" /></bpmn:intermediateThrowEvent>${tail('raise')}
     <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="onEscalation" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="Esc_cov_esp" /></bpmn:startEvent>
       ${flow('ef1', 'onEscalation', 'notified')}${userTask('notified')}${flow('ef2', 'notified', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
    '<bpmn:escalation id="Esc_cov_esp" name="Late" escalationCode="COV_LATE" />',
    async (ctx, { instanceId }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['after', 'notified'])
      await completeTask(ctx, instanceId, 'notified')
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a monthly payment run: the engine starts an instance at each due time, once, with "<process>@<due time>" as its
  // business key (engine/timer-starts.ts)
  'timer-start-event': {
    ...scenario(
      'cov_timer_start',
      'monthly',
      `<bpmn:startEvent id="monthly"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/2026-04-01T06:00:00Z/P1M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>${tail('monthly')}`,
      '',
    ),
    startsItself: async (ctx) => {
      const runs = () => ctx.db.prisma.processInstance.findMany({ where: { processId: 'cov_timer_start' }, orderBy: { startedAt: 'asc' } })
      await advance(ctx, DAY)
      expect(await runs(), 'nothing before the first due time').to.have.length(0)
      ctx.clock.set('2026-04-01T06:00:30Z')
      await advance(ctx, 0)
      await advance(ctx, 60_000)
      const april = await runs()
      expect(april.map((r) => r.businessKey), 'one run for the due time').to.deep.equal(['cov_timer_start@2026-04-01T06:00:00.000Z'])
      expect(await openTaskElements(ctx, april[0]!.id)).to.deep.equal(['after'])
      ctx.clock.set('2026-05-01T06:01:00Z')
      await advance(ctx, 0)
      expect((await runs()).map((r) => r.businessKey), 'the next month').to.deep.equal(['cov_timer_start@2026-04-01T06:00:00.000Z', 'cov_timer_start@2026-05-01T06:00:00.000Z'])
      await reachesAfter(ctx, april[0]!.id)
    },
  },

  // a published message starts a case: one open instance per correlation key, the message's variables with it
  'message-start-event': scenario(
    'cov_message_start',
    'byMessage',
    `<bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="Msg_cov_start" /></bpmn:startEvent>${flow('f1', 'byMessage', 'after')}${userTask('after')}${flow('f2', 'after', 'e')}${end()}`,
    '<bpmn:message id="Msg_cov_start" name="cov-referral"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>',
    async (ctx) => {
      const key = ctx.unique('referral')
      expect(await ctx.engine.publishMessage({ name: 'cov-referral', correlationKey: key, variables: { from: 'court' } })).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
      const started = await ctx.db.prisma.processInstance.findMany({ where: { processId: 'cov_message_start', businessKey: key } })
      expect(started, 'one instance, the key its business key').to.have.length(1)
      expect(started[0]!.variables).to.include({ from: 'court', caseId: key })
      expect(await openTaskElements(ctx, started[0]!.id)).to.deep.equal(['after'])
      expect(await ctx.engine.publishMessage({ name: 'cov-referral', correlationKey: key }), 'not while that instance is open').to.deep.equal({ correlated: 0 })
      expect(await ctx.db.prisma.processInstance.count({ where: { processId: 'cov_message_start', businessKey: key } })).to.equal(1)
      await reachesAfter(ctx, started[0]!.id)
    },
  ),

  // a signal thrown by one instance reaches every instance waiting for it (a catch event, a boundary event)
  'signal-events': {
    ...scenario(
      'cov_signal',
      'wait',
      `${start}${flow('f1', 's', 'wait')}<bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="Sig_cov" /></bpmn:intermediateCatchEvent>${tail('wait')}`,
      '<bpmn:signal id="Sig_cov" name="cov-office-closed" />',
      async (ctx, { instanceId }) => {
        const { instanceId: second } = await ctx.engine.startInstance({ processId: 'cov_signal', businessKey: ctx.unique('cov') })
        await ctx.engine.idle()
        expect(await openTaskElements(ctx, instanceId), 'it waits for the signal').to.deep.equal([])
        // another procedure throws it, with one variable mapped
        const { instanceId: thrower } = await ctx.engine.startInstance({ processId: 'cov_signal_thrower', businessKey: ctx.unique('cov'), variables: { closedUntil: '2026-03-05' } })
        await ctx.engine.idle()
        await advance(ctx, 1000)
        expect((await instanceRow(ctx, thrower)).status, 'the thrower goes on').to.equal('completed')
        for (const waiting of [instanceId, second]) expect(await openTaskElements(ctx, waiting)).to.deep.equal(['after'])
        expect(await instanceVariables(ctx, instanceId)).to.include({ reopens: '2026-03-05' })
        await reachesAfter(ctx, instanceId)
      },
    ),
    extraFiles: [
      bpmnFile(
        'cov_signal_thrower',
        `${start}${flow('t1', 's', 'announce')}<bpmn:intermediateThrowEvent id="announce"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=closedUntil" target="reopens" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:signalEventDefinition signalRef="Sig_cov_t" /></bpmn:intermediateThrowEvent>${flow('t2', 'announce', 'e')}${end()}`,
        '<bpmn:signal id="Sig_cov_t" name="cov-office-closed" />',
      ),
    ],
  },

  // an escalation thrown inside a sub-process, caught without interrupting it by a boundary event on it
  'escalation-events': scenario(
    'cov_escalation',
    'raise',
    `${start}${flow('f1', 's', 'sub')}
     <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'raise')}
       <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="Esc_cov" /></bpmn:intermediateThrowEvent>
       ${flow('sf2', 'raise', 'inner')}${userTask('inner')}${flow('sf3', 'inner', 'subEnd')}<bpmn:endEvent id="subEnd" /></bpmn:subProcess>
     <bpmn:boundaryEvent id="escalated" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="Esc_cov" /></bpmn:boundaryEvent>
     ${flow('fe', 'escalated', 'notified')}${userTask('notified')}${flow('fn', 'notified', 'en')}${end('en')}${tail('sub')}`,
    '<bpmn:escalation id="Esc_cov" name="late" escalationCode="LATE" />',
    async (ctx, { instanceId }) => {
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['inner', 'notified'])
      await completeTask(ctx, instanceId, 'notified')
      await completeTask(ctx, instanceId, 'inner')
      await reachesAfter(ctx, instanceId)
    },
  ),

  // the first of the events after the gateway wins: a message before the deadline, or the deadline
  'event-based-gateway': scenario(
    'cov_event_gateway',
    'g',
    `${start}${flow('f1', 's', 'g')}<bpmn:eventBasedGateway id="g" />${flow('fa', 'g', 'answer')}${flow('fb', 'g', 'late')}
     <bpmn:intermediateCatchEvent id="answer"><bpmn:messageEventDefinition messageRef="Msg_cov_answer" /></bpmn:intermediateCatchEvent>
     <bpmn:intermediateCatchEvent id="late"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P14D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
     ${flow('fa2', 'answer', 'answered')}${userTask('answered')}${flow('fa3', 'answered', 'ea')}${end('ea')}
     ${flow('fb2', 'late', 'remind')}${userTask('remind')}${flow('fb3', 'remind', 'eb')}${end('eb')}`,
    message('Msg_cov_answer', 'cov-answer', '=caseId'),
    async (ctx, { instanceId, businessKey }) => {
      // a second instance lets its deadline pass
      const { instanceId: late } = await ctx.engine.startInstance({ processId: 'cov_event_gateway', businessKey: ctx.unique('cov') })
      await ctx.engine.idle()
      expect(await ctx.engine.publishMessage({ name: 'cov-answer', correlationKey: businessKey })).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
      expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['answered'])
      await advance(ctx, 14 * DAY + 60_000)
      expect(await openTaskElements(ctx, instanceId), 'the answered instance\'s deadline is gone').to.deep.equal(['answered'])
      expect(await openTaskElements(ctx, late)).to.deep.equal(['remind'])
      expect(await ctx.db.prisma.messageSubscription.count({ where: { instanceId: late, status: 'open' } }), 'the late one no longer waits for the answer').to.equal(0)
    },
  ),

  // two completed activities with compensation handlers (a job, a user task); the throw starts both handlers and
  // goes on only when both completed
  'compensation-throw': scenario(
    'cov_compensation',
    'undo',
    `${start}${flow('f1', 's', 'book')}${serviceTask('book', 'cov-noop')}${flow('f2', 'book', 'notify')}${userTask('notify')}${flow('f3', 'notify', 'undo')}
     <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>${tail('undo')}
     ${compensation('book', serviceTask('unbook', 'cov-noop'))}${compensation('notify', userTask('recall'))}`,
    '',
    async (ctx, { instanceId }) => {
      await completeTask(ctx, instanceId, 'notify')
      expect(callsOf(ctx, instanceId, 'unbook'), 'the job handler ran once').to.have.length(1)
      expect(await openTaskElements(ctx, instanceId), 'the throw waits for the user-task handler').to.deep.equal(['recall'])
      await completeTask(ctx, instanceId, 'recall')
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a compensation end event with activityRef: only the named activity is compensated, then the instance ends
  'compensation-end-ref': scenario(
    'cov_compensation_end',
    'undoBook',
    `${start}${flow('f1', 's', 'book')}${serviceTask('book', 'cov-noop')}${flow('f2', 'book', 'notify')}${serviceTask('notify', 'cov-noop')}${flow('f3', 'notify', 'undoBook')}
     <bpmn:endEvent id="undoBook"><bpmn:compensateEventDefinition activityRef="book" /></bpmn:endEvent>
     ${compensation('book', userTask('unbook'))}${compensation('notify', serviceTask('recall', 'cov-noop'))}`,
    '',
    async (ctx, { instanceId }) => {
      expect(await openTaskElements(ctx, instanceId), 'the end event waits for the handler').to.deep.equal(['unbook'])
      expect(await status(ctx, instanceId)).to.equal('waiting')
      await completeTask(ctx, instanceId, 'unbook')
      expect(callsOf(ctx, instanceId, 'recall'), 'the activity not named is not compensated').to.have.length(0)
      expect(await status(ctx, instanceId)).to.equal('completed')
    },
  ),

  // a throw inside a sub-process compensates the sub-process's completed activities only; a completed sub-process
  // is compensated as a whole (its own handler) by a throw outside it
  'compensation-subprocess': scenario(
    'cov_compensation_sub',
    'undoAll',
    `${start}${flow('f1', 's', 'before')}${serviceTask('before', 'cov-noop')}${flow('f2', 'before', 'sub')}
     <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'inner')}${serviceTask('inner', 'cov-noop')}${flow('sf2', 'inner', 'undoInner')}
       <bpmn:intermediateThrowEvent id="undoInner"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>${flow('sf3', 'undoInner', 'subEnd')}<bpmn:endEvent id="subEnd" />
       ${compensation('inner', serviceTask('undoInnerJob', 'cov-noop'))}</bpmn:subProcess>
     ${flow('f3', 'sub', 'check')}${userTask('check')}${flow('f4', 'check', 'undoAll')}
     <bpmn:intermediateThrowEvent id="undoAll"><bpmn:compensateEventDefinition activityRef="sub" /></bpmn:intermediateThrowEvent>${tail('undoAll')}
     ${compensation('before', serviceTask('undoBefore', 'cov-noop'))}${compensation('sub', userTask('undoSub'))}`,
    '',
    async (ctx, { instanceId }) => {
      expect(callsOf(ctx, instanceId, 'undoInnerJob'), 'the throw inside compensated the inner activity').to.have.length(1)
      expect(callsOf(ctx, instanceId, 'undoBefore'), 'but nothing outside the sub-process').to.have.length(0)
      await completeTask(ctx, instanceId, 'check')
      expect(await openTaskElements(ctx, instanceId), 'the completed sub-process\'s own handler').to.deep.equal(['undoSub'])
      await completeTask(ctx, instanceId, 'undoSub')
      expect(callsOf(ctx, instanceId, 'undoInnerJob')).to.have.length(1)
      expect(callsOf(ctx, instanceId, 'undoBefore')).to.have.length(0)
      await reachesAfter(ctx, instanceId)
    },
  ),

  // a compensation event sub-process (started by a compensation inside a sub-process) is refused
  'compensation-event-subprocess': scenario(
    'cov_compensation_esp',
    'onUndo',
    `${start}${flow('f1', 's', 'sub')}
     <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'inner')}${serviceTask('inner', 'cov-noop')}${flow('sf2', 'inner', 'subEnd')}<bpmn:endEvent id="subEnd" />
       <bpmn:subProcess id="onUndo" triggeredByEvent="true"><bpmn:startEvent id="undoStart"><bpmn:compensateEventDefinition /></bpmn:startEvent>${flow('ef1', 'undoStart', 'undoJob')}${serviceTask('undoJob', 'cov-noop')}${flow('ef2', 'undoJob', 'undoEnd')}<bpmn:endEvent id="undoEnd" /></bpmn:subProcess>
     </bpmn:subProcess>${flow('f2', 'sub', 'undo')}<bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>${flow('f3', 'undo', 'e')}${end()}`,
    '',
  ),

  // each listed element is activated once, in parallel, with its own variables; the output collection gathers one
  // value per activation; an element not listed is not activated
  'ad-hoc-subprocess': scenario(
    'cov_ad_hoc',
    'adHoc',
    `${start}${flow('f1', 's', 'adHoc')}<bpmn:adHocSubProcess id="adHoc"><bpmn:extensionElements><zeebe:adHoc activeElementsCollection="=if needsA then [&quot;checkDocs&quot;, &quot;visit&quot;] else []" outputCollection="notes" outputElement="=note" /></bpmn:extensionElements>
       ${userTask('checkDocs')}${flow('af1', 'checkDocs', 'fileDocs')}${serviceTask('fileDocs', 'cov-set')}${userTask('visit')}${userTask('notListed')}
     </bpmn:adHocSubProcess>${tail('adHoc')}`,
    '',
    async (ctx, { instanceId }) => {
      const tasks = await openTasks(ctx, instanceId)
      expect(tasks.map((t) => [t.elementId, (t.variables as Record<string, unknown>).adHocElementId]).sort()).to.deep.equal([['checkDocs', 'checkDocs'], ['visit', 'visit']])
      await completeTask(ctx, instanceId, 'visit', { note: 'visited' })
      expect(await openTaskElements(ctx, instanceId), 'the other activation still runs').to.deep.equal(['checkDocs'])
      await completeTask(ctx, instanceId, 'checkDocs', { note: 'documents complete' })
      expect(callsOf(ctx, instanceId, 'fileDocs'), 'the sequence inside an activation runs on').to.have.length(1)
      const vars = await instanceVariables(ctx, instanceId)
      expect(vars).to.deep.include({ notes: ['documents complete', 'visited'] })
      expect(vars, "an activation's variables stay in it").not.to.have.any.keys('note', 'fromJob', 'adHocElementId')
      await reachesAfter(ctx, instanceId)
    },
  ),

  // what Camunda 8 leaves to its ad-hoc REST API or to a job worker, which this product does not offer
  'ad-hoc-subprocess-job-worker': scenario(
    'cov_ad_hoc_worker',
    'adHocWorker',
    `${start}${flow('f1', 's', 'adHocWorker')}<bpmn:adHocSubProcess id="adHocWorker"><bpmn:extensionElements><zeebe:taskDefinition type="cov-noop" /></bpmn:extensionElements>${userTask('one')}</bpmn:adHocSubProcess>${flow('f2', 'adHocWorker', 'e')}${end()}`,
    '',
  ),

  transaction: scenario(
    'cov_transaction',
    'tx',
    `${start}${flow('f1', 's', 'tx')}<bpmn:transaction id="tx"><bpmn:startEvent id="txStart" />${flow('tf1', 'txStart', 'txEnd')}<bpmn:endEvent id="txEnd" /></bpmn:transaction>${flow('f2', 'tx', 'e')}${end()}`,
    '',
  ),

  'complex-gateway': scenario(
    'cov_complex_gateway',
    'g',
    `${start}${flow('f1', 's', 'g')}<bpmn:complexGateway id="g" />${flow('f2', 'g', 'e')}${end()}`,
    '',
  ),

  // a reminder every day while the task waits, twice at most: the boundary event does not interrupt the task
  'timer-cycle-boundary': scenario(
    'cov_timer_cycle_boundary',
    'every',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('f2', 'task', 'e')}${end()}
     <bpmn:boundaryEvent id="every" attachedToRef="task" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R2/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
     ${flow('f3', 'every', 'remind')}${serviceTask('remind', 'cov-noop')}${flow('f4', 'remind', 'er')}${end('er')}`,
    '',
    async (ctx, { instanceId }) => {
      // a minute past each due time: Operaton's test clock stands still, and with the clock frozen at the very instant
      // a cycle's job was due, this suite saw Operaton make job after job due at that instant
      for (const day of [1, 2, 3]) await advance(ctx, DAY + 60_000)
      expect(callsOf(ctx, instanceId, 'remind'), 'a reminder a day, two at most').to.have.length(2)
      expect(await openTaskElements(ctx, instanceId), 'the task still waits').to.deep.equal(['task'])
      await completeTask(ctx, instanceId, 'task')
      expect(await status(ctx, instanceId)).to.equal('completed')
    },
  ),

  // a reminder a day while the process runs, twice at most: each occurrence starts a copy of the non-interrupting
  // event sub-process, beside the task and the earlier copies
  'event-subprocess-timer-cycle': scenario(
    'cov_event_subprocess_timer_cycle',
    'onTimer',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('f2', 'task', 'e')}${end()}
     <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="onTimer" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R2/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
       ${flow('ef1', 'onTimer', 'remind')}${userTask('remind')}${flow('ef2', 'remind', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
    '',
    async (ctx, { instanceId }) => {
      // a minute past each due time (see timer-cycle-boundary)
      for (const day of [1, 2, 3]) await advance(ctx, DAY + 60_000)
      expect(await openTaskElements(ctx, instanceId), 'a copy a day, two at most').to.deep.equal(['remind', 'remind', 'task'])
      for (let i = 0; i < 2; i++) await completeTask(ctx, instanceId, 'remind')
      await completeTask(ctx, instanceId, 'task')
      expect(await status(ctx, instanceId)).to.equal('completed')
    },
  ),

  // a cycle where the event fires once: refused naming the element, as on Camunda 8
  'timer-cycle': scenario(
    'cov_timer_cycle',
    'every',
    `${start}${flow('f1', 's', 'task')}${userTask('task')}${flow('f2', 'task', 'e')}${end()}
     <bpmn:boundaryEvent id="every" attachedToRef="task" cancelActivity="true"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
     ${flow('f3', 'every', 'remind')}${userTask('remind')}${flow('f4', 'remind', 'er')}${end('er')}`,
    '',
  ),
}
