import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { ProcedureHarness } from '../helpers/procedure-harness.ts'

describe('blue-card process (UPPD art. 9a–9d, Dz.U. 2023 poz. 1870)', function () {
  let db: TestDatabase
  let h: ProcedureHarness

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  afterEach(async () => h?.stop())
  beforeEach(async () => {
    await db.reset()
    h = await ProcedureHarness.create(db, '2026-12-18T10:00:00Z')
  })

  // Friday 2026-12-18, before Christmas Eve (a holiday since 2025), Christmas, Boxing Day and the weekend.
  const FRIDAY_BEFORE_CHRISTMAS = '2026-12-18'
  const formA = { formBHandedOver: true, formAForwardedOn: '2026-12-22', chairReceivedOn: '2026-12-23' }
  const referral = { gdpReceivedOn: '2026-12-30', gdpComposition: ['police', 'social-worker'] }
  const meeting = (actionJustified: string) => ({ firstMeetingOn: '2027-01-07', actionJustified, helpPlanAdopted: true, meetingSummary: 'Ocena sytuacji rodziny przez grupę.' })
  const notice = { perpetratorNotifiedOn: '2026-12-22', perpetratorNoticeMethod: 'letter' }

  async function throughFirstMeeting(actionJustified: string, perpetratorPresent = true) {
    const started = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS, { perpetratorPresent })
    await h.complete(started.instanceId, 'Task_forwardFormA', formA)
    await h.complete(started.instanceId, 'Task_referToGdp', referral)
    await h.complete(started.instanceId, 'Task_firstMeeting', meeting(actionJustified))
    return started
  }

  it('should belong to blue-card-team and give every task to blue-card-team when form A starts it', async () => {
    const { caseId, instanceId } = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS, { perpetratorPresent: false })
    expect((await h.caseRow(caseId)).ownerGroup).to.equal('blue-card-team')
    const tasks = await h.openTasks(instanceId)
    expect(tasks.map((t) => t.elementId).sort()).to.deep.equal(['Task_forwardFormA', 'Task_notifyPerpetrator'])
    for (const t of tasks) expect(t.candidateGroups).to.deep.equal(['blue-card-team'])
  })

  it('should make form A due with the chair in 5 working days and the perpetrator notice in 3 when started on the Friday before Christmas in their absence', async () => {
    const { instanceId } = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS, { perpetratorPresent: false })
    // 21, 22, 23 Dec, (24–27 off), 28, 29 Dec → Tuesday 29 December; end of that day in Warsaw (CET)
    expect((await h.task(instanceId, 'Task_forwardFormA')).dueAt?.toISOString()).to.equal('2026-12-29T22:59:59.000Z')
    // 21, 22, 23 Dec → Wednesday 23 December
    expect((await h.task(instanceId, 'Task_notifyPerpetrator')).dueAt?.toISOString()).to.equal('2026-12-23T22:59:59.000Z')
    expect(await h.variables(instanceId)).to.include({ formAToChairDueOn: '2026-12-29', perpetratorNoticeDueOn: '2026-12-23', perpetratorNoticeRequired: true })
  })

  it('should count across Easter when form A is filled in on Good Friday', async () => {
    const { instanceId } = await h.start('blue-card', '2026-04-03', { perpetratorPresent: false })
    // Easter Monday 6 April is a holiday: 7, 8, 9, 10, 13 April
    expect((await h.task(instanceId, 'Task_forwardFormA')).dueAt?.toISOString()).to.equal('2026-04-13T21:59:59.000Z')
    expect((await h.task(instanceId, 'Task_notifyPerpetrator')).dueAt?.toISOString()).to.equal('2026-04-09T21:59:59.000Z')
  })

  it('should ask for no perpetrator notice when the suspected perpetrator was present', async () => {
    const { instanceId } = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS, { perpetratorPresent: true })
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_forwardFormA'])
    expect(await h.variables(instanceId)).to.include({ perpetratorNoticeRequired: false, perpetratorNoticeDueOn: null })
  })

  it('should ask for the perpetrator notice when the start does not say whether they were present', async () => {
    const { instanceId } = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS)
    expect(await h.openElementIds(instanceId)).to.include('Task_notifyPerpetrator')
  })

  it('should count the group referral from the chair\'s receipt and the first meeting from the group\'s receipt', async () => {
    const { instanceId } = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS, { perpetratorPresent: true })
    await h.complete(instanceId, 'Task_forwardFormA', formA)
    // received Wednesday 23 Dec: (24–27 off) 28, 29, 30 Dec
    expect((await h.task(instanceId, 'Task_referToGdp')).dueAt?.toISOString()).to.equal('2026-12-30T22:59:59.000Z')
    await h.complete(instanceId, 'Task_referToGdp', referral)
    // received Wednesday 30 Dec: 31 Dec, (1–3 Jan off) 4, 5, (6 Jan Epiphany) 7, 8 Jan
    expect((await h.task(instanceId, 'Task_firstMeeting')).dueAt?.toISOString()).to.equal('2027-01-08T22:59:59.000Z')
    expect(await h.variables(instanceId)).to.include({ formBHandedOver: true, gdpReferralDueOn: '2026-12-30', firstMeetingDueOn: '2027-01-08' })
  })

  it('should record a missed deadline once when form A is still not with the chair after its due day, and keep the task', async () => {
    const { caseId, instanceId } = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS, { perpetratorPresent: true })
    await h.advanceTo('2026-12-29T22:59:00Z')
    expect(await h.events(caseId, 'deadline-missed')).to.have.length(0)
    await h.advanceTo('2026-12-30T07:00:00Z')
    await h.advanceTo('2026-12-31T07:00:00Z')
    const missed = await h.events(caseId, 'deadline-missed')
    expect(missed.map((e) => e.data)).to.deep.equal([{ deadline: 'blue-card-form-a-to-chair', dueAt: '2026-12-29T22:59:59.000Z' }])
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_forwardFormA'])
  })

  it('should refuse in the form a chair\'s receipt before the forwarding or a forwarding before the start', async () => {
    const { instanceId } = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS, { perpetratorPresent: true })
    expect(await h.formErrors(instanceId, 'Task_forwardFormA', { ...formA, chairReceivedOn: '2026-12-21' })).to.deep.equal({
      chairReceivedOn: { code: 'minDateOf', params: { min: '2026-12-22', what: 'data przekazania formularza A przewodniczącemu zespołu interdyscyplinarnego' } },
    })
    expect(await h.formErrors(instanceId, 'Task_forwardFormA', { ...formA, formAForwardedOn: '2026-12-17', chairReceivedOn: '2026-12-17' })).to.deep.equal({
      formAForwardedOn: { code: 'minDateOf', params: { min: FRIDAY_BEFORE_CHRISTMAS, what: 'data wszczęcia procedury (wypełnienia formularza A)' } },
    })
  })

  it('should send form A back to its task when the chair\'s receipt date before the start still reaches the deadlines step', async () => {
    const { instanceId } = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS, { perpetratorPresent: true })
    // a task created with an older version of the form (without its date bounds) passes such dates on
    const task = await h.task(instanceId, 'Task_forwardFormA')
    await h.engine.completeUserTask(task.engineKey, { ...formA, formAForwardedOn: '2026-12-01', chairReceivedOn: '2026-12-01' })
    await h.engine.idle()
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_forwardFormA'])
    expect(await h.trail(instanceId)).to.include('Error_chairDateInvalid')
    await h.complete(instanceId, 'Task_forwardFormA', formA)
    expect((await h.task(instanceId, 'Task_referToGdp')).dueAt?.toISOString()).to.equal('2026-12-30T22:59:59.000Z')
  })

  it('should offer the form B checkbox at the first meeting only when form B was not handed over before', async () => {
    const { instanceId } = await h.start('blue-card', FRIDAY_BEFORE_CHRISTMAS, { perpetratorPresent: true })
    await h.complete(instanceId, 'Task_forwardFormA', { ...formA, formBHandedOver: false })
    await h.complete(instanceId, 'Task_referToGdp', referral)
    await h.complete(instanceId, 'Task_firstMeeting', { ...meeting('yes'), formBHandedOverLater: true })
    expect(await h.variables(instanceId)).to.include({ formBHandedOver: false, formBHandedOverLater: true })

    const other = await throughFirstMeeting('yes')
    expect((await h.variables(other.instanceId)).formBHandedOverLater).to.equal(undefined)
  })

  it('should close as unjustified after the first meeting when the group finds no grounds to act', async () => {
    const { caseId, instanceId } = await throughFirstMeeting('no')
    expect(await h.status(instanceId)).to.equal('completed')
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'unjustified' })
  })

  it('should keep the perpetrator notice a step of its own, the instance ending only when it is done', async () => {
    const { caseId, instanceId } = await throughFirstMeeting('no', false)
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'unjustified' })
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_notifyPerpetrator'])
    expect(await h.status(instanceId)).to.equal('waiting')
    await h.complete(instanceId, 'Task_notifyPerpetrator', notice)
    expect(await h.status(instanceId)).to.equal('completed')
  })

  it('should close only when violence has stopped and the help plan is done, monitoring monthly until then', async () => {
    const { caseId, instanceId } = await throughFirstMeeting('yes')
    const monitoring = { monitoringOn: '2027-01-20', monitoringNotes: '' }
    expect(await h.formErrors(instanceId, 'Task_monitoring', { ...monitoring, closureProposal: 'close-violence-stopped', violenceStopped: true })).to.deep.equal({ helpPlanDone: { code: 'required' } })
    await h.complete(instanceId, 'Task_monitoring', { ...monitoring, closureProposal: 'continue' })
    expect(await h.openElementIds(instanceId)).to.deep.equal([])
    await h.advanceTo('2027-01-18T10:00:00Z') // one month after the monitoring step (clock stood at 2026-12-18 10:00)
    await h.complete(instanceId, 'Task_monitoring', { ...monitoring, closureProposal: 'close-violence-stopped', violenceStopped: true, helpPlanDone: true })
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'violence-stopped' })
  })

  it('should close as unjustified from monitoring when the group so decides', async () => {
    const { caseId, instanceId } = await throughFirstMeeting('yes')
    await h.complete(instanceId, 'Task_monitoring', { monitoringOn: '2027-01-20', closureProposal: 'close-unjustified' })
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'unjustified' })
    expect(await h.status(instanceId)).to.equal('completed')
  })
})
