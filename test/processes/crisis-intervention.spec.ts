import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { ProcedureHarness } from '../helpers/procedure-harness.ts'

describe('crisis-intervention process (UPS art. 47)', function () {
  let db: TestDatabase
  let h: ProcedureHarness

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  afterEach(async () => h?.stop())
  beforeEach(async () => {
    await db.reset()
    // Friday 2026-03-06, 17:30 in Warsaw
    h = await ProcedureHarness.create(db, '2026-03-06T16:30:00Z')
  })

  const triage = (extra: Record<string, unknown> = {}) => ({
    crisisType: 'bereavement', riskLevel: 'high', needsCounselling: false, shelterJustified: false,
    triageSummary: 'Ostra reakcja kryzysowa po śmierci bliskiej osoby.', ...extra,
  })
  const plan = { safetyPlan: 'Kontakt z telefonem zaufania, sąsiadka w pobliżu.', helpPlan: 'Sesje z psychologiem, wizyty pracownika.', planAgreedWithPerson: true }
  const psych = { psychHelpStartedOn: '2026-03-07', psychSessions: 3, psychHelpOutcome: 'stabilised' }
  const visit = (followUpNext: string) => ({ followUpVisitOn: '2026-03-20', followUpSituation: 'improving', followUpNext })
  const closure = { crisisOutcome: 'resolved', closureSummary: 'Równowaga psychiczna przywrócona.' }

  async function toHelp(triageExtra: Record<string, unknown> = {}) {
    const started = await h.start('crisis-intervention', '2026-03-06')
    await h.complete(started.instanceId, 'Task_triage', triage(triageExtra))
    await h.complete(started.instanceId, 'Task_safetyPlan', plan)
    return started
  }

  it('should put the triage in the caseworkers inbox due 4 hours after the report, with no income test', async () => {
    const { instanceId } = await h.start('crisis-intervention', '2026-03-06')
    const task = await h.task(instanceId, 'Task_triage')
    expect(task).to.include({ formKey: 'crisis-triage', priority: 90 })
    expect(task.candidateGroups).to.deep.equal(['caseworkers'])
    expect(task.dueAt?.toISOString()).to.equal('2026-03-06T20:30:00.000Z')
    expect(await h.trail(instanceId)).not.to.include('Task_assessIncome')
    expect(await h.variables(instanceId)).to.include({ triageHours: 4, followUpInterval: 'P14D', shelterMaxMonths: 3 })
  })

  it('should count the 4 hours from reportedAt when the report time is given', async () => {
    const { instanceId } = await h.start('crisis-intervention', '2026-03-06', { reportedAt: '2026-03-06T15:00:00+01:00' })
    expect((await h.task(instanceId, 'Task_triage')).dueAt?.toISOString()).to.equal('2026-03-06T18:00:00.000Z')
  })

  it('should record a missed triage deadline once when the triage is still open 4 hours later', async () => {
    const { caseId } = await h.start('crisis-intervention', '2026-03-06')
    await h.advanceTo('2026-03-06T20:29:00Z')
    expect(await h.events(caseId, 'deadline-missed')).to.have.length(0)
    await h.advanceTo('2026-03-06T21:00:00Z')
    await h.advanceTo('2026-03-07T08:00:00Z')
    expect((await h.events(caseId, 'deadline-missed')).map((e) => e.data)).to.deep.equal([{ deadline: 'crisis-triage', dueAt: '2026-03-06T20:30:00.000Z' }])
  })

  it('should require a justification when shelter is marked justified', async () => {
    const { instanceId } = await h.start('crisis-intervention', '2026-03-06')
    expect(await h.formErrors(instanceId, 'Task_triage', triage({ shelterJustified: true }))).to.deep.equal({ shelterJustification: { code: 'required' } })
  })

  it('should start psychological help for the psychologists and the follow-up timer, and no counselling or shelter when not needed', async () => {
    const { instanceId } = await toHelp()
    const psychTask = await h.task(instanceId, 'Task_psychologicalHelp')
    expect(psychTask.candidateGroups).to.deep.equal(['psychologists'])
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_psychologicalHelp'])
    expect(await db.prisma.timer.count({ where: { instanceId, elementId: 'Timer_followUp', status: 'pending' } })).to.equal(1)
  })

  it('should run psychological help, counselling and shelter in parallel when all are needed', async () => {
    const { instanceId } = await toHelp({ needsCounselling: true, shelterJustified: true, shelterJustification: 'Brak bezpiecznego miejsca pobytu.' })
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_arrangeShelter', 'Task_counselling', 'Task_psychologicalHelp'])
    expect((await h.task(instanceId, 'Task_counselling')).candidateGroups).to.deep.equal(['caseworkers'])
    expect((await h.task(instanceId, 'Task_arrangeShelter')).candidateGroups).to.deep.equal(['caseworkers'])
  })

  it('should make the end of a shelter stay due 3 months after it began', async () => {
    const { instanceId } = await toHelp({ shelterJustified: true, shelterJustification: 'Brak bezpiecznego miejsca pobytu.' })
    await h.complete(instanceId, 'Task_arrangeShelter', { shelterType: 'crisis-hostel', shelterFrom: '2026-03-09' })
    expect((await h.task(instanceId, 'Task_endShelter')).dueAt?.toISOString()).to.equal('2026-06-09T21:59:59.000Z')
    expect(await h.variables(instanceId)).to.include({ shelterEndsOn: '2026-06-09' })
  })

  it('should end a stay begun on 30 November on the last day of February', async () => {
    const { instanceId } = await toHelp({ shelterJustified: true, shelterJustification: 'Brak bezpiecznego miejsca pobytu.' })
    await h.complete(instanceId, 'Task_arrangeShelter', { shelterType: 'homeless-shelter', shelterFrom: '2026-11-30' })
    expect((await h.task(instanceId, 'Task_endShelter')).dueAt?.toISOString()).to.equal('2027-02-28T22:59:59.000Z')
  })

  it('should record a stay longer than 3 months as a missed deadline', async () => {
    const { caseId, instanceId } = await toHelp({ shelterJustified: true, shelterJustification: 'Brak bezpiecznego miejsca pobytu.' })
    await h.complete(instanceId, 'Task_arrangeShelter', { shelterType: 'crisis-hostel', shelterFrom: '2026-03-09' })
    await h.advanceTo('2026-06-10T08:00:00Z')
    expect((await h.events(caseId, 'deadline-missed')).map((e) => (e.data as { deadline: string }).deadline)).to.include('crisis-shelter-end')
  })

  it('should schedule another visit instead of closing while a help step is still under way', async () => {
    const { caseId, instanceId } = await toHelp({ shelterJustified: true, shelterJustification: 'Brak bezpiecznego miejsca pobytu.' })
    await h.complete(instanceId, 'Task_psychologicalHelp', psych)
    await h.complete(instanceId, 'Task_arrangeShelter', { shelterType: 'crisis-hostel', shelterFrom: '2026-03-09' })
    await h.advanceTo('2026-03-20T16:30:00Z') // 14 days after the plan
    await h.complete(instanceId, 'Task_followUpVisit', visit('close'))
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_endShelter'])
    expect((await h.caseRow(caseId)).status).to.equal('open')

    await h.complete(instanceId, 'Task_endShelter', { shelterLeftOn: '2026-03-25', shelterNextStep: 'own-housing' })
    await h.advanceTo('2026-04-03T16:30:00Z')
    await h.complete(instanceId, 'Task_followUpVisit', visit('close'))
    await h.complete(instanceId, 'Task_closure', closure)
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'resolved' })
    expect(await h.status(instanceId)).to.equal('completed')
  })

  it('should close after psychological help and counselling and a last follow-up visit, with no administrative decision', async () => {
    const { caseId, instanceId } = await toHelp({ needsCounselling: true })
    await h.complete(instanceId, 'Task_counselling', { counsellingKinds: ['social', 'legal'], counsellingGivenOn: '2026-03-10' })
    await h.complete(instanceId, 'Task_psychologicalHelp', psych)
    await h.advanceTo('2026-03-20T16:30:00Z')
    await h.complete(instanceId, 'Task_followUpVisit', visit('another-visit'))
    await h.advanceTo('2026-04-03T16:30:00Z')
    await h.complete(instanceId, 'Task_followUpVisit', visit('close'))
    await h.complete(instanceId, 'Task_closure', { ...closure, crisisOutcome: 'referred' })
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'referred' })
    expect(await h.status(instanceId)).to.equal('completed')
    const trail = await h.trail(instanceId)
    expect(trail.filter((id) => id === 'Task_followUpVisit')).to.have.length(2)
    expect(trail.some((id) => /decision/i.test(id))).to.equal(false)
  })
})
