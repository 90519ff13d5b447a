// The case page's history says what each entry was about: an SLA escalation step names what it did and the task.
import { expect } from 'chai'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { insertCase } from '../helpers/inbox-fixtures.ts'
import { browserFor, createWebTestApp } from '../helpers/web-app.ts'

describe('web: case history entries', function () {
  let db: TestDatabase
  let app: Express

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    ;({ app } = await createWebTestApp(db))
  })

  it('should name the action and the task of an escalation step when the case page shows its history', async () => {
    const kase = await insertCase(db.prisma, { number: 'OPS.8311.7.2026' })
    const at = new Date('2026-03-09T10:00:00Z')
    await db.prisma.caseEvent.createMany({
      data: [
        { caseId: kase.id, at, type: 'sla-escalation', data: { stepId: 'remind', action: 'remind-assignee', taskName: 'Rodzinny wywiad środowiskowy', state: 'at-risk' } },
        { caseId: kase.id, at, type: 'sla-escalation', data: { stepId: 'boss', action: 'escalate-to-manager' } }, // recorded before task names were kept
      ],
    })
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get(`/cases/${kase.id}`)
    expect(page.status).to.equal(200)
    expect(page.text).to.include('przypomnij osobie przypisanej: „Rodzinny wywiad środowiskowy”')
    expect(page.text).to.include('eskaluj do kierownika')
  })
  it('should show when the decision was delivered and until when an appeal may be filed, and the outcome in words', async () => {
    const kase = await insertCase(db.prisma, { number: 'OPS.8311.8.2026' })
    await db.prisma.case.update({ where: { id: kase.id }, data: { status: 'closed', outcome: 'granted' } })
    await db.prisma.caseEvent.create({ data: { caseId: kase.id, at: new Date('2026-03-02T10:00:00Z'), type: 'decision-delivered', data: { deliveredAt: '2026-03-02', appealDeadline: '2026-03-16' } } })
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get(`/cases/${kase.id}`)
    expect(page.text).to.include('<dt>Doręczenie decyzji</dt><dd>02.03.2026; termin na odwołanie do SKO: 16.03.2026</dd>')
    expect(page.text).to.include('<dt>Rozstrzygnięcie</dt><dd>przyznano świadczenie</dd>')
  })

  it('should list the applicant\'s other cases the viewer may open and mark an open one of the same benefit as a possible duplicate', async () => {
    const PESEL = '68091065431'
    const withApplicant = async (number: string, options: { benefit?: string; ownerGroup?: string; status?: string; role?: string } = {}) => {
      const kase = await insertCase(db.prisma, { number, benefit: options.benefit ?? 'zasilek-okresowy', ownerGroup: options.ownerGroup })
      if (options.status) await db.prisma.case.update({ where: { id: kase.id }, data: { status: options.status } })
      await db.prisma.person.create({ data: { caseId: kase.id, role: options.role ?? 'applicant', pesel: PESEL, firstName: 'Halina', lastName: 'Powtórna' } })
      return kase
    }
    const current = await withApplicant('OPS.8311.20.2026')
    await withApplicant('OPS.8311.21.2026') // the same benefit, still open: a second application
    await withApplicant('OPS.8311.22.2026', { benefit: 'zasilek-celowy', status: 'closed' })
    await withApplicant('OPS.8311.23.2026', { role: 'household' })
    await withApplicant('NK.1.2026', { ownerGroup: 'blue-card-team' }) // not for caseworkers
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get(`/cases/${current.id}`)
    expect(page.text).to.include('Inne sprawy wnioskodawcy (ten sam PESEL)')
    const section = page.text.slice(page.text.indexOf('id="case-related"'), page.text.indexOf('</section>', page.text.indexOf('id="case-related"')))
    const items = [...section.matchAll(/<li><a href="\/cases\/[^"]+">([^<]+)<\/a>([^\n]*)<\/li>/g)].map((m) => [m[1], m[2]!.includes('możliwy duplikat')])
    expect(items).to.have.deep.members([['OPS.8311.21.2026', true], ['OPS.8311.22.2026', false], ['OPS.8311.23.2026', true]])
    expect(page.text).not.to.include('NK.1.2026')
    expect(page.text).to.include('jako członek gospodarstwa domowego')
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.related-read' } })
    expect(audit).to.include({ caseId: current.id })
    expect(audit.details).to.deep.equal({ count: 3 })
  })
})
