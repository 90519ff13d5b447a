// Engine contract: who holds a user task. assignUserTask sets, replaces (a manager's reassignment) and clears the
// assignee; two people claiming one task at the same moment through the inbox: exactly one gets it, the other a
// conflict, and the engine and the inbox table agree on the winner.
import { expect } from 'chai'
import { EngineError } from '../../engine/port.ts'
import { ServiceError } from '../../src/cases/service-error.ts'
import type { ServiceDeps } from '../../src/cases/deps.ts'
import { takeTask } from '../../src/inbox/claim-task.ts'
import { createLogger } from '../../src/logger.ts'
import type { Actor } from '../../src/users/actor.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { contractTitle, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const waiting = bpmnFile(
  'ct_claim',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'review')}${userTask('review', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}
   ${flow('f2', 'review', 'after')}${userTask('after', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
)

const actor = (login: string): Actor => ({ user: { id: `id-${login}`, login, displayName: login, groups: ['caseworkers'] }, ip: null })

describe(contractTitle('assigning user tasks'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z' })

  beforeEach(async () => {
    await ctx.engine.deploy([waiting])
  })

  async function openReview() {
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_claim', businessKey: ctx.unique('case') })
    await ctx.engine.idle()
    const [task] = await openTasks(ctx, instanceId)
    expect(task?.elementId).to.equal('review')
    return { instanceId, task }
  }

  const assigneeOf = async (engineKey: string) => (await ctx.db.prisma.task.findUniqueOrThrow({ where: { engineKey } })).assignee

  it('should set, replace and clear the assignee when assignUserTask is called one after another', async () => {
    const { task } = await openReview()

    await ctx.engine.assignUserTask(task.engineKey, 'anna')
    await ctx.engine.idle()
    expect(await assigneeOf(task.engineKey)).to.equal('anna')

    await ctx.engine.assignUserTask(task.engineKey, 'jan') // a manager reassigns a task someone holds
    await ctx.engine.idle()
    expect(await assigneeOf(task.engineKey)).to.equal('jan')

    await ctx.engine.assignUserTask(task.engineKey, null)
    await ctx.engine.idle()
    expect(await assigneeOf(task.engineKey)).to.equal(null)
  })

  it('should leave the task with one of the two assignees and refuse the other only with a conflict when two assignments race', async () => {
    const { instanceId, task } = await openReview()

    const results = await Promise.allSettled([ctx.engine.assignUserTask(task.engineKey, 'anna'), ctx.engine.assignUserTask(task.engineKey, 'jan')])
    await ctx.engine.idle()

    const won = ['anna', 'jan'].filter((_, i) => results[i].status === 'fulfilled')
    expect(won, 'at least one assignment succeeds').not.to.be.empty
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).to.be.instanceOf(EngineError)
        expect((r.reason as EngineError).code).to.equal('CONFLICT')
      }
    }
    expect(await assigneeOf(task.engineKey)).to.be.oneOf(won)
    // the engine still moves on from the task
    await ctx.engine.completeUserTask(task.engineKey, {})
    await ctx.engine.idle()
    expect((await openTasks(ctx, instanceId)).map((t) => t.elementId)).to.deep.equal(['after'])
  })

  it('should give the task to exactly one person when two claim it through the inbox at the same moment', async () => {
    const { task } = await openReview()
    const deps: ServiceDeps = { prisma: ctx.db.prisma, engine: ctx.engine, clock: ctx.clock, logger: createLogger({ level: 'error', write: () => {} }), caseNumberPrefix: 'OPS.8311' }

    const results = await Promise.allSettled([takeTask(deps, actor('anna'), task), takeTask(deps, actor('jan'), task)])
    await ctx.engine.idle()

    const winners = ['anna', 'jan'].filter((_, i) => results[i].status === 'fulfilled')
    expect(winners, 'exactly one claim wins').to.have.length(1)
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(lost.reason).to.be.instanceOf(ServiceError)
    expect((lost.reason as ServiceError).code).to.equal('CONFLICT')
    expect(await assigneeOf(task.engineKey)).to.equal(winners[0])
  })

  it('should refuse with NOT_FOUND to assign a task that is no longer open', async () => {
    const { task } = await openReview()
    await ctx.engine.completeUserTask(task.engineKey, {})
    await ctx.engine.idle()

    const err = await ctx.engine.assignUserTask(task.engineKey, 'anna').catch((e: unknown) => e)

    expect(err).to.be.instanceOf(EngineError)
    expect((err as EngineError).code).to.equal('NOT_FOUND')
    expect(await assigneeOf(task.engineKey)).to.equal(null)
  })
})
