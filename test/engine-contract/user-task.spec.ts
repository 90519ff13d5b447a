// Engine contract: user tasks in the inbox table. Candidate groups and users, an assignee and a due date read from
// variables, the form key, the variables the form reads; completing the task with variables a later gateway reads.
import { expect } from 'chai'
import { EngineError } from '../../engine/port.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { contractTitle, instanceRow, instanceVariables, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const form = {
  name: 'ct-review-form.form',
  content: JSON.stringify({ id: 'ct-review-form', type: 'default', components: [{ type: 'textfield', key: 'verdict', label: 'Werdykt' }] }),
}

const review = bpmnFile(
  'ct_user_task',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'review')}
   <bpmn:userTask id="review" name="Ocena wniosku"><bpmn:extensionElements><zeebe:userTask />
     <zeebe:assignmentDefinition candidateGroups="caseworkers, family-assistants" candidateUsers="anna" assignee="=owner" />
     <zeebe:taskSchedule dueDate="=due" />
     <zeebe:formDefinition formId="ct-review-form" />
   </bpmn:extensionElements></bpmn:userTask>
   ${flow('f2', 'review', 'decide')}
   <bpmn:exclusiveGateway id="decide" default="toRejected" />
   ${flow('toApproved', 'decide', 'approved', '=verdict = &quot;ok&quot;')}${flow('toRejected', 'decide', 'rejected')}
   ${userTask('approved', '<zeebe:assignmentDefinition candidateGroups="managers" />')}${userTask('rejected', '<zeebe:assignmentDefinition candidateGroups="managers" />')}
   ${flow('f3', 'approved', 'e1')}<bpmn:endEvent id="e1" />${flow('f4', 'rejected', 'e2')}<bpmn:endEvent id="e2" />`,
)

describe(contractTitle('user tasks'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z' })

  beforeEach(async () => {
    await ctx.engine.deploy([form, review])
  })

  const start = async (variables: Record<string, unknown>) => {
    const businessKey = ctx.unique('case')
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_user_task', businessKey, variables })
    await ctx.engine.idle()
    return { instanceId, businessKey }
  }

  it('should put an inbox task with its groups, users, assignee, due date and form when a user task is reached', async () => {
    const { instanceId, businessKey } = await start({ owner: 'pracownik', due: '2026-03-20T22:59:59Z', applicantName: 'Anna Nowak' })

    const tasks = await openTasks(ctx, instanceId)
    expect(tasks, 'one open task').to.have.length(1)
    const [task] = tasks
    expect(task).to.include({
      engine: ctx.engine.kind,
      processId: 'ct_user_task',
      elementId: 'review',
      name: 'Ocena wniosku',
      caseId: businessKey,
      assignee: 'pracownik',
      formKey: 'ct-review-form',
      status: 'open',
    })
    expect(task.candidateGroups).to.have.members(['caseworkers', 'family-assistants'])
    expect(task.candidateUsers).to.deep.equal(['anna'])
    expect(task.dueAt?.toISOString()).to.equal('2026-03-20T22:59:59.000Z')
    expect(task.variables, 'the variables the form reads').to.include({ applicantName: 'Anna Nowak' })
    expect((await instanceRow(ctx, instanceId)).status).to.equal('waiting')
  })

  it('should leave assignee and due date empty when their variables are null', async () => {
    const { instanceId } = await start({ owner: null, due: null })

    const [task] = await openTasks(ctx, instanceId)
    expect(task).to.include({ elementId: 'review', assignee: null, dueAt: null })
  })

  it('should route the later gateway on the variables the task was completed with', async () => {
    const approved = await start({ owner: null, due: null })
    const rejected = await start({ owner: null, due: null })
    const [approvedTask] = await openTasks(ctx, approved.instanceId)
    const [rejectedTask] = await openTasks(ctx, rejected.instanceId)

    await ctx.engine.completeUserTask(approvedTask.engineKey, { verdict: 'ok' })
    await ctx.engine.idle()
    await ctx.engine.completeUserTask(rejectedTask.engineKey, { verdict: 'no' })
    await ctx.engine.idle()

    expect((await openTasks(ctx, approved.instanceId)).map((t) => t.elementId)).to.deep.equal(['approved'])
    expect((await openTasks(ctx, rejected.instanceId)).map((t) => t.elementId)).to.deep.equal(['rejected'])
    expect(await instanceVariables(ctx, approved.instanceId)).to.include({ verdict: 'ok' })
    const done = await ctx.db.prisma.task.findUniqueOrThrow({ where: { engineKey: approvedTask.engineKey } })
    expect(done.status).to.equal('completed')
    expect(done.completedAt).not.to.equal(null)
  })

  it('should refuse to complete a task that is already completed', async () => {
    const { instanceId } = await start({ owner: null, due: null })
    const [task] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(task.engineKey, { verdict: 'ok' })
    await ctx.engine.idle()

    const err = await ctx.engine.completeUserTask(task.engineKey, { verdict: 'ok' }).catch((e: unknown) => e)

    expect(err).to.be.instanceOf(EngineError)
    // the inbox treats both alike (src/inbox/engine-errors.ts): "the task is no longer active"
    expect((err as EngineError).code).to.be.oneOf(['CONFLICT', 'NOT_FOUND'])
    expect((await openTasks(ctx, instanceId)).map((t) => t.elementId), 'the process moved on once').to.deep.equal(['approved'])
  })
})
