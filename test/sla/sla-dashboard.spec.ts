// The SLA dashboard and its API: the page shows the numbers GET /api/sla/summary gives, drill-down and CSV, policies
// edited by managers only, Blue Card work counted only for its group, pauses through the API.
import { expect } from 'chai'
import request from 'supertest'
import { createLogger } from '../../src/logger.ts'
import { SlaMonitor } from '../../src/sla/sla-monitor.ts'
import { seedDefaultPolicies } from '../../src/sla/sla-policies.ts'
import { endOfWarsawDay } from '../../domain/warsaw-time.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor, type WebTestApp } from '../helpers/web-app.ts'
import { benefitApplication, insertTask } from '../helpers/web-fixtures.ts'

describe('SLA dashboard and API', function () {
  this.timeout(60_000)
  let db: TestDatabase
  let t: WebTestApp
  let sla: SlaMonitor

  before(async () => { db = await createTestDatabase() })
  after(async () => { await db.close() })
  beforeEach(async () => {
    await db.reset()
    t = await createWebTestApp(db) // clock: 2026-03-10 09:00 UTC
    await seedDefaultPolicies(db.prisma, t.clock)
    // the procedures policies name (a policy for a procedure or task that is not deployed is refused)
    for (const [processId, tasks] of [['crisis-intervention', ['Task_x', 'Task_z']], ['benefit-application', ['Task_familyInterview', 'Task_draftDecision']]] as const) {
      const xml = `<bpmn:process id="${processId}">${tasks.map((id) => `<bpmn:userTask id="${id}" />`).join('')}</bpmn:process>`
      await db.prisma.processDefinition.create({ data: { processId, version: 1, name: processId, resourceName: `${processId}.bpmn`, xml, checksum: processId } })
    }
    sla = new SlaMonitor({ prisma: db.prisma, engine: t.engine, clock: t.clock, logger: createLogger({ level: 'error' }) })
    // on time, at risk (due in 1 working day), overdue ×2 (one a Blue Card task), no due date
    await insertTask(db.prisma, { processId: 'crisis-intervention', elementId: 'Task_x', dueAt: endOfWarsawDay('2026-03-31') })
    await insertTask(db.prisma, { dueAt: endOfWarsawDay('2026-03-11'), assignee: 'pracownik' })
    await insertTask(db.prisma, { elementId: 'Task_draftDecision', dueAt: endOfWarsawDay('2026-03-02'), assignee: 'pracownik' })
    await insertTask(db.prisma, { processId: 'blue-card', elementId: 'Task_y', candidateGroups: ['blue-card-team'], dueAt: endOfWarsawDay('2026-03-03') })
    await insertTask(db.prisma, { processId: 'crisis-intervention', elementId: 'Task_z' })
    // completed late and in time, for breaches and timings
    await insertTask(db.prisma, { status: 'completed', createdAt: new Date('2026-02-20T09:00:00Z'), completedAt: new Date('2026-03-05T09:00:00Z'), dueAt: endOfWarsawDay('2026-03-03') })
    await insertTask(db.prisma, { status: 'completed', createdAt: new Date('2026-02-20T09:00:00Z'), completedAt: new Date('2026-02-21T09:00:00Z'), dueAt: endOfWarsawDay('2026-03-03') })
    await sla.runOnce()
  })

  it('should count open tasks by state per procedure, team and person when a manager asks', async () => {
    const token = await tokenFor(t.app, 'kierownik')
    const res = await request(t.app).get('/api/sla/summary').set(bearer(token))
    expect(res.status).to.equal(200)
    expect({ onTime: res.body.onTime, atRisk: res.body.atRisk, overdue: res.body.overdue, noTarget: res.body.noTarget }).to.deep.equal({ onTime: 1, atRisk: 1, overdue: 1, noTarget: 1 })
    expect(res.body.byProcedure).to.deep.equal([
      { procedure: 'benefit-application', onTime: 0, atRisk: 1, overdue: 1, noTarget: 0 },
      { procedure: 'crisis-intervention', onTime: 1, atRisk: 0, overdue: 0, noTarget: 1 },
    ])
    expect(res.body.byTeam).to.deep.equal([{ team: 'caseworkers', onTime: 1, atRisk: 1, overdue: 1, noTarget: 1 }])
    expect(res.body.byAssignee).to.deep.equal([
      { assignee: null, onTime: 1, atRisk: 0, overdue: 0, noTarget: 1 },
      { assignee: 'pracownik', onTime: 0, atRisk: 1, overdue: 1, noTarget: 0 },
    ])
    expect(await db.prisma.auditEvent.count({ where: { action: 'sla.summary' } })).to.equal(1)
  })

  it('should refuse the dashboard, the API and the CSV when a caseworker asks', async () => {
    const token = await tokenFor(t.app, 'pracownik')
    for (const path of ['/api/sla/summary', '/api/sla/items', '/api/sla/items.csv', '/api/sla/policies']) {
      expect((await request(t.app).get(path).set(bearer(token))).status, path).to.equal(403)
    }
    const { agent } = await browserFor(t.app, 'pracownik')
    expect((await agent.get('/sla')).status).to.equal(403)
    expect((await request(t.app).get('/api/sla/summary')).status).to.equal(401)
  })

  it('should show on the page the same numbers as the API when a manager opens it', async () => {
    const { agent } = await browserFor(t.app, 'kierownik')
    const page = await agent.get('/sla')
    expect(page.status).to.equal(200)
    const cards = [...page.text.matchAll(/<span class="sla-number">(\d+)<\/span>/g)].map((m) => Number(m[1]))
    expect(cards.slice(0, 4)).to.deep.equal([1, 1, 1, 1])
    expect(page.text).to.include('Przekroczenia terminów')
    expect(page.text).to.include('<svg class="sla-chart"')
    // task times in hours as a Polish reader writes them: a decimal comma, never a dot
    const timings = (await request(t.app).get('/api/sla/timings').set(bearer(await tokenFor(t.app, 'kierownik')))).body as { avgHours: number }[]
    expect(page.text).to.include(`<td>${timings[0]!.avgHours.toLocaleString('pl-PL', { maximumFractionDigits: 1, useGrouping: false })}</td>`)
    expect(page.text).not.to.match(/<td>\d+\.\d+<\/td>/)
    const items = await agent.get('/sla/items?state=overdue')
    expect(items.status).to.equal(200)
    expect(items.text.match(/<tr class="overdue">/g)).to.have.length(1)
  })

  it('should say what would appear in each table instead of bare headings when there is no open work', async () => {
    await db.prisma.task.deleteMany({})
    await db.prisma.slaPolicy.deleteMany({})
    const { agent } = await browserFor(t.app, 'kierownik')
    const page = await agent.get('/sla')
    expect(page.status).to.equal(200)
    expect(page.text.match(/Brak otwartych zadań\. Wiersze pojawią się/g) ?? [], 'by procedure and by team').to.have.length(2)
    expect(page.text).to.include('Nikt nie ma teraz przejętych zadań.')
    expect(page.text).to.include('Brak otwartych spraw z terminem ustawowym.')
    const policies = await agent.get('/sla/policies')
    expect(policies.text).to.include('Brak zasad terminów.')
  })

  it('should offer the procedures and their tasks by name in the policy form instead of ids to type', async () => {
    const xml = '<bpmn:process id="benefit-application" name="Wniosek o zasiłek"><bpmn:userTask id="Task_familyInterview" name="Rodzinny wywiad &amp; ocena" /><bpmn:userTask name="Projekt decyzji" id="Task_draftDecision" /></bpmn:process>'
    await db.prisma.processDefinition.create({ data: { processId: 'benefit-application', version: 2, name: 'Wniosek o zasiłek', resourceName: 'b.bpmn', xml, checksum: 'v2' } })
    const { agent } = await browserFor(t.app, 'kierownik')
    const page = await agent.get('/sla/policies?key=' + encodeURIComponent('benefit-application/Task_familyInterview'))
    expect(page.status).to.equal(200)
    expect(page.text).to.match(/<select id="processId" name="processId" required>/)
    expect(page.text).to.include('<option value="benefit-application" selected>Wniosek o zasiłek</option>')
    expect(page.text).to.include('<optgroup label="Wniosek o zasiłek"><option value="Task_familyInterview"')
    expect(page.text).to.include('>Rodzinny wywiad &amp; ocena</option>').and.include('<option value="Task_draftDecision">Projekt decyzji</option>')
    expect(page.text).to.include('<option value="">Termin całej sprawy (ustawowy)</option>')
    expect(page.text).not.to.match(/<input id="elementId"/)
  })

  it('should measure only the case a registration or completion touched when applyNow is called, leaving others to the round', async () => {
    const [one, two] = await Promise.all(['OPS.8311.81.2026', 'OPS.8311.82.2026'].map((number) =>
      db.prisma.case.create({ data: { number, procedure: 'benefit-application', receivedAt: new Date('2026-03-09') } })))
    const mine = await insertTask(db.prisma, { caseId: one!.id, dueAt: endOfWarsawDay('2026-03-31') })
    const other = await insertTask(db.prisma, { caseId: two!.id, dueAt: endOfWarsawDay('2026-03-31') })
    const result = await sla.applyNow(one!.id)
    expect(result).to.include({ tasksApplied: 1, casesApplied: 1 })
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: mine.id } })).slaAppliedAt).to.not.equal(null)
    expect((await db.prisma.case.findUniqueOrThrow({ where: { id: one!.id } })).slaDueAt).to.not.equal(null)
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: other.id } })).slaAppliedAt, 'another case waits for the round').to.equal(null)
    await sla.runOnce()
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: other.id } })).slaAppliedAt).to.not.equal(null)
  })

  it('should count Blue Card work only for members of its group', async () => {
    const res = await request(t.app).get('/api/sla/items?state=overdue').set(bearer(await tokenFor(t.app, 'admin')))
    expect(res.body.map((i: { procedure: string }) => i.procedure)).to.deep.equal(['benefit-application'])
  })

  it('should export the drill-down as CSV with a BOM and semicolons when asked', async () => {
    const res = await request(t.app).get('/api/sla/items.csv?state=at-risk').set(bearer(await tokenFor(t.app, 'kierownik')))
    expect(res.status).to.equal(200)
    expect(res.headers['content-type']).to.match(/text\/csv/)
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(res.text.charCodeAt(0)).to.equal(0xfeff)
    expect(lines[0]).to.equal('Rodzaj;Identyfikator;Sygnatura;Procedura;Zadanie;Zespół;Przypisane do;Termin;Stan')
    expect(lines).to.have.length(2)
    // words a spreadsheet reader understands: the procedure's name, the team's name, a Warsaw time, the state in Polish
    const cells = lines[1]!.split(';')
    expect(cells[0]).to.equal('zadanie')
    expect(cells[3]).to.equal('benefit-application') // its name here: the fixture deploys it under its id
    expect(cells[5]).to.equal('Pracownicy socjalni')
    expect(cells[7]).to.match(/^\d\d\.\d\d\.2026 \d\d:\d\d$/)
    expect(cells[8]).to.equal('zagrożone')
  })

  it('should report breaches per week and time per task against the target', async () => {
    const token = await tokenFor(t.app, 'kierownik')
    const breaches = (await request(t.app).get('/api/sla/breaches?weeks=4').set(bearer(token))).body as { week: string; breaches: number }[]
    // week of Monday 2 March: the open overdue task (due 2 March) and the one completed late (due 3 March)
    expect(breaches.find((b) => b.week === '2026-03-02')!.breaches).to.equal(2)
    expect(breaches.reduce((a, b) => a + b.breaches, 0)).to.equal(2)
    const timings = (await request(t.app).get('/api/sla/timings').set(bearer(token))).body
    expect(timings).to.have.length(1)
    expect(timings[0]).to.include({ procedure: 'benefit-application', completed: 2, onTimeShare: 0.5 })
    expect(timings[0].p90Hours).to.be.above(timings[0].avgHours)
  })

  it('should save a policy version with 201 and refuse an invalid one with its problems when a manager posts', async () => {
    const token = await tokenFor(t.app, 'kierownik')
    const ok = await request(t.app).post('/api/sla/policies').set(bearer(token)).send({
      processId: 'crisis-intervention', elementId: '*', comment: 'szybciej',
      definition: { name: 'Interwencja', target: { anchor: 'task-created', amount: 1, unit: 'working-days' }, atRisk: { amount: 0, unit: 'days' }, escalations: [{ id: 'boss', on: 'overdue', action: 'escalate-to-manager' }] },
    })
    expect(ok.status).to.equal(201)
    expect(ok.body).to.include({ key: 'crisis-intervention/*', version: 1 })
    const bad = await request(t.app).post('/api/sla/policies').set(bearer(token)).send({ processId: 'x', elementId: '*', definition: { name: 'x', target: { anchor: 'nowhere' }, atRisk: { amount: 1, unit: 'days' }, escalations: [] } })
    expect(bad.status).to.equal(400)
    expect(bad.body.error.problems.map((p: { path: string; code: string }) => `${p.path} ${p.code}`)).to.deep.equal(['processId unknownProcess', 'definition.target.anchor choice'])
    await sla.runOnce()
    const noTarget = await db.prisma.task.findFirstOrThrow({ where: { elementId: 'Task_z' } })
    expect(noTarget.slaDueAt).to.not.equal(null) // re-measured under the new policy: one working day from creation
  })

  it('should refuse, in words a manager understands, a policy whose numbers, procedure, task or person make no sense', async () => {
    const { agent, csrf } = await browserFor(t.app, 'kierownik')
    const fields = {
      _csrf: csrf, processId: 'benefit-application', elementId: 'Task_familyInterview', name: 'Wywiad', anchor: 'task-created', amount: '14', unit: 'days',
      atRiskAmount: '999', atRiskUnit: 'working-days', step0Id: 'back', step0On: 'overdue', step0Action: 'reassign', step0Assignee: 'nobody-here',
    }
    const bad = await agent.post('/sla/policies').type('form').send(fields)
    expect(bad.status).to.equal(422)
    expect(bad.text).to.include('Zagrożone na tyle przed terminem: okres zagrożenia jest równy terminowi lub dłuższy')
    expect(bad.text).to.include('Krok 1: komu: nie ma aktywnego użytkownika o tym loginie')
    expect(bad.text).not.to.match(/Invalid input|expected number/)
    const words = await agent.post('/sla/policies').type('form').send({ ...fields, amount: 'abc', atRiskAmount: '2', step0Assignee: 'pracownik2', elementId: 'Task_nope', processId: 'benefit-application' })
    expect(words.text).to.include('Cel: ile: podaj liczbę całkowitą').and.include('Zadanie: ta procedura nie ma zadania użytkownika o tym identyfikatorze')
    const unknown = await agent.post('/sla/policies').type('form').send({ ...fields, processId: 'nonexistent-process', elementId: 'Nope', atRiskAmount: '2', step0Assignee: 'pracownik2' })
    expect(unknown.text).to.include('Procedura: nie ma wdrożonej procedury o tym identyfikatorze')
    expect(await db.prisma.slaPolicy.count({ where: { processId: { in: ['nonexistent-process'] } } })).to.equal(0)
    const ok = await agent.post('/sla/policies').type('form').send({ ...fields, atRiskAmount: '2', step0Assignee: 'pracownik2' })
    expect(ok.status).to.equal(303)
  })

  it('should move the case deadline by a pause recorded through the API and audit it', async () => {
    const kase = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-02T00:00:00Z'), ownerGroup: 'caseworkers' } })
    await sla.runOnce()
    const token = await tokenFor(t.app, 'pracownik')
    let view = (await request(t.app).get(`/api/cases/${kase.id}/deadline`).set(bearer(token))).body
    expect(view).to.include({ dueDate: '2026-04-02', state: 'on-time' })
    const future = await request(t.app).post(`/api/cases/${kase.id}/pauses`).set(bearer(token)).send({ reason: 'awaiting-party', from: '2026-03-20' })
    expect(future.status).to.equal(422)
    const pause = await request(t.app).post(`/api/cases/${kase.id}/pauses`).set(bearer(token)).send({ reason: 'awaiting-party', from: '2026-03-03', to: '2026-03-09' })
    expect(pause.status).to.equal(201)
    await sla.runOnce()
    view = (await request(t.app).get(`/api/cases/${kase.id}/deadline`).set(bearer(token))).body
    expect(view.dueDate).to.equal('2026-04-09') // 2 April + 7 paused days
    expect(await db.prisma.auditEvent.count({ where: { action: 'case.pause', caseId: kase.id } })).to.equal(1)
    const outsider = await tokenFor(t.app, 'asystent')
    expect((await request(t.app).post(`/api/cases/${kase.id}/pauses`).set(bearer(outsider)).send({ reason: 'other', from: '2026-03-03' })).status).to.equal(403)
  })

  it('should show the statutory deadline on the case page and move it by a pause posted from its form', async () => {
    const kase = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-02T00:00:00Z'), ownerGroup: 'caseworkers' } })
    await sla.runOnce()
    t = { ...t, app: (await import('../../web/app.ts')).createApp({ config: t.config, db, engine: t.engine, clock: t.clock, logger: createLogger({ level: 'error' }), sla }) }
    const { agent, csrf } = await browserFor(t.app, 'pracownik')
    let page = await agent.get(`/cases/${kase.id}`)
    expect(page.status).to.equal(200)
    expect(page.text).to.include('Termin załatwienia sprawy (KPA art. 35)')
    expect(page.text).to.include('02.04.2026')
    const noCsrf = await agent.post(`/cases/${kase.id}/pauses`).type('form').send({ reason: 'awaiting-party', from: '2026-03-03', to: '2026-03-05' })
    expect(noCsrf.status).to.equal(403)
    const bad = await agent.post(`/cases/${kase.id}/pauses`).type('form').send({ _csrf: csrf, reason: 'awaiting-party', from: '2026-03-05', to: '2026-03-03' })
    expect(bad.headers.location).to.match(/notice=pauseEndBeforeStart/)
    expect((await agent.get(bad.headers.location)).text).to.include('koniec okresu nie może być wcześniejszy niż jego początek')
    const ok = await agent.post(`/cases/${kase.id}/pauses`).type('form').send({ _csrf: csrf, reason: 'awaiting-party', from: '2026-03-03', to: '2026-03-05' })
    expect(ok.status).to.equal(303)
    expect(ok.headers.location).to.match(/notice=deadlinePaused/)
    // the same period twice (or any overlap) is excluded once only
    const again = await agent.post(`/cases/${kase.id}/pauses`).type('form').send({ _csrf: csrf, reason: 'other', from: '2026-03-04', to: '2026-03-06' })
    expect(again.headers.location).to.match(/notice=pauseOverlap/)
    expect(await db.prisma.casePause.count({ where: { caseId: kase.id } })).to.equal(1)
    page = await agent.get(`/cases/${kase.id}`)
    expect(page.text).to.include('07.04.2026') // 2 April + 3 days = Sunday 5 April → Easter Monday 6 April → Tuesday 7 April
    const complex = await agent.post(`/cases/${kase.id}/complex`).type('form').send({ _csrf: csrf, complex: 'true' })
    expect(complex.headers.location).to.match(/notice=deadlineComplex/)
    page = await agent.get(`/cases/${kase.id}`)
    expect(page.text).to.include('05.05.2026') // 2 May + 3 days = 5 May 2026 (Tuesday)
  })


  it('should show an application registered with a receipt date long past as overdue at once when it is registered through the API', async () => {
    const app = (await import('../../web/app.ts')).createApp({ config: t.config, db, engine: t.engine, clock: t.clock, logger: createLogger({ level: 'error' }), sla })
    const token = await tokenFor(app, 'pracownik')
    const created = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication({ receivedAt: '2026-01-20' }))
    expect(created.status).to.equal(201)
    const view = (await request(app).get(`/api/cases/${created.body.id}/deadline`).set(bearer(token))).body
    expect(view).to.include({ measured: true, dueDate: '2026-02-20', state: 'overdue' })
    // and the art. 36 notice task is already in the group's inbox
    expect(await db.prisma.task.count({ where: { caseId: created.body.id, elementId: 'Task_art36Notice', status: 'open' } })).to.equal(1)
  })


  it('should save a policy from the fields of the policies page and show the problems when a field is wrong', async () => {
    const { agent, csrf } = await browserFor(t.app, 'kierownik')
    const page = await agent.get('/sla/policies?key=benefit-application%2Fcase')
    expect(page.status).to.equal(200)
    expect(page.text).to.include('<option value="received" selected>wpływ wniosku</option>')
    expect(page.text).to.include('<option value="art36-notice" selected>zadanie: zawiadomienie z art. 36 KPA</option>')
    const fields = {
      _csrf: csrf, processId: 'benefit-application', elementId: '', name: 'Decyzja: miesiąc', anchor: 'received', amount: '1', unit: 'months', complexAmount: '2',
      atRiskAmount: '7', atRiskUnit: 'working-days', step0Id: 'art36', step0On: 'at-risk', step0Action: 'art36-notice', step1Id: 'boss', step1On: 'overdue', step1AfterAmount: '1', step1AfterUnit: 'working-days', step1Action: 'escalate-to-manager', comment: 'wcześniej',
    }
    const bad = await agent.post('/sla/policies').type('form').send({ ...fields, step1Action: 'reassign' })
    expect(bad.status).to.equal(422)
    expect(bad.text).to.include('Kroki eskalacji: sprawa nie ma osoby przypisanej')
    expect(bad.text).to.include('value="boss"') // what was typed is kept
    const ok = await agent.post('/sla/policies').type('form').send(fields)
    expect(ok.status).to.equal(303)
    expect(ok.headers.location).to.equal('/sla/policies?key=benefit-application%2Fcase&saved=2')
    const saved = await db.prisma.slaPolicy.findFirstOrThrow({ where: { key: 'benefit-application/case', version: 2 } })
    expect(saved.definition).to.deep.equal({
      name: 'Decyzja: miesiąc', target: { anchor: 'received', amount: 1, unit: 'months', complexAmount: 2 }, atRisk: { amount: 7, unit: 'working-days' },
      escalations: [{ id: 'art36', on: 'at-risk', action: 'art36-notice' }, { id: 'boss', on: 'overdue', after: { amount: 1, unit: 'working-days' }, action: 'escalate-to-manager' }],
    })
    expect(saved.createdBy).to.equal('kierownik')
    expect(saved.comment).to.equal('wcześniej')
  })

  it('should show the default policies\' comment in the reader\'s language, also on rows written before it was a code', async () => {
    // given: the defaults as seeded now (a code) and one row as an older installation wrote it
    const [legacy] = await db.prisma.slaPolicy.findMany({ where: { version: 1 }, orderBy: { key: 'asc' }, take: 1 })
    await db.prisma.slaPolicy.update({ where: { id: legacy.id }, data: { comment: 'default' } })
    const { agent } = await browserFor(t.app, 'kierownik')
    // when
    const pl = (await agent.get('/sla/policies')).text
    const en = (await agent.get('/sla/policies?lang=en')).text
    // then
    expect(pl).to.include('<td>Zasada domyślna (dostarczona z systemem)</td>')
    expect(pl).not.to.include('system:default-policy')
    expect(pl).not.to.include('<td>default</td>')
    expect(en).to.include('<td>Default policy (shipped with the system)</td>')
  })

})
