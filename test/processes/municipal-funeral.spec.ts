import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { ProcedureHarness } from '../helpers/procedure-harness.ts'
import { FUNERAL_SERVICES } from '../../domain/municipal-funeral.ts'
import { loadForm } from '../../src/inbox/get-task.ts'

describe('municipal-funeral process (UPS art. 17(1)(15), 44, 96(3))', function () {
  let db: TestDatabase
  let h: ProcedureHarness

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  afterEach(async () => h?.stop())
  beforeEach(async () => {
    await db.reset()
    h = await ProcedureHarness.create(db, '2026-01-12T09:00:00Z')
  })

  const relatives = (familyArranges: string) => ({
    relativesSources: ['civil-registry', 'residents-register'], familyArranges,
    ...(familyArranges === 'no' ? { responsibleMunicipalityBasis: 'place-of-death' } : {}),
  })
  const manner = (funeralKind: string) => ({ deceasedReligion: 'roman-catholic', cemetery: 'Cmentarz komunalny, ul. Cmentarna', funeralKind })
  const order = (kind: 'burial' | 'cremation') => ({
    funeralServicesOrdered: FUNERAL_SERVICES[kind].map((i) => i.key), funeralOrderedOn: '2026-01-12', funeralOrderReference: 'ZP/1/2026',
  })
  const invoice = (invoiceAmount: number) => ({ invoiceNumber: 'FV 12/2026', invoiceAmount, invoicePaidOn: '2026-01-20' })

  async function toZusClaim(dateOfDeath: string, kind: 'burial' | 'cremation', cost: number) {
    const started = await h.start('municipal-funeral', '2026-01-12', { dateOfDeath })
    await h.complete(started.instanceId, 'Task_establishRelatives', relatives('no'))
    await h.complete(started.instanceId, 'Task_funeralManner', manner(kind))
    await h.complete(started.instanceId, kind === 'burial' ? 'Task_orderBurial' : 'Task_orderCremation', order(kind))
    await h.complete(started.instanceId, 'Task_payInvoice', invoice(cost))
    return started
  }

  it('should end as "family arranges" when a relative arranges the funeral', async () => {
    const { caseId, instanceId } = await h.start('municipal-funeral', '2026-01-12', { dateOfDeath: '2026-01-09' })
    expect((await h.task(instanceId, 'Task_establishRelatives')).candidateGroups).to.deep.equal(['caseworkers'])
    await h.complete(instanceId, 'Task_establishRelatives', relatives('yes'))
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'family-arranges' })
    expect(await h.status(instanceId)).to.equal('completed')
  })

  it('should ask on which basis the municipality is responsible when it arranges the funeral (rule UNCONFIRMED)', async () => {
    const { instanceId } = await h.start('municipal-funeral', '2026-01-12')
    expect(await h.formErrors(instanceId, 'Task_establishRelatives', { relativesSources: ['interview'], familyArranges: 'no' }))
      .to.deep.equal({ responsibleMunicipalityBasis: { code: 'required' } })
  })

  it('should list exactly the burial services on the burial order and the cremation services on the cremation order', async () => {
    for (const kind of ['burial', 'cremation'] as const) {
      const form = await loadForm({ prisma: db.prisma, clock: h.clock }, `funeral-order-${kind}`)
      const checklist = form!.components.find((c) => c.key === 'funeralServicesOrdered')!
      expect(checklist.values!.map((v) => [v.value, v.label])).to.deep.equal(FUNERAL_SERVICES[kind].map((i) => [i.key, i.label]))
    }
  })

  it('should record the religion and order a cremation from the funeral home when cremation is chosen', async () => {
    const { instanceId } = await h.start('municipal-funeral', '2026-01-12', { dateOfDeath: '2026-01-09' })
    await h.complete(instanceId, 'Task_establishRelatives', relatives('no'))
    await h.complete(instanceId, 'Task_funeralManner', { ...manner('cremation'), deceasedReligion: 'orthodox' })
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_orderCremation'])
    expect(await h.variables(instanceId)).to.include({ deceasedReligion: 'orthodox', funeralKind: 'cremation', responsibleMunicipalityBasis: 'place-of-death' })
    await h.complete(instanceId, 'Task_orderCremation', order('cremation'))
    expect((await h.task(instanceId, 'Task_payInvoice')).candidateGroups).to.deep.equal(['managers'])
  })

  it('should claim at most 4 000 zł from ZUS and the rest from the estate when the death was in 2025', async () => {
    const { caseId, instanceId } = await toZusClaim('2025-12-30', 'burial', 5200)
    expect(await h.variables(instanceId)).to.include({ funeralAllowanceCap: 4000, zusClaimAmount: 4000 })
    await h.complete(instanceId, 'Task_claimZus', { zusClaimFiledOn: '2026-01-21', zusDecision: 'paid', zusAmountReceived: 4000 })
    expect(await h.variables(instanceId)).to.include({ outstandingAfterZus: 1200 })
    await h.complete(instanceId, 'Task_recoverFromEstate', { estateOutcome: 'recovered', estateAmountRecovered: 1200, estateClosedOn: '2026-06-30' })
    expect(await h.variables(instanceId)).to.include({ unrecoveredCost: 0 })
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'funeral-arranged' })
  })

  it('should claim the whole cost up to 7 000 zł and skip the estate when the death was in 2026 and ZUS paid it', async () => {
    const { caseId, instanceId } = await toZusClaim('2026-01-02', 'burial', 5200)
    expect(await h.variables(instanceId)).to.include({ funeralAllowanceCap: 7000, zusClaimAmount: 5200 })
    await h.complete(instanceId, 'Task_claimZus', { zusClaimFiledOn: '2026-01-21', zusDecision: 'paid', zusAmountReceived: 5200 })
    expect(await h.trail(instanceId)).not.to.include('Task_recoverFromEstate')
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'funeral-arranged' })
  })

  it('should take the date of receipt when the date of death is not given', async () => {
    const { instanceId } = await toZusClaim('', 'burial', 8000)
    expect(await h.variables(instanceId)).to.include({ dateOfDeath: '2026-01-12', funeralAllowanceCap: 7000, zusClaimAmount: 7000 })
  })

  it('should seek the whole cost from the estate when ZUS refuses, and record what stays unrecovered', async () => {
    const { caseId, instanceId } = await toZusClaim('2026-01-05', 'cremation', 3900.5)
    await h.complete(instanceId, 'Task_claimZus', { zusClaimFiledOn: '2026-01-21', zusDecision: 'refused', zusAmountReceived: 3900.5 })
    expect(await h.variables(instanceId)).to.include({ outstandingAfterZus: 3900.5 })
    await h.complete(instanceId, 'Task_recoverFromEstate', { estateOutcome: 'no-estate', estateClosedOn: '2026-05-04' })
    expect(await h.variables(instanceId)).to.include({ unrecoveredCost: 3900.5 })
    expect((await h.caseRow(caseId)).status).to.equal('closed')
  })

  it('should send the ZUS answer back when ZUS is said to have paid more than could be claimed', async () => {
    const { instanceId } = await toZusClaim('2025-12-30', 'burial', 5200)
    await h.complete(instanceId, 'Task_claimZus', { zusClaimFiledOn: '2026-01-21', zusDecision: 'paid', zusAmountReceived: 4500 })
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_claimZus'])
    expect(await h.trail(instanceId)).to.include('Error_zusAmountInvalid')
    await h.complete(instanceId, 'Task_claimZus', { zusClaimFiledOn: '2026-01-21', zusDecision: 'paid', zusAmountReceived: 4000 })
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_recoverFromEstate'])
  })
})
