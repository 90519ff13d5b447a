import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { ProcedureHarness } from '../helpers/procedure-harness.ts'
import { createUser } from '../../src/users/create-user.ts'
import { CASEWORKERS, FAMILY_ASSISTANTS } from '../../src/users/groups.ts'

describe('za-zyciem-coordination process (ustawa „Za życiem” art. 8)', function () {
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
    await createUser(db.prisma, { login: 'asystent', displayName: 'asystent', password: 'x', groups: [FAMILY_ASSISTANTS] })
    await createUser(db.prisma, { login: 'pracownik', displayName: 'pracownik', password: 'x', groups: [CASEWORKERS] })
  })

  const catalogue = (extra: Record<string, unknown>) => ({
    supportCatalogue: ['one-off-benefit', 'early-development', 'respite-care'], catalogueAgreedWithFamily: true, writtenReplySentOn: '2026-03-10', ...extra,
  })
  const contact = (institutionType: string, anotherInstitution: string) => ({
    institutionType, institutionContactedOn: '2026-03-12', contactPurpose: 'Wniosek o świadczenie dla rodziny.', contactResult: 'done', anotherInstitution,
  })
  const closure = { coordinationEndedOn: '2026-04-01', coordinationOutcome: 'completed' }

  async function toCatalogue(receivedAt = '2026-03-02') {
    const started = await h.start('za-zyciem-coordination', receivedAt, { eligibility: 'child-impairment' })
    await h.complete(started.instanceId, 'Task_chooseAssistant', { proposedAssistantLogin: 'asystent' })
    return started
  }

  it('should make the written reply due 14 days after receipt and give the catalogue to the designated assistant', async () => {
    const { instanceId } = await h.start('za-zyciem-coordination', '2026-03-02')
    const choose = await h.task(instanceId, 'Task_chooseAssistant')
    expect(choose.candidateGroups).to.deep.equal(['managers'])
    await h.complete(instanceId, 'Task_chooseAssistant', { proposedAssistantLogin: 'asystent' })
    const task = await h.task(instanceId, 'Task_catalogue')
    expect(task).to.include({ assignee: 'asystent', formKey: 'za-zyciem-catalogue' })
    expect(task.candidateGroups).to.deep.equal(['family-assistants'])
    expect(task.dueAt?.toISOString()).to.equal('2026-03-16T22:59:59.000Z')
  })

  it('should move a reply due on Independence Day (11 November) to the next day', async () => {
    const { instanceId } = await toCatalogue('2026-10-28')
    expect((await h.task(instanceId, 'Task_catalogue')).dueAt?.toISOString()).to.equal('2026-11-12T22:59:59.000Z')
    expect(await h.variables(instanceId)).to.include({ replyDueOn: '2026-11-12' })
  })

  it('should record a missed reply deadline once', async () => {
    const { caseId } = await toCatalogue()
    await h.advanceTo('2026-03-17T08:00:00Z')
    await h.advanceTo('2026-03-18T08:00:00Z')
    expect((await h.events(caseId, 'deadline-missed')).map((e) => e.data)).to.deep.equal([{ deadline: 'za-zyciem-reply', dueAt: '2026-03-16T22:59:59.000Z' }])
  })

  it('should ask for another person when the designated one is not a family assistant', async () => {
    const { instanceId } = await h.start('za-zyciem-coordination', '2026-03-02')
    await h.complete(instanceId, 'Task_chooseAssistant', { proposedAssistantLogin: 'pracownik' })
    await h.complete(instanceId, 'Task_chooseAnotherAssistant', { proposedAssistantLogin: 'asystent' })
    expect((await h.task(instanceId, 'Task_catalogue')).assignee).to.equal('asystent')
  })

  it('should not count a "Za życiem" family against the assistant\'s cap of 15 (UNCONFIRMED)', async () => {
    for (let i = 0; i < 15; i++) {
      const c = await db.prisma.case.create({ data: { procedure: 'family-assistant', receivedAt: new Date('2026-01-05') } })
      await db.prisma.caseAssignment.create({ data: { caseId: c.id, role: 'family-assistant', login: 'asystent', assignedAt: new Date('2026-01-05') } })
    }
    const { instanceId } = await toCatalogue()
    expect((await h.task(instanceId, 'Task_catalogue')).assignee).to.equal('asystent')
  })

  it('should close without any contact on the family\'s behalf when the family does not ask for it', async () => {
    const { caseId, instanceId } = await toCatalogue()
    await h.complete(instanceId, 'Task_catalogue', catalogue({ actOnBehalf: 'not-requested' }))
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_closure'])
    await h.complete(instanceId, 'Task_closure', closure)
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'coordinated' })
    expect(await h.trail(instanceId)).not.to.include('Task_contactInstitution')
  })

  it('should never reach a contact on the family\'s behalf before the written authorisation is given', async () => {
    const { instanceId } = await toCatalogue()
    await h.complete(instanceId, 'Task_catalogue', catalogue({ actOnBehalf: 'requested', writtenAuthorisation: false }))
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_obtainAuthorisation'])
    await h.complete(instanceId, 'Task_obtainAuthorisation', { actOnBehalf: 'requested', writtenAuthorisation: false })
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_obtainAuthorisation'])
    expect(await h.trail(instanceId)).not.to.include('Task_contactInstitution')
    await h.complete(instanceId, 'Task_obtainAuthorisation', { actOnBehalf: 'requested', writtenAuthorisation: true, authorisationSignedOn: '2026-03-11' })
    const task = await h.task(instanceId, 'Task_contactInstitution')
    expect(task.assignee).to.equal('asystent')
    expect(await h.variables(instanceId)).to.include({ writtenAuthorisation: true, authorisationSignedOn: '2026-03-11' })
  })

  it('should close without contacts when the family withdraws its demand instead of authorising', async () => {
    const { instanceId } = await toCatalogue()
    await h.complete(instanceId, 'Task_catalogue', catalogue({ actOnBehalf: 'requested' }))
    await h.complete(instanceId, 'Task_obtainAuthorisation', { actOnBehalf: 'not-requested' })
    expect(await h.openElementIds(instanceId)).to.deep.equal(['Task_closure'])
    expect(await h.trail(instanceId)).not.to.include('Task_contactInstitution')
  })

  it('should make one task per institution contacted and keep each contact', async () => {
    const { caseId, instanceId } = await toCatalogue()
    await h.complete(instanceId, 'Task_catalogue', catalogue({ actOnBehalf: 'requested', writtenAuthorisation: true, authorisationSignedOn: '2026-03-09' }))
    await h.complete(instanceId, 'Task_contactInstitution', contact('zus', 'yes'))
    await h.complete(instanceId, 'Task_contactInstitution', contact('health', 'yes'))
    await h.complete(instanceId, 'Task_contactInstitution', contact('early-support', 'no'))
    const contacts = await db.prisma.task.findMany({ where: { instanceId, elementId: 'Task_contactInstitution' } })
    expect(contacts.map((t) => t.status)).to.deep.equal(['completed', 'completed', 'completed'])
    expect((await h.variables(instanceId)).institutionContacts).to.deep.equal([
      { institution: 'zus', on: '2026-03-12', result: 'done' },
      { institution: 'health', on: '2026-03-12', result: 'done' },
      { institution: 'early-support', on: '2026-03-12', result: 'done' },
    ])
    await h.complete(instanceId, 'Task_closure', closure)
    expect(await h.caseRow(caseId)).to.include({ status: 'closed', outcome: 'coordinated' })
  })
})
