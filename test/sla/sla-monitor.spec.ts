// The SLA monitor on the real benefit-application BPMN, the embedded engine and a fake clock: a case walked past
// each threshold, every escalation fired once.
import { expect } from 'chai'
import { FakeClock } from '../../engine/clock.ts'
import { endOfWarsawDay, warsawInstant } from '../../domain/warsaw-time.ts'
import { savePolicyVersion } from '../../src/sla/sla-policies.ts'
import { completeTask } from '../../src/inbox/complete-task.ts'
import { createLogger } from '../../src/logger.ts'
import type { SlaMonitor } from '../../src/sla/sla-monitor.ts'
import { BenefitProcessHarness, INTERVIEW } from '../helpers/benefit-process.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { insertPeople, notificationsOf, startMonitor } from './sla-fixtures.ts'
import { insertTask } from '../helpers/web-fixtures.ts'

const manager = { user: { id: 'u-kierownik', login: 'kierownik', displayName: 'K', groups: ['managers'] }, ip: '127.0.0.1' }
const caseworker = { user: { id: 'u-pracownik', login: 'pracownik', displayName: 'P', groups: ['caseworkers'] }, ip: '127.0.0.1' }

describe('SLA monitor (benefit application, fake clock)', function () {
  this.timeout(120_000)
  let db: TestDatabase
  let clock: FakeClock
  let h: BenefitProcessHarness
  let sla: SlaMonitor

  before(async () => { db = await createTestDatabase() })
  after(async () => { await db.close() })
  beforeEach(async () => {
    await db.reset()
    await insertPeople(db.prisma)
    clock = new FakeClock('2026-01-05T08:00:00Z')
    h = await new BenefitProcessHarness(db, clock).setUp()
    sla = await startMonitor(db.prisma, h.engine, clock)
  })
  afterEach(async () => { await h.engine.stop() })

  async function steps(subjectId: string) {
    const rows = await db.prisma.slaEscalation.findMany({ where: { subjectId }, orderBy: { stepId: 'asc' } })
    return Object.fromEntries(rows.map((r) => [r.stepId, r.status]))
  }

  it('should run one more round for all the callers that arrive while a round runs when many ask at once', async () => {
    const monitor = sla as unknown as { round: () => Promise<unknown> }
    const original = monitor.round.bind(sla)
    let rounds = 0
    monitor.round = () => {
      rounds++
      return original()
    }
    const first = sla.runOnce()
    const others = Array.from({ length: 9 }, () => sla.runOnce())
    const results = await Promise.all([first, ...others])
    expect(rounds, 'the round running and one round after it for the nine who came meanwhile').to.equal(2)
    expect(results[1]).to.equal(results[9])
    await sla.runOnce()
    expect(rounds, 'a caller after that gets a round of its own').to.equal(3)
  })

  it('should fire each step of the interview task exactly once when the clock passes at-risk, the deadline and three working days after it', async () => {
    const { instanceId } = await h.startCase('2026-01-05')
    const interview = await h.openTask(instanceId)
    expect(interview.elementId).to.equal('Task_familyInterview')
    await sla.runOnce()
    let task = await db.prisma.task.findUniqueOrThrow({ where: { id: interview.id } })
    // 14 working days from Monday 5 Jan 2026 (6 Jan is a holiday): Monday 26 Jan
    expect(task.slaDueAt!.toISOString()).to.equal(endOfWarsawDay('2026-01-26').toISOString())
    expect(task.slaAtRiskAt!.toISOString()).to.equal(warsawInstant('2026-01-21').toISOString())
    expect(await steps(task.id)).to.deep.equal({ '_new-task': 'fired', group: 'pending', manager: 'pending', release: 'pending', remind: 'pending' })
    expect(await notificationsOf(db.prisma, 'task-in-group')).to.deep.equal(['task-in-group:pracownik', 'task-in-group:pracownik2'])
    await db.prisma.task.update({ where: { id: task.id }, data: { assignee: 'pracownik' } })

    clock.set('2026-01-20T22:00:00Z') // 23:00 on 20 Jan in Warsaw: not yet
    await sla.runOnce()
    expect((await steps(task.id)).remind).to.equal('pending')

    clock.set('2026-01-21T07:00:00Z')
    await sla.runOnce()
    await sla.runOnce()
    expect(await notificationsOf(db.prisma, 'sla-reminder')).to.deep.equal(['sla-reminder:pracownik'])

    clock.set('2026-01-27T09:00:00Z')
    await sla.runOnce()
    await sla.runOnce()
    expect(await notificationsOf(db.prisma, 'sla-group')).to.deep.equal(['sla-group:pracownik', 'sla-group:pracownik2'])
    expect(await notificationsOf(db.prisma, 'sla-escalated')).to.deep.equal(['sla-escalated:kierownik'])
    expect((await steps(task.id)).release).to.equal('pending')

    clock.set('2026-01-30T09:00:00Z') // 3 working days after Monday 26 Jan: end of Thursday 29 Jan
    await sla.runOnce()
    await sla.runOnce()
    task = await db.prisma.task.findUniqueOrThrow({ where: { id: interview.id } })
    expect(task.assignee).to.equal(null)
    expect(await steps(task.id)).to.deep.equal({ '_new-task': 'fired', group: 'fired', manager: 'fired', release: 'fired', remind: 'fired' })
    expect(await notificationsOf(db.prisma, 'sla-reminder')).to.have.length(1)
    expect(await notificationsOf(db.prisma, 'sla-escalated')).to.have.length(1)
    const history = (await db.prisma.caseEvent.findMany({ where: { type: 'sla-escalation' } })).filter((e) => (e.data as { subject?: string }).subject === 'task')
    expect(history).to.have.length(4)
    // each entry says what the step did and to which task
    expect(history.map((e) => (e.data as { taskName?: string }).taskName)).to.deep.equal(Array(4).fill(interview.name))
    expect(await notificationsOf(db.prisma, 'sla-reassigned')).to.deep.equal(['sla-reassigned:pracownik', 'sla-reassigned:pracownik2'])
    // every notification has its e-mail (every person here has an address)
    expect(await db.prisma.mailOutbox.count()).to.equal(await db.prisma.notification.count())
  })

  it('should cancel a task’s pending steps instead of firing them when the task was completed in time', async () => {
    const { instanceId } = await h.startCase('2026-01-05')
    await sla.runOnce()
    const interview = await h.openTask(instanceId)
    await h.complete(instanceId, 'Task_familyInterview', INTERVIEW)
    clock.set('2026-02-20T09:00:00Z')
    await sla.runOnce()
    expect(await steps(interview.id)).to.deep.equal({ '_new-task': 'fired', group: 'canceled', manager: 'canceled', release: 'canceled', remind: 'canceled' })
  })

  it('should show an application received long ago as overdue at once and raise the art. 36 notice task once', async () => {
    clock.set('2026-03-02T09:00:00Z')
    const { caseId, instanceId } = await h.startCase('2026-01-12')
    await db.prisma.case.update({ where: { id: caseId }, data: { processInstanceId: instanceId } }) // as registration links them
    await sla.runOnce()
    await sla.runOnce()
    const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })
    expect(kase.slaDueAt!.toISOString()).to.equal(endOfWarsawDay('2026-02-12').toISOString())
    expect(kase.slaDueAt!.getTime()).to.be.below(clock.now().getTime())
    expect(await steps(caseId)).to.deep.equal({ art36: 'fired', manager: 'fired' })
    const notices = await db.prisma.task.findMany({ where: { caseId, elementId: 'Task_art36Notice' } })
    expect(notices).to.have.length(1)
    expect(notices[0]!.candidateGroups).to.deep.equal(['caseworkers'])
    // the engine's next save of the case's instance leaves the notice alone (it is not one of its tasks)
    await h.complete(instanceId, 'Task_familyInterview', INTERVIEW)
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: notices[0]!.id } })).status).to.equal('open')
    expect(await notificationsOf(db.prisma, 'sla-case-escalated')).to.deep.equal(['sla-case-escalated:kierownik'])
  })

  it('should move the case deadline to the notice’s new date and plan the overdue step again when the art. 36 task is completed', async () => {
    clock.set('2026-02-06T09:00:00Z') // at risk: deadline 12 Feb
    const { caseId } = await h.startCase('2026-01-12')
    await sla.runOnce()
    await sla.runOnce()
    const notice = await db.prisma.task.findFirstOrThrow({ where: { caseId, elementId: 'Task_art36Notice' } })
    const deps = { prisma: db.prisma, engine: h.engine, clock, logger: createLogger({ level: 'error' }), caseNumberPrefix: 'OPS' }
    try {
      await completeTask(deps, caseworker as never, notice.id, { noticeSentAt: '2026-02-06', newDeadline: '2026-02-10', delayReason: 'documents' })
      expect.fail('a new date before the current deadline was accepted')
    } catch (err) {
      expect((err as { fields?: Record<string, unknown> }).fields).to.have.property('newDeadline')
    }
    await completeTask(deps, caseworker as never, notice.id, { noticeSentAt: '2026-02-06', newDeadline: '2026-03-06', delayReason: 'documents' })
    await sla.runOnce()
    const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })
    expect(kase.slaDueAt!.toISOString()).to.equal(endOfWarsawDay('2026-03-06').toISOString())
    const overdue = await db.prisma.slaEscalation.findFirstOrThrow({ where: { subjectId: caseId, stepId: 'manager' } })
    expect(overdue.status).to.equal('pending')
    expect(overdue.dueAt.toISOString()).to.equal(endOfWarsawDay('2026-03-06').toISOString())
    expect(await db.prisma.caseEvent.count({ where: { caseId, type: 'art36-notice-sent' } })).to.equal(1)
    // at risk again later: the art36 step already fired and does not fire a second time
    clock.set('2026-03-03T09:00:00Z')
    await sla.runOnce()
    expect(await db.prisma.task.count({ where: { caseId, elementId: 'Task_art36Notice' } })).to.equal(1)
  })

  it('should move the case deadline by a recorded pause when the case waited for the party', async () => {
    const { caseId } = await h.startCase('2026-01-05')
    await sla.runOnce()
    await db.prisma.casePause.create({ data: { caseId, reason: 'awaiting-party', from: new Date('2026-01-10T00:00:00Z'), to: new Date('2026-01-19T00:00:00Z'), createdAt: clock.now() } })
    await db.prisma.case.update({ where: { id: caseId }, data: { slaAppliedAt: null } })
    await sla.runOnce()
    const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })
    expect(kase.slaDueAt!.toISOString()).to.equal(endOfWarsawDay('2026-02-16').toISOString())
  })

  it('should apply a new policy version to open tasks without firing a step that already fired', async () => {
    const { instanceId } = await h.startCase('2026-01-05')
    await sla.runOnce()
    const interview = await h.openTask(instanceId)
    clock.set('2026-01-21T07:00:00Z')
    await sla.runOnce()
    expect((await steps(interview.id)).remind).to.equal('fired')
    const saved = await savePolicyVersion(db.prisma, clock, manager as never, {
      processId: 'benefit-application',
      elementId: 'Task_familyInterview',
      comment: 'earlier warning',
      definition: {
        name: 'Wywiad', target: { anchor: 'task-due' }, atRisk: { amount: 5, unit: 'working-days' },
        escalations: [{ id: 'remind', on: 'at-risk', action: 'remind-assignee' }, { id: 'manager', on: 'at-risk', action: 'escalate-to-manager' }],
      },
    })
    expect(saved.version).to.equal(2)
    await sla.runOnce()
    const task = await db.prisma.task.findUniqueOrThrow({ where: { id: interview.id } })
    expect(task.slaPolicyId).to.equal(saved.id)
    expect(task.slaAtRiskAt!.toISOString()).to.equal(warsawInstant('2026-01-19').toISOString())
    expect(await steps(interview.id)).to.deep.equal({ '_new-task': 'fired', manager: 'fired', remind: 'fired' })
    expect(await notificationsOf(db.prisma, 'sla-reminder')).to.have.length(2) // pracownik + pracownik2 (unassigned: the group), once
    expect(await notificationsOf(db.prisma, 'sla-escalated')).to.deep.equal(['sla-escalated:kierownik'])
  })

  it('should refuse a policy version that does not validate and keep the old one', async () => {
    try {
      await savePolicyVersion(db.prisma, clock, manager as never, { processId: 'benefit-application', elementId: null, definition: { name: 'x', target: { anchor: 'task-due' }, atRisk: { amount: 1, unit: 'days' }, escalations: [] } })
      expect.fail('accepted')
    } catch (err) {
      expect((err as Error).message).to.match(/case-level deadline/)
    }
    expect(await db.prisma.slaPolicy.count({ where: { key: 'benefit-application/case' } })).to.equal(1)
  })

  it('should stop measuring the case when the decision is issued', async () => {
    const { caseId } = await h.startCase('2026-01-05')
    await sla.runOnce()
    await db.prisma.caseEvent.create({ data: { caseId, type: 'decision-issued', at: new Date('2026-01-20T10:00:00Z'), data: {} } })
    await sla.runOnce()
    const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })
    expect(kase.slaDoneAt!.toISOString()).to.equal('2026-01-20T10:00:00.000Z')
    expect(await steps(caseId)).to.deep.equal({ art36: 'canceled', manager: 'canceled' })
  })

  it('should route a task the engine created assigned to an absent person to the substitute once when it is first measured', async () => {
    await db.prisma.absence.create({ data: { login: 'pracownik', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-31T00:00:00Z'), substitute: 'pracownik2', createdById: 'x', createdAt: clock.now() } })
    const task = await insertTask(db.prisma, { assignee: 'pracownik', createdAt: clock.now(), dueAt: endOfWarsawDay('2026-02-27') })
    await sla.runOnce()
    await sla.runOnce()
    const routed = await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })
    expect(routed.assignee).to.equal('pracownik2')
    expect(routed.substituteFor).to.equal('pracownik')
    expect(await notificationsOf(db.prisma, 'task-assigned')).to.deep.equal(['task-assigned:pracownik2'])
    // measured again (a new policy version): not routed a second time, even if it went back meanwhile
    await db.prisma.task.update({ where: { id: task.id }, data: { assignee: 'pracownik', substituteFor: null, slaAppliedAt: null } })
    await sla.runOnce()
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee).to.equal('pracownik')
  })

  it('should leave the task with its assignee when the substitute may not do it', async () => {
    await db.prisma.absence.create({ data: { login: 'pracownik', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-31T00:00:00Z'), substitute: 'kierownik', createdById: 'x', createdAt: clock.now() } })
    const task = await insertTask(db.prisma, { assignee: 'pracownik', createdAt: clock.now() })
    await sla.runOnce()
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee).to.equal('pracownik')
  })

})
