import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { ProcedureHarness } from '../helpers/procedure-harness.ts'
import { createUser } from '../../src/users/create-user.ts'
import { CASEWORKERS, FAMILY_ASSISTANTS } from '../../src/users/groups.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import type { Job } from '../../engine/job.ts'

describe('family-assistant process (UWR art. 11, 15)', function () {
  let db: TestDatabase
  let h: ProcedureHarness

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  afterEach(async () => h?.stop())
  beforeEach(async () => {
    await db.reset()
    h = await ProcedureHarness.create(db, '2026-03-02T09:00:00Z')
    for (const login of ['asystent', 'asystent2']) {
      await createUser(db.prisma, { login, displayName: login, password: 'x', groups: [FAMILY_ASSISTANTS] })
    }
    await createUser(db.prisma, { login: 'pracownik', displayName: 'pracownik', password: 'x', groups: [CASEWORKERS] })
  })

  const consent = { familyInterviewDone: true, assignmentBasis: 'consent', consentSignedOn: '2026-03-02', assignmentReason: 'Trudności opiekuńczo-wychowawcze w rodzinie.' }
  const plan = {
    planActions: 'Wsparcie w prowadzeniu budżetu domowego',
    planDeadlines: 'do końca czerwca 2026',
    planExpectedEffects: 'Rodzina samodzielnie planuje wydatki.',
    planMadeWithFamily: true,
    planMadeWithSocialWorker: true,
    planAgreedOn: '2026-03-10',
  }
  const assessment = (assessmentDecision: string) => ({
    assessmentDate: '2026-09-02',
    assessmentProgress: 'good',
    assessmentSummary: 'Rodzina realizuje plan pracy.',
    assessmentDecision,
  })

  /** 'count' open family-assistant cases already assigned to `login` (as earlier assignments left them). */
  async function existingFamilies(login: string, count: number, status = 'open') {
    for (let i = 0; i < count; i++) {
      const c = await db.prisma.case.create({ data: { procedure: 'family-assistant', receivedAt: new Date('2026-01-05'), status } })
      await db.prisma.caseAssignment.create({ data: { caseId: c.id, role: 'family-assistant', login, assignedAt: new Date('2026-01-05') } })
    }
  }

  async function startAssigned(login = 'asystent') {
    const started = await h.start('family-assistant', '2026-03-02')
    await h.complete(started.instanceId, 'Task_consent', consent)
    await h.complete(started.instanceId, 'Task_chooseAssistant', { proposedAssistantLogin: login })
    return started
  }

  it('should end as "no consent" and assign nobody when the family neither consents nor is ordered by a court', async () => {
    const { caseId, instanceId } = await h.start('family-assistant', '2026-03-02')
    const task = await h.task(instanceId, 'Task_consent')
    expect(task.candidateGroups).to.deep.equal(['caseworkers'])
    await h.complete(instanceId, 'Task_consent', { ...consent, assignmentBasis: 'none' })
    expect(await h.status(instanceId)).to.equal('completed')
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'no-consent' })
    expect(await db.prisma.caseAssignment.count()).to.equal(0)
  })

  it('should require the consent date when the family consents', async () => {
    const { instanceId } = await h.start('family-assistant', '2026-03-02')
    const { consentSignedOn: _, ...withoutDate } = consent
    expect(await h.formErrors(instanceId, 'Task_consent', withoutDate)).to.deep.equal({ consentSignedOn: { code: 'required' } })
  })

  it('should store the assistant and assign their plan of work to them when the head designates an assistant', async () => {
    const { caseId, instanceId } = await startAssigned()
    const vars = await h.variables(instanceId)
    expect(vars).to.include({ assistantLogin: 'asystent', caseloadCap: 15, assistantCaseload: 1, assessmentInterval: 'P6M' })
    const planTask = await h.task(instanceId, 'Task_workPlan')
    expect(planTask).to.include({ assignee: 'asystent', formKey: 'family-work-plan' })
    expect(planTask.candidateGroups).to.deep.equal(['family-assistants'])
    expect(await db.prisma.caseAssignment.findMany()).to.have.length(1)
    expect((await h.events(caseId, 'assistant-assigned')).map((e) => e.data)).to.deep.equal([{ role: 'family-assistant', assistantLogin: 'asystent' }])
  })

  it('should assign an assistant on a court order without the family\'s consent', async () => {
    const { instanceId } = await h.start('family-assistant', '2026-03-02')
    await h.complete(instanceId, 'Task_consent', { familyInterviewDone: true, assignmentBasis: 'court-order', courtOrderReference: 'III Nsm 123/26', assignmentReason: 'Postanowienie sądu rodzinnego.' })
    expect((await h.task(instanceId, 'Task_chooseAssistant')).candidateGroups).to.deep.equal(['managers'])
  })

  it('should refuse a 16th family with CASELOAD_FULL and ask the head to choose another assistant', async () => {
    await existingFamilies('asystent', 14)
    await startAssigned('asystent') // the 15th: allowed
    const sixteenth = await startAssigned('asystent')
    const retry = await h.task(sixteenth.instanceId, 'Task_chooseAnotherAssistant')
    expect(retry).to.include({ formKey: 'family-assistant-rechoice', priority: 70 })
    expect(retry.candidateGroups).to.deep.equal(['managers'])
    expect(await h.trail(sixteenth.instanceId)).to.include('Error_caseloadFull')
    expect(await h.variables(sixteenth.instanceId)).to.include({ assignmentRefusal: 'caseload-full', caseloadCap: 15 })
    expect((await h.variables(sixteenth.instanceId)).assistantLogin).to.equal(undefined)
    expect(await db.prisma.caseAssignment.count({ where: { login: 'asystent' } })).to.equal(15)
    expect((await h.events(sixteenth.caseId, 'assignment-refused')).map((e) => e.data)).to.deep.equal([{ role: 'family-assistant', reason: 'caseload-full', cap: 15 }])

    await h.complete(sixteenth.instanceId, 'Task_chooseAnotherAssistant', { proposedAssistantLogin: 'asystent2' })
    expect((await h.task(sixteenth.instanceId, 'Task_workPlan')).assignee).to.equal('asystent2')
    expect(await h.variables(sixteenth.instanceId)).to.include({ assistantLogin: 'asystent2', assignmentRefusal: null })
  })

  it('should refuse the same assistant again when the head insists, and never assign a 16th', async () => {
    await existingFamilies('asystent', 15)
    const { instanceId } = await startAssigned('asystent')
    await h.complete(instanceId, 'Task_chooseAnotherAssistant', { proposedAssistantLogin: 'asystent' })
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_chooseAnotherAssistant'])
    expect(await db.prisma.caseAssignment.count({ where: { login: 'asystent' } })).to.equal(15)
  })

  it('should not count closed cases against the cap', async () => {
    await existingFamilies('asystent', 14)
    await existingFamilies('asystent', 5, 'closed')
    const { instanceId } = await startAssigned('asystent')
    expect(await h.variables(instanceId)).to.include({ assistantLogin: 'asystent', assistantCaseload: 15 })
  })

  it('should refuse a person who is not an active family assistant with ASSISTANT_NOT_ELIGIBLE', async () => {
    for (const login of ['pracownik', 'nieznany']) {
      const { instanceId } = await startAssigned(login)
      expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_chooseAnotherAssistant'])
      expect(await h.variables(instanceId)).to.include({ assignmentRefusal: 'not-eligible' })
    }
    await db.prisma.user.update({ where: { login: 'asystent2' }, data: { active: false } })
    const { instanceId } = await startAssigned('asystent2')
    expect(await h.variables(instanceId)).to.include({ assignmentRefusal: 'not-eligible' })
  })

  it('should let only one of two simultaneous assignments take the last place', async () => {
    await existingFamilies('asystent', 14)
    const handler = createHandlers({ prisma: db.prisma, clock: h.clock, caseNumberPrefix: 'OPS.8311' }).find((x) => x.taskType === 'assign-family-assistant')!
    const cases = await Promise.all([1, 2].map(() => db.prisma.case.create({ data: { procedure: 'family-assistant', receivedAt: new Date('2026-03-02') } })))
    const job = (caseId: string, key: string): Job => ({
      key, type: 'assign-family-assistant', processInstanceId: 'i', elementId: 'Task_assignAssistant', businessKey: caseId,
      variables: { caseId, proposedAssistantLogin: 'asystent' }, headers: { role: 'family-assistant' }, retries: 3,
    })
    const outcomes = await Promise.all([handler.handle(job(cases[0].id, 'a')), handler.handle(job(cases[1].id, 'b'))])
    expect(outcomes.map((o) => o.kind).sort()).to.deep.equal(['bpmnError', 'complete'])
    expect(await db.prisma.caseAssignment.count({ where: { login: 'asystent' } })).to.equal(15)
  })

  it('should give the same answer and keep one assignment when the job is delivered twice', async () => {
    const handler = createHandlers({ prisma: db.prisma, clock: h.clock, caseNumberPrefix: 'OPS.8311' }).find((x) => x.taskType === 'assign-family-assistant')!
    const c = await db.prisma.case.create({ data: { procedure: 'family-assistant', receivedAt: new Date('2026-03-02') } })
    const job: Job = { key: 'k', type: 'assign-family-assistant', processInstanceId: 'i', elementId: 'e', businessKey: c.id, variables: { caseId: c.id, proposedAssistantLogin: 'asystent' }, headers: {}, retries: 3 }
    const first = await handler.handle(job)
    const second = await handler.handle(job)
    expect(second).to.deep.equal(first)
    expect(await db.prisma.caseAssignment.count()).to.equal(1)
    expect(await h.events(c.id, 'assistant-assigned')).to.have.length(1)
  })

  it('should ask the assistant for a periodic assessment every 6 months until the work is closed', async () => {
    const { caseId, instanceId } = await startAssigned('asystent')
    await h.complete(instanceId, 'Task_workPlan', plan)
    expect(await h.openElementIds(instanceId)).to.deep.equal([])
    await h.advanceTo('2026-09-02T08:59:00Z')
    expect(await h.openElementIds(instanceId)).to.deep.equal([])
    await h.advanceTo('2026-09-02T09:00:00Z')
    expect((await h.task(instanceId, 'Task_assessment')).assignee).to.equal('asystent')
    await h.complete(instanceId, 'Task_assessment', assessment('continue'))
    await h.advanceTo('2027-03-02T09:00:00Z')
    await h.complete(instanceId, 'Task_assessment', assessment('goals-met'))
    expect(await h.status(instanceId)).to.equal('completed')
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'goals-met' })
  })

  it('should free the assistant\'s place when the family\'s case is closed', async () => {
    await existingFamilies('asystent', 14)
    const first = await startAssigned('asystent')
    await h.complete(first.instanceId, 'Task_workPlan', plan)
    await h.advanceTo('2026-09-02T09:00:00Z')
    await h.complete(first.instanceId, 'Task_assessment', assessment('consent-withdrawn'))
    expect(await h.caseRow(first.caseId)).to.include({ status: 'closed', outcome: 'consent-withdrawn' })
    const next = await startAssigned('asystent')
    expect(await h.variables(next.instanceId)).to.include({ assistantLogin: 'asystent', assistantCaseload: 15 })
  })
})
