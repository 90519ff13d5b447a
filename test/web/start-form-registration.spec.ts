// Each procedure registers with its own form (issue 15; issue 13 item 5): the start event's form drives the
// registration page and POST /api/cases, its values are stored on the case, only the fields it marks as process
// variables reach the procedure, and the case page shows them. On the engine under test, with the processes folder.
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { restrictedAssignmentGuard } from '../../src/procedures/check-restricted-assignments.ts'
import { createUser } from '../../src/users/create-user.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { createTestEngine, stopTestEngine, type TestEngine } from '../helpers/engine-under-test.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, TEST_NOW, tokenFor } from '../helpers/web-app.ts'
import { APPLICANT_PESEL } from '../helpers/web-fixtures.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { blueCardRegistration, crisisRegistration, DECEASED_PESEL, familyAssistantRegistration, funeralRegistration, PERPETRATOR_PESEL, zaZyciemRegistration } from '../helpers/start-form-fixtures.ts'

describe('web: a procedure registers with its start form', function () {
  this.timeout(120_000)
  let db: TestDatabase
  let app: Express
  let engine: TestEngine | null = null
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const clock = new FakeClock(TEST_NOW)
    engine = await createTestEngine({
      prisma: db.prisma,
      clock,
      handlers: createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' }),
      deploymentGuard: restrictedAssignmentGuard(db.prisma),
    })
    await deployProcessesFolder(engine)
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    await createUser(db.prisma, { login: 'zespol', displayName: 'Członek GDP', password: 'demo', groups: ['caseworkers', 'blue-card-team'] })
    for (const login of ['kierownik', 'pracownik', 'zespol']) tokens[login] = await tokenFor(app, login)
  })
  afterEach(async () => {
    await stopTestEngine(engine)
    engine = null
  })

  const post = (p: string, login: string, body: object = {}) => request(app).post(p).set(bearer(tokens[login])).send(body)
  const get = (p: string, login: string) => request(app).get(p).set(bearer(tokens[login]))

  /** Every variable the case's instance has or had: what the procedure saw. */
  async function instanceVariables(caseId: string): Promise<string> {
    await engine!.idle()
    const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })
    const instances = await db.prisma.processInstance.findMany({ where: { businessKey: caseId } })
    const tasks = await db.prisma.task.findMany({ where: { caseId } })
    return JSON.stringify([kase.variables, instances.map((i) => i.variables), tasks.map((t) => t.variables)])
  }

  describe('Blue Card (form A)', () => {
    it('should answer 201, store the form values on the case and make the victim the case person when the API gets a good form A', async () => {
      const res = await post('/api/cases', 'pracownik', blueCardRegistration())
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
      const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: res.body.id }, include: { persons: true } })
      expect(kase.ownerGroup).to.equal('blue-card-team')
      expect(kase.persons.map((p) => ({ role: p.role, pesel: p.pesel, lastName: p.lastName }))).to.deep.equal([{ role: 'applicant', pesel: APPLICANT_PESEL, lastName: 'Nowak' }])
      const stored = kase.startForm as { formId: string; version: number; values: Record<string, unknown> }
      expect(stored).to.include({ formId: 'blue-card-start', version: 1 })
      expect(stored.values).to.include({ perpetratorFirstName: 'Jan', perpetratorPesel: PERPETRATOR_PESEL, childrenInHousehold: 2, perpetratorPresent: false })
    })

    it('should pass only the marked yes/no, number and choice fields to the procedure and never a name or PESEL when a Blue Card is registered', async () => {
      const res = await post('/api/cases', 'zespol', blueCardRegistration())
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
      const variables = (await db.prisma.case.findUniqueOrThrow({ where: { id: res.body.id } })).variables as Record<string, unknown>
      expect(variables).to.include({ perpetratorPresent: false, perpetratorLivesWithVictim: true, childrenInHousehold: 2, childWitnessed: true, filledByInstitution: 'police' })
      const seen = await instanceVariables(res.body.id)
      for (const personal of [APPLICANT_PESEL, PERPETRATOR_PESEL, 'Anna', 'Nowak', 'Jan', 'Kowalski', 'mąż']) expect(seen, personal).not.to.include(personal)
      // the absent perpetrator's notice is due: the procedure decided on the form's flag
      const tasks = await db.prisma.task.findMany({ where: { caseId: res.body.id, status: 'open' } })
      expect(tasks.map((t) => t.elementId)).to.include('Task_notifyPerpetrator')
    })

    it('should answer 422 naming the field when form A has an invalid PESEL or misses a required field', async () => {
      const res = await post('/api/cases', 'pracownik', blueCardRegistration({ perpetratorPesel: '12345678901', filledByInstitution: undefined }))
      expect(res.status).to.equal(422)
      expect(res.body.error.code).to.equal('VALIDATION_FAILED')
      expect(res.body.error.fields['form.perpetratorPesel']).to.equal('Nieprawidłowy PESEL')
      expect(res.body.error.fields['form.filledByInstitution']).to.equal('Pole wymagane')
      expect(await db.prisma.case.count()).to.equal(0)
    })

    it('should answer 422 when a Blue Card is sent in the benefit application\'s shape', async () => {
      const res = await post('/api/cases', 'pracownik', {
        procedure: 'blue-card',
        receivedAt: '2026-03-09',
        applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' },
        variables: { perpetratorPresent: false },
      })
      expect(res.status).to.equal(422)
      expect(Object.keys(res.body.error.fields)).to.include.members(['applicant', 'variables', 'form'])
    })

    it('should render form A on the registration page, register it from the page and show its data on the case page', async () => {
      const { agent, csrf } = await browserFor(app, 'zespol')
      const page = await agent.get('/cases/new?procedure=blue-card')
      expect(page.status).to.equal(200)
      expect(page.text).to.include('name="form.perpetratorPresent"').and.include('Osoba stosująca przemoc była obecna przy wypełnianiu formularza A')
      expect(page.text).not.to.include('name="benefit"').and.not.include('name="household[0].pesel"').and.not.include('Wnioskodawca')

      const refused = await agent.post('/cases').type('form').send({
        _csrf: csrf, idempotencyKey: 'c7e3b1d2-5a8f-4c6e-9b0a-1d2e3f4a5b6c', procedure: 'blue-card', receivedAt: '2026-03-09',
        'form.victimFirstName': 'Anna', 'form.victimLastName': 'Nowak', 'form.victimPesel': '123',
      })
      expect(refused.status).to.equal(422)
      expect(refused.text).to.include('value="Anna"').and.include('aria-invalid="true"')
      expect(refused.text).to.include('id="r-f4-victimPesel-error"')

      const fields = blueCardRegistration().form as Record<string, unknown>
      const typed: Record<string, string> = {}
      for (const [key, value] of Object.entries(fields)) if (value !== false) typed[`form.${key}`] = value === true ? 'true' : String(value)
      const res = await agent.post('/cases').type('form').send({
        _csrf: csrf, idempotencyKey: 'c7e3b1d2-5a8f-4c6e-9b0a-1d2e3f4a5b6c', procedure: 'blue-card', receivedAt: '2026-03-09', ...typed,
      })
      expect(res.status, res.text.slice(0, 800)).to.equal(303)
      const caseId = /\/cases\/([^/?]+)/.exec(res.headers.location)![1]
      const stored = (await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).startForm as { values: Record<string, unknown> }
      expect(stored.values).to.include({ perpetratorPresent: false, childrenInHousehold: 2, filledByInstitution: 'police' })

      const before = await db.prisma.auditEvent.count({ where: { action: 'case.read', caseId } })
      const casePage = await agent.get(`/cases/${caseId}`)
      expect(casePage.status).to.equal(200)
      expect(casePage.text).to.include('Dane z rejestracji').and.include('Nazwisko osoby stosującej przemoc').and.include('Policja')
      expect(casePage.text).to.include('Osoba, której dotyczy sprawa')
      expect(await db.prisma.auditEvent.count({ where: { action: 'case.read', caseId } })).to.equal(before + 1)
    })

    it('should escape the registration data on the case page', async () => {
      const res = await post('/api/cases', 'zespol', blueCardRegistration({ perpetratorRelation: '<script>alert(1)</script>' }))
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
      const { agent } = await browserFor(app, 'zespol')
      const page = await agent.get(`/cases/${res.body.id}`)
      expect(page.text).not.to.include('<script>alert(1)</script>')
      expect(page.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;')
    })
  })

  describe('municipal funeral', () => {
    it('should answer 201 with the deceased as the case person and dateOfDeath as the only date passed on when the API gets a good report', async () => {
      const res = await post('/api/cases', 'pracownik', funeralRegistration())
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
      const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: res.body.id }, include: { persons: true } })
      expect(kase.persons.map((p) => p.pesel)).to.deep.equal([DECEASED_PESEL])
      expect(kase.variables).to.include({ dateOfDeath: '2026-03-05', relativesKnown: false, reporterKind: 'hospital' })
      const seen = await instanceVariables(res.body.id)
      for (const personal of [DECEASED_PESEL, 'Wiśniewski', 'Szpital Miejski']) expect(seen, personal).not.to.include(personal)
    })

    it('should answer 422 naming the field when the death is dated after the report or the PESEL is invalid', async () => {
      const res = await post('/api/cases', 'pracownik', funeralRegistration({ dateOfDeath: '2026-03-10', deceasedPesel: '50040212345' }))
      expect(res.status).to.equal(422)
      expect(Object.keys(res.body.error.fields).sort()).to.deep.equal(['form.dateOfDeath', 'form.deceasedPesel'])
      expect(res.body.error.fields['form.deceasedPesel']).to.equal('Nieprawidłowy PESEL')
    })

    it('should render the funeral form on the registration page and register a death from the page', async () => {
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const page = await agent.get('/cases/new?procedure=municipal-funeral')
      expect(page.text).to.include('Nazwisko osoby zmarłej').and.include('Data zgonu').and.include('Imię i nazwisko lub nazwa zgłaszającego')
      expect(page.text).not.to.include('Wnioskowane świadczenie')
      const form = funeralRegistration().form as Record<string, unknown>
      const typed = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== false).map(([k, v]) => [`form.${k}`, String(v)]))
      const res = await agent.post('/cases').type('form').send({ _csrf: csrf, idempotencyKey: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', procedure: 'municipal-funeral', receivedAt: '2026-03-09', ...typed })
      expect(res.status, res.text.slice(0, 800)).to.equal(303)
      const caseId = /\/cases\/([^/?]+)/.exec(res.headers.location)![1]
      const casePage = await agent.get(`/cases/${caseId}`)
      expect(casePage.text).to.include('Szpital lub zakład opieki').and.include('05.03.2026')
    })
  })

  describe('the other shipped procedures', () => {
    it('should register crisis intervention, "Za życiem" and family assistant with their forms and pass on no free text', async () => {
      for (const body of [crisisRegistration(), zaZyciemRegistration(), familyAssistantRegistration()]) {
        const res = await post('/api/cases', 'pracownik', body)
        expect(res.status, JSON.stringify(res.body)).to.equal(201)
        const seen = await instanceVariables(res.body.id)
        for (const personal of ['Zielińska', 'Pożar mieszkania', 'Lewandowska', APPLICANT_PESEL, 'Wójcik', 'ul. Polna']) expect(seen, personal).not.to.include(personal)
      }
      const crisis = await db.prisma.case.findFirstOrThrow({ where: { procedure: 'crisis-intervention' } })
      // typed without an offset on the page: Warsaw time (15:00 CET = 14:00 UTC)
      expect(crisis.variables).to.include({ reportedAt: '2026-03-09T14:00:00.000Z', crisisKind: 'homelessness' })
      const zz = await db.prisma.case.findFirstOrThrow({ where: { procedure: 'za-zyciem-coordination' } })
      expect(zz.variables).to.include({ eligibility: 'pregnancy', medicalCertificate: true })
      const fa = await db.prisma.case.findFirstOrThrow({ where: { procedure: 'family-assistant' } })
      expect(fa.variables).to.include({ childrenCount: 3, referralSource: 'court', courtOrder: true })
    })

    it('should ignore the child fields hidden for a pregnancy and require the support asked for when "Za życiem" is registered', async () => {
      const res = await post('/api/cases', 'pracownik', zaZyciemRegistration({ childPesel: '123', supportRequested: [] }))
      expect(res.status).to.equal(422)
      expect(Object.keys(res.body.error.fields)).to.deep.equal(['form.supportRequested'])
    })
  })

  describe('a procedure a manager deploys', () => {
    const processId = 'housing_allowance_help'
    const startForm = (marks: Record<string, string> = { processVariable: 'true' }) => ({
      id: 'housing-help-start',
      components: [
        { type: 'textfield', id: 'Field_tenantName', key: 'tenantName', label: 'Imię i nazwisko najemcy', validate: { required: true }, properties: { casePerson: 'lastName' } },
        { type: 'textfield', id: 'Field_tenantPesel', key: 'tenantPesel', label: 'PESEL najemcy', properties: { casePerson: 'pesel' } },
        { type: 'number', id: 'Field_arrearsMonths', key: 'arrearsMonths', label: 'Zaległość w czynszu (miesiące)', decimalDigits: 0, validate: { required: true, min: 0 }, properties: { processVariable: 'true' } },
        { type: 'textarea', id: 'Field_landlord', key: 'landlord', label: 'Wynajmujący i adres lokalu', validate: { required: true }, properties: marks },
      ],
    })
    const files = (form: object) => [
      bpmnFile(processId, `<bpmn:startEvent id="s"><bpmn:extensionElements><zeebe:formDefinition formId="housing-help-start" /></bpmn:extensionElements></bpmn:startEvent>${flow('f1', 's', 'Task_visit')}
        ${userTask('Task_visit', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f2', 'Task_visit', 'e')}<bpmn:endEvent id="e" />`),
      { name: 'housing-help-start.form', content: JSON.stringify(form) },
    ]

    it('should refuse to deploy a start form that marks free text as a process variable', async () => {
      const res = await post('/api/deployments', 'kierownik', { files: files(startForm()) })
      expect(res.status).to.be.within(400, 422)
      expect(JSON.stringify(res.body)).to.include('Field_landlord').and.include('process variable')
    })

    it('should refuse to deploy a start event linking a form that is not deployed', async () => {
      const res = await post('/api/deployments', 'kierownik', { files: files(startForm({})).slice(0, 1) })
      expect(res.status).to.equal(400)
      expect(res.body.error.problems).to.deep.include({ resource: `${processId}.bpmn`, elementId: 's', rule: 'form', message: 'Form "housing-help-start" is not deployed' })
    })

    it('should register with its own start form from the API and the page when a manager deployed it with one', async () => {
      const deployed = await post('/api/deployments', 'kierownik', { files: files(startForm({})) })
      expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201)

      const bad = await post('/api/cases', 'pracownik', { procedure: processId, receivedAt: '2026-03-09', form: { tenantName: 'Jan Kowalski', tenantPesel: '999', arrearsMonths: 'trzy' } })
      expect(bad.status).to.equal(422)
      expect(Object.keys(bad.body.error.fields).sort()).to.deep.equal(['form.arrearsMonths', 'form.landlord', 'form.tenantPesel'])

      const good = await post('/api/cases', 'pracownik', { procedure: processId, receivedAt: '2026-03-09', form: { tenantName: 'Jan Kowalski', tenantPesel: APPLICANT_PESEL, arrearsMonths: 3, landlord: 'Spółdzielnia Mieszkaniowa, ul. Lipowa 1' } })
      expect(good.status, JSON.stringify(good.body)).to.equal(201)
      const kase = await db.prisma.case.findUniqueOrThrow({ where: { id: good.body.id }, include: { persons: true } })
      expect(kase.persons.map((p) => ({ pesel: p.pesel, lastName: p.lastName }))).to.deep.equal([{ pesel: APPLICANT_PESEL, lastName: 'Jan Kowalski' }])
      expect(kase.variables).to.include({ arrearsMonths: 3 })
      const seen = await instanceVariables(good.body.id)
      for (const personal of ['Kowalski', APPLICANT_PESEL, 'Lipowa']) expect(seen, personal).not.to.include(personal)

      const { agent } = await browserFor(app, 'pracownik')
      const page = await agent.get(`/cases/new?procedure=${processId}`)
      expect(page.text).to.include('name="form.arrearsMonths"').and.include('Wynajmujący i adres lokalu')
      const casePage = await agent.get(`/cases/${good.body.id}`)
      expect(casePage.text).to.include('Zaległość w czynszu (miesiące)').and.include('Spółdzielnia Mieszkaniowa, ul. Lipowa 1')
    })

    it('should register the person concerned only when a deployed procedure has no start form', async () => {
      const deployed = await post('/api/deployments', 'kierownik', { files: [bpmnFile('plain_help', `<bpmn:startEvent id="s" />${flow('f1', 's', 'Task_visit')}${userTask('Task_visit', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f2', 'Task_visit', 'e')}<bpmn:endEvent id="e" />`)] })
      expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201)
      const { agent } = await browserFor(app, 'pracownik')
      const page = await agent.get('/cases/new?procedure=plain_help')
      expect(page.text).to.include('Osoba, której dotyczy sprawa').and.include('name="applicant.pesel"')
      expect(page.text).not.to.include('name="household[0].pesel"').and.not.include('name="benefit"').and.not.include('name="form.')
    })
  })
})
