// The benefit application after the income assessment: the draft checked against the statutory amounts, four-eyes
// approval, delivery, the 14-day appeal window (KPA art. 129, 57), appeal with self-control (art. 132) or SKO,
// finality, payments from the month of the application (UPS art. 106(3)) and the six-monthly interview update.
import { expect } from 'chai'
import { FakeClock } from '../../engine/clock.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { BenefitProcessHarness, grantDraft, INTERVIEW, refuseDraft } from '../helpers/benefit-process.ts'

describe('benefit-application process: decision, delivery, appeal, payments', function () {
  let db: TestDatabase
  let h: BenefitProcessHarness

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  afterEach(async () => h?.engine.stop())
  beforeEach(async () => {
    await db.reset()
    // Monday 2 March 2026, 10:00 in Warsaw
    h = await new BenefitProcessHarness(db, new FakeClock('2026-03-02T09:00:00Z')).setUp()
  })

  /** Interview, draft, approval: the decision is issued on 2026-03-02 and waits for its delivery. */
  async function issued(receivedAt: string, options: Parameters<BenefitProcessHarness['startCase']>[1], draft: Record<string, unknown>) {
    const started = await h.startCase(receivedAt, options)
    await h.complete(started.instanceId, 'Task_familyInterview', INTERVIEW)
    await h.complete(started.instanceId, 'Task_draftDecision', draft)
    await h.complete(started.instanceId, 'Task_approveDecision', { approvalDecision: 'approve' }, 'kierownik')
    return started
  }

  describe('assessment and draft', () => {
    it('should put the statutory range of zasiłek okresowy and a summary into the draft when the family is eligible (art. 38)', async () => {
      const { instanceId } = await h.startCase('2026-03-02', { incomes: [900, 0] })
      await h.complete(instanceId, 'Task_familyInterview', INTERVIEW)
      const draftTask = await h.openTask(instanceId)
      expect(draftTask.elementId).to.equal('Task_draftDecision')
      const v = draftTask.variables as Record<string, unknown>
      // family criterion 2 × 823 = 1646; gap 746; at least 50% = 373
      expect(v).to.include({ benefitEligible: true, benefitAmount: null, benefitMinimumAmount: 373, benefitMaximumAmount: 746, applicantIncome: 900, householdCriterion: 1646 })
      expect(v.assessmentSummary).to.be.a('string').and.include('od 373,00 zł do 746,00 zł')
      expect(v.proposedAmount).to.equal(undefined)
    })

    it('should propose the amount the law fixes for zasiłek stały of a single person (art. 37)', async () => {
      const { instanceId } = await h.startCase('2026-03-02', { benefit: 'zasilek-staly', incomes: [500] })
      await h.complete(instanceId, 'Task_familyInterview', INTERVIEW)
      const v = (await h.openTask(instanceId)).variables as Record<string, unknown>
      // 130% × 1010 − 500 = 813
      expect(v).to.include({ benefitEligible: true, benefitAmount: 813, proposedAmount: 813, benefitMinimumAmount: null })
    })

    it('should send the draft back with the problem when the okresowy amount is outside the statutory range', async () => {
      const { instanceId } = await h.startCase('2026-03-02', { incomes: [900, 0] })
      await h.complete(instanceId, 'Task_familyInterview', INTERVIEW)
      await h.complete(instanceId, 'Task_draftDecision', grantDraft(372.99, 3))
      const again = await h.openTask(instanceId)
      expect(again.elementId).to.equal('Task_draftDecision')
      expect((again.variables as Record<string, unknown>).draftProblem).to.include('od 373,00 zł do 746,00 zł')
      await h.complete(instanceId, 'Task_draftDecision', grantDraft(373, 3))
      const approval = await h.openTask(instanceId)
      expect(approval.elementId).to.equal('Task_approveDecision')
      expect((await h.vars(instanceId)).draftProblem).to.equal(null)
    })

    it('should refuse to pass a grant to approval when the income is not below the criterion', async () => {
      const { instanceId } = await h.startCase('2026-03-02', { householdSize: 1, incomes: [1010] })
      await h.complete(instanceId, 'Task_familyInterview', INTERVIEW)
      await h.complete(instanceId, 'Task_draftDecision', grantDraft(100, 1))
      const again = await h.openTask(instanceId)
      expect(again.elementId).to.equal('Task_draftDecision')
      expect((again.variables as Record<string, unknown>).draftProblem).to.include('tylko odmowa')
    })

    it('should issue the decision dated today and wait for delivery with no open task', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { incomes: [900, 0] }, grantDraft(400, 3))
      expect(await h.openTasks(instanceId)).to.have.length(0)
      expect(await h.vars(instanceId)).to.include({ decisionIssuedDate: '2026-03-02', decisionRound: 1, decisionOutcome: 'grant', decisionAmount: 400, decisionPeriodFrom: '2026-03', decisionPeriodTo: '2026-05' })
      const [event] = await h.events(caseId, 'decision-issued')
      expect(event.data).to.deep.equal({ round: 1, outcome: 'grant', benefit: 'zasilek-okresowy', amount: 400, periodFrom: '2026-03', periodTo: '2026-05' })
      expect(await db.prisma.messageSubscription.count({ where: { messageName: 'decision-delivered', correlationKey: caseId, status: 'open' } })).to.equal(1)
    })
  })

  describe('dates that must follow another (the service steps check them too)', () => {
    it('should send the interview back with the problem when it is dated before the application was received', async () => {
      const { instanceId } = await h.startCase('2026-03-02', { incomes: [900, 0] })
      await h.complete(instanceId, 'Task_familyInterview', { ...INTERVIEW, interviewDate: '2026-02-27' })
      expect((await h.openTask(instanceId)).elementId).to.equal('Task_familyInterview')
      expect(await h.vars(instanceId)).to.include({
        interviewProblem: 'Data wywiadu (27.02.2026) jest wcześniejsza niż data wpływu wniosku (02.03.2026): popraw datę wywiadu.',
      })
      expect(await h.vars(instanceId)).not.to.have.property('benefitEligible')
      await h.complete(instanceId, 'Task_familyInterview', { ...INTERVIEW, interviewDate: '2026-03-02' })
      expect((await h.openTask(instanceId)).elementId).to.equal('Task_draftDecision')
      expect(await h.vars(instanceId)).to.include({ interviewProblem: null })
    })

    it('should stop with an incident, not start the appeal period, when the delivery is dated before the decision was issued', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { incomes: [900, 0] }, grantDraft(400, 3))
      await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-01' })
      expect(await h.instanceStatus(instanceId)).to.equal('incident')
      expect(await h.events(caseId, 'decision-delivered')).to.have.length(0)
      expect(await h.vars(instanceId)).to.include({ appealDeadlineDate: null })
    })

    it('should stop with an incident, not record the appeal, when the appeal is dated before the delivery', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { incomes: [900, 0] }, grantDraft(400, 3))
      await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-05' })
      await h.complete(instanceId, 'Task_appealWindow', { appealFiledAt: '2026-03-04' })
      expect(await h.instanceStatus(instanceId)).to.equal('incident')
      expect(await h.events(caseId, 'appeal-filed')).to.have.length(0)
    })

    it('should send a draft with a third decimal back instead of issuing a rounded amount', async () => {
      const { caseId, instanceId } = await h.startCase('2026-03-02', { incomes: [900, 0] })
      await h.complete(instanceId, 'Task_familyInterview', INTERVIEW)
      await h.complete(instanceId, 'Task_draftDecision', grantDraft(300.004, 3))
      expect((await h.openTask(instanceId)).elementId).to.equal('Task_draftDecision')
      expect(await h.vars(instanceId)).to.include({ draftProblem: 'Kwota może mieć najwyżej 2 miejsca po przecinku (grosze).' })
      expect(await h.events(caseId, 'decision-issued')).to.have.length(0)
    })
  })

  describe('granted → delivered → appeal period passes → final', () => {
    it('should make the decision final after the 14th day from delivery, schedule payments from the application month and close the case', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { incomes: [900, 0] }, grantDraft(400, 3))
      expect(await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-05' })).to.equal(1)
      // Thursday 5 March + 14 days = Thursday 19 March, end of day in Warsaw (CET)
      expect(await h.vars(instanceId)).to.include({ appealDeadlineDate: '2026-03-19', appealDeadlineAt: '2026-03-19T22:59:59.000Z' })
      const window = await h.openTask(instanceId)
      expect(window).to.include({ elementId: 'Task_appealWindow', priority: 25 })
      expect(window.dueAt?.toISOString()).to.equal('2026-03-19T22:59:59.000Z')

      await h.at('2026-03-19T22:59:00Z')
      expect((await h.openTask(instanceId)).elementId).to.equal('Task_appealWindow')
      expect(await h.events(caseId, 'decision-final')).to.have.length(0)

      await h.at('2026-03-19T23:00:00Z')
      expect(await h.openTasks(instanceId)).to.have.length(0)
      expect(await h.vars(instanceId)).to.include({ decisionFinal: true, decisionFinalDate: '2026-03-20', decisionFinalReason: 'appeal-period-expired' })
      expect(await h.payments(caseId)).to.deep.equal([
        { month: '2026-03', amount: 400, status: 'planned', benefit: 'zasilek-okresowy' },
        { month: '2026-04', amount: 400, status: 'planned', benefit: 'zasilek-okresowy' },
        { month: '2026-05', amount: 400, status: 'planned', benefit: 'zasilek-okresowy' },
      ])
      expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ status: 'closed', outcome: 'granted' })
      // 3 months end before the update due on 2 September: no interview update, the procedure ends
      expect(await h.instanceStatus(instanceId)).to.equal('completed')
      expect((await h.events(caseId)).map((e) => e.type)).to.include.members(['decision-issued', 'decision-delivered', 'decision-final', 'payments-scheduled', 'closed'])
    })

    it('should move the end of the appeal period past a weekend and a holiday (KPA art. 57 § 5)', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { incomes: [900, 0] }, grantDraft(400, 3))
      // Sunday 22 March + 14 = Sunday 5 April (Easter), Monday 6 April is Easter Monday → Tuesday 7 April (CEST)
      await h.at('2026-03-23T08:00:00Z')
      expect(await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-22' })).to.equal(1)
      expect(await h.vars(instanceId)).to.include({ appealDeadlineDate: '2026-04-07', appealDeadlineAt: '2026-04-07T21:59:59.000Z' })
    })

    it('should schedule zasiłek stały without an end up to the interview update and create "Aktualizacja wywiadu" 6 months after the decision', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { benefit: 'zasilek-staly', incomes: [500] }, grantDraft(813, null))
      await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-05' })
      await h.at('2026-03-20T08:00:00Z')
      // addPeriod(2026-03-02, 6 months) = Wednesday 2 September 2026
      expect(await h.vars(instanceId)).to.include({ interviewReviewDate: '2026-09-02', interviewReviewNeeded: true, paymentsScheduledThrough: '2026-09' })
      const payments = await h.payments(caseId)
      expect(payments.map((p) => p.month)).to.deep.equal(['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'])
      expect(payments.every((p) => p.amount === 813)).to.equal(true)
      expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ status: 'closed', outcome: 'granted' })
      expect(await h.openTasks(instanceId)).to.have.length(0)

      await h.at('2026-09-01T21:59:00Z')
      expect(await h.openTasks(instanceId)).to.have.length(0)
      await h.at('2026-09-01T22:00:00Z')
      const update = await h.openTask(instanceId)
      expect(update).to.include({ elementId: 'Task_interviewUpdate', name: 'Aktualizacja wywiadu', formKey: 'interview-update' })
      expect(update.candidateGroups).to.deep.equal(['caseworkers'])
      // 14 working days after Wednesday 2 September: Tuesday 22 September, end of day (CEST)
      expect(update.dueAt?.toISOString()).to.equal('2026-09-22T21:59:59.000Z')

      await h.complete(instanceId, 'Task_interviewUpdate', { reviewDate: '2026-09-10', reviewOutcome: 'continue', reviewNotes: 'Sytuacja bez zmian.' })
      // next update 2 March 2027 (Tuesday); payments extended to March 2027, nothing written twice
      expect(await h.vars(instanceId)).to.include({ interviewReviewDate: '2027-03-02', paymentsScheduledThrough: '2027-03' })
      const extended = await h.payments(caseId)
      expect(extended).to.have.length(13)
      expect(extended.at(-1)!.month).to.equal('2027-03')
      expect(await h.instanceStatus(instanceId)).to.equal('waiting')
    })

    it('should end the follow-up with a history entry when the interview update finds a change', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { benefit: 'zasilek-okresowy', incomes: [900, 0] }, grantDraft(500, 12))
      await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-05' })
      await h.at('2026-09-02T08:00:00Z')
      await h.complete(instanceId, 'Task_interviewUpdate', { reviewDate: '2026-09-03', reviewOutcome: 'change', reviewNotes: 'Wnioskodawca podjął pracę.' })
      expect(await h.events(caseId, 'interview-update-change')).to.have.length(1)
      expect(await h.instanceStatus(instanceId)).to.equal('completed')
      expect(await h.payments(caseId)).to.have.length(12)
    })

    it('should schedule one payment in the decision month for zasiłek celowy', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { benefit: 'zasilek-celowy', incomes: [900, 0] }, grantDraft(250, null, { benefitPurpose: 'zakup leków' }))
      await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-03' })
      await h.at('2026-03-18T08:00:00Z')
      expect(await h.payments(caseId)).to.deep.equal([{ month: '2026-03', amount: 250, status: 'planned', benefit: 'zasilek-celowy' }])
      expect(await h.instanceStatus(instanceId)).to.equal('completed')
    })
  })

  describe('refused', () => {
    it('should close the case as refused with no payments once the refusal is final', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { householdSize: 1, incomes: [2000] }, refuseDraft)
      expect(await h.vars(instanceId)).to.include({ benefitEligible: false, decisionOutcome: 'refuse' })
      await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-04' })
      await h.at('2026-03-18T23:00:00Z')
      expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ status: 'closed', outcome: 'refused' })
      expect(await h.payments(caseId)).to.deep.equal([])
      expect(await h.instanceStatus(instanceId)).to.equal('completed')
    })
  })

  describe('appeal', () => {
    async function appealed() {
      const started = await issued('2026-03-02', { incomes: [900, 0] }, grantDraft(400, 3))
      await h.publish('decision-delivered', started.caseId, { deliveredAt: '2026-03-05' })
      await h.at('2026-03-10T09:00:00Z')
      expect(await h.publish('appeal-filed', started.caseId, { appealFiledAt: '2026-03-10' })).to.equal(1)
      return started
    }

    it('should put the appeal before a manager due 7 days after filing and cancel the appeal window', async () => {
      const { caseId, instanceId } = await appealed()
      const review = await h.openTask(instanceId)
      expect(review).to.include({ elementId: 'Task_reviewAppeal', name: 'Rozpatrzenie odwołania (art. 132 KPA)', formKey: 'appeal-review' })
      expect(review.candidateGroups).to.deep.equal(['managers'])
      expect(review.dueAt?.toISOString()).to.equal('2026-03-17T22:59:59.000Z')
      expect((await h.events(caseId, 'appeal-filed'))[0].data).to.deep.equal({ filedAt: '2026-03-10', forwardDue: '2026-03-17', round: 1 })
      // the appeal window's timer was canceled: nothing becomes final when its time comes
      await h.at('2026-03-20T08:00:00Z')
      expect(await h.events(caseId, 'decision-final')).to.have.length(0)
      expect((await h.openTask(instanceId)).elementId).to.equal('Task_reviewAppeal')
    })

    it('should open the appeal path when a caseworker registers the appeal in the appeal window task', async () => {
      const { caseId, instanceId } = await issued('2026-03-02', { incomes: [900, 0] }, grantDraft(400, 3))
      await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-05' })
      await h.complete(instanceId, 'Task_appealWindow', { appealFiledAt: '2026-03-09' })
      expect((await h.openTask(instanceId)).elementId).to.equal('Task_reviewAppeal')
      expect(await h.events(caseId, 'appeal-filed')).to.have.length(1)
    })

    it('should go back to a new decision draft when the manager grants the appeal itself (art. 132), and issue round 2', async () => {
      const { caseId, instanceId } = await appealed()
      await h.complete(instanceId, 'Task_reviewAppeal', { appealResolution: 'self-grant', appealReviewComment: 'Odwołanie zasadne w całości.' }, 'kierownik')
      expect((await h.openTask(instanceId)).elementId).to.equal('Task_draftDecision')
      expect(await h.events(caseId, 'appeal-self-granted')).to.have.length(1)

      await h.complete(instanceId, 'Task_draftDecision', grantDraft(746, 3))
      await h.complete(instanceId, 'Task_approveDecision', { approvalDecision: 'approve' }, 'kierownik')
      expect(await h.vars(instanceId)).to.include({ decisionRound: 2, decisionAmount: 746, deliveredAt: null, appealFiledAt: null })
      await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-12' })
      await h.at('2026-03-27T08:00:00Z')
      expect(await h.payments(caseId)).to.have.length(3)
      expect((await h.payments(caseId))[0].amount).to.equal(746)
      expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ outcome: 'granted' })
    })

    it('should forward the file to SKO and make the decision final on the day SKO upholds it', async () => {
      const { caseId, instanceId } = await appealed()
      await h.complete(instanceId, 'Task_reviewAppeal', { appealResolution: 'forward', appealReviewComment: 'Brak podstaw do uwzględnienia.' }, 'kierownik')
      const forward = await h.openTask(instanceId)
      expect(forward).to.include({ elementId: 'Task_forwardToSko', name: 'Przekazanie akt do SKO', formKey: 'sko-forwarding' })
      expect(forward.candidateGroups).to.deep.equal(['caseworkers'])
      expect(forward.dueAt?.toISOString()).to.equal('2026-03-17T22:59:59.000Z')
      await h.complete(instanceId, 'Task_forwardToSko', { skoForwardedAt: '2026-03-16' })
      expect(await h.openTasks(instanceId)).to.have.length(0)

      await h.at('2026-04-21T08:00:00Z')
      expect(await h.publish('sko-ruling', caseId, { skoRuling: 'upheld', skoRuledAt: '2026-04-20' })).to.equal(1)
      expect((await h.events(caseId, 'sko-ruling'))[0].data).to.deep.equal({ ruling: 'upheld', ruledAt: '2026-04-20', round: 1 })
      expect(await h.vars(instanceId)).to.include({ decisionFinal: true, decisionFinalDate: '2026-04-20', decisionFinalReason: 'sko-upheld' })
      expect((await h.payments(caseId)).map((p) => p.month)).to.deep.equal(['2026-03', '2026-04', '2026-05'])
      expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ status: 'closed', outcome: 'granted' })
    })

    it('should return the case for a new decision when SKO overturns it', async () => {
      const { caseId, instanceId } = await appealed()
      await h.complete(instanceId, 'Task_reviewAppeal', { appealResolution: 'forward', appealReviewComment: 'Brak podstaw do uwzględnienia.' }, 'kierownik')
      await h.complete(instanceId, 'Task_forwardToSko', { skoForwardedAt: '2026-03-16' })
      await h.at('2026-04-21T08:00:00Z')
      await h.publish('sko-ruling', caseId, { skoRuling: 'overturned', skoRuledAt: '2026-04-20' })
      expect((await h.openTask(instanceId)).elementId).to.equal('Task_draftDecision')
      expect(await h.payments(caseId)).to.deep.equal([])
      expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ status: 'open' })
    })

    it('should ignore an appeal message once the decision is final', async () => {
      const { caseId } = await issued('2026-03-02', { incomes: [900, 0] }, grantDraft(400, 3))
      await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-05' })
      await h.at('2026-03-20T08:00:00Z')
      expect(await h.publish('appeal-filed', caseId, { appealFiledAt: '2026-03-19' })).to.equal(0)
    })
  })

  it('should keep a case waiting in the appeal window across an engine restart and still make it final', async () => {
    const { caseId, instanceId } = await issued('2026-03-02', { incomes: [900, 0] }, grantDraft(400, 3))
    await h.publish('decision-delivered', caseId, { deliveredAt: '2026-03-05' })
    h.engine = await h.newEngine() // the first engine is dropped without stopping, as a killed process would be
    await h.at('2026-03-20T08:00:00Z')
    expect(await h.vars(instanceId)).to.include({ decisionFinal: true })
  })
})
