import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { insertTask } from '../helpers/web-fixtures.ts'
import { insertCase } from '../helpers/inbox-fixtures.ts'

describe('web: saved inbox filters', function () {
  let db: TestDatabase
  let app: Express
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    app = (await createWebTestApp(db)).app
    for (const login of ['pracownik', 'pracownik2', 'kierownik', 'asystent']) tokens[login] = await tokenFor(app, login)
  })

  const get = (path: string, login: string) => request(app).get(path).set(bearer(tokens[login]))
  const post = (path: string, login: string, body: object) => request(app).post(path).set(bearer(tokens[login])).send(body)
  const del = (path: string, login: string) => request(app).delete(path).set(bearer(tokens[login]))
  const names = (body: { name: string }[]) => body.map((f) => f.name)

  it('should save a private filter with its query normalized and show it to its owner only', async () => {
    const res = await post('/api/filters', 'pracownik', {
      name: ' Moje zaległe ',
      query: { view: 'group', overdue: 'true', priority: '51', sort: 'priority', cursor: 'abc', limit: '10', junk: 'x' },
    })
    expect(res.status).to.equal(201)
    expect(res.body).to.include({ name: 'Moje zaległe', groupKey: null, owner: 'pracownik', mine: true })
    expect(res.body.query).to.deep.equal({ view: 'group', overdue: '1', priority: '51', sort: 'priority' })
    expect(names((await get('/api/filters', 'pracownik')).body)).to.deep.equal(['Moje zaległe'])
    expect((await get('/api/filters', 'pracownik2')).body).to.deep.equal([])
  })

  it('should show a filter shared with a group to its members, never its surname in the audit log', async () => {
    const res = await post('/api/filters', 'pracownik', { name: 'Nowakowie', groupKey: 'caseworkers', query: { view: 'unassigned', applicant: 'Nowak' } })
    expect(res.status).to.equal(201)
    const colleague = await get('/api/filters', 'pracownik2')
    expect(colleague.body).to.have.length(1)
    expect(colleague.body[0]).to.include({ name: 'Nowakowie', groupKey: 'caseworkers', owner: 'pracownik', mine: false })
    expect(colleague.body[0].query).to.deep.equal({ view: 'unassigned', applicant: 'Nowak' })
    expect((await get('/api/filters', 'asystent')).body).to.deep.equal([])
    const audit = await db.prisma.auditEvent.findMany({ where: { action: 'filter.create' } })
    expect(audit).to.have.length(1)
    expect(audit[0].details).to.deep.equal({ filterId: res.body.id, shared: true })
  })

  it('should answer 422 naming the fields when the name, the group or the query is wrong', async () => {
    const res = await post('/api/filters', 'pracownik', { name: '', groupKey: 'managers', query: { dueAfter: 'jutro', view: 'all' } })
    expect(res.status).to.equal(422)
    expect(Object.keys(res.body.error.fields).sort()).to.deep.equal(['groupKey', 'name', 'query.dueAfter'])
    expect(await db.prisma.savedFilter.count()).to.equal(0)
  })

  it('should let only the owner delete a filter', async () => {
    const shared = (await post('/api/filters', 'pracownik', { name: 'Wspólny', groupKey: 'caseworkers', query: {} })).body
    const secret = (await post('/api/filters', 'pracownik', { name: 'Prywatny', query: {} })).body
    expect((await del(`/api/filters/${shared.id}`, 'pracownik2')).status).to.equal(403)
    expect((await del(`/api/filters/${secret.id}`, 'pracownik2')).status).to.equal(404)
    expect((await del('/api/filters/none', 'pracownik')).status).to.equal(404)
    expect(await db.prisma.auditEvent.count({ where: { action: 'filter.delete-denied' } })).to.equal(1)
    expect((await del(`/api/filters/${shared.id}`, 'pracownik')).status).to.equal(204)
    expect(names((await get('/api/filters', 'pracownik')).body)).to.deep.equal(['Prywatny'])
  })

  it('should save the current view from the inbox page, list it as a link and delete it', async () => {
    // given
    await insertTask(db.prisma, { dueAt: new Date('2026-03-01T10:00:00Z') })
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const page = await agent.get('/inbox?tab=group&overdue=1&sort=priority').redirects(1)
    const query = /name="query" value="([^"]*)"/.exec(page.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=')
    expect(query).to.equal('view=group&overdue=1&sort=priority')
    // when
    const saved = await agent.post('/filters').type('form').send({ _csrf: csrf, name: 'Zaległe grupy', groupKey: 'caseworkers', query })
    // then
    expect(saved.status).to.equal(303)
    expect(saved.headers.location).to.match(/^\/inbox\?tab=group&sort=priority&f=[\w-]{16}&notice=filterSaved$/)
    const inbox = await agent.get(saved.headers.location)
    expect(inbox.text).to.include('Filtr zapisany.').and.include('>Zaległe grupy</a>')
    expect(inbox.text).to.include('udostępniony: Pracownicy socjalni')
    const colleague = await browserFor(app, 'pracownik2')
    const theirs = await colleague.agent.get('/inbox')
    expect(theirs.text).to.include('>Zaległe grupy</a>').and.include('autor: pracownik')
    expect(theirs.text).not.to.match(/action="\/filters\/[^"]+\/delete"/)
    const id = /action="\/filters\/([^"]+)\/delete"/.exec(inbox.text)![1]
    const deleted = await agent.post(`/filters/${id}/delete`).type('form').send({ _csrf: csrf, returnTo: '/inbox' })
    expect(deleted.headers.location).to.equal('/inbox?notice=filterDeleted')
    expect(await db.prisma.savedFilter.count()).to.equal(0)
  })

  it('should go back to the same list with the reason when a filter is saved without a name or for a group not mine', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const query = 'view=group&overdue=1&sort=priority'
    const blank = await agent.post('/filters').type('form').send({ _csrf: csrf, name: '  ', groupKey: '', query })
    expect(blank.status).to.equal(303)
    expect(blank.headers.location).to.match(/^\/inbox\?tab=group&sort=priority&f=[\w-]{16}&notice=filterNameInvalid$/)
    const inbox = await agent.get(blank.headers.location)
    expect(inbox.status).to.equal(200)
    expect(inbox.text).to.include('Nie zapisano filtra: podaj jego nazwę')
    const notMine = await agent.post('/filters').type('form').send({ _csrf: csrf, name: 'Cudze', groupKey: 'managers', query })
    expect(notMine.headers.location).to.match(/notice=filterGroupInvalid$/)
    expect(await db.prisma.savedFilter.count()).to.equal(0)
  })

  it('should link a saved filter by its id, never its surname, and open it with the filters kept out of the address when it is followed', async () => {
    await insertCase(db.prisma, { number: 'OPS.8311.5.2026', applicant: { firstName: 'Anna', lastName: 'Nowak' } })
    const created = (await post('/api/filters', 'pracownik', { name: 'Nowakowie', groupKey: 'caseworkers', query: { view: 'unassigned', applicant: 'Nowak', sort: 'priority' } })).body
    const colleague = await browserFor(app, 'pracownik2')
    const inbox = await colleague.agent.get('/inbox')
    expect(inbox.text).to.include(`<a href="/inbox?saved&#x3D;${created.id}">Nowakowie</a>`)
    expect(inbox.text).not.to.include('Nowak&amp;').and.not.include('applicant&#x3D;')
    const opened = await colleague.agent.get(`/inbox?saved=${created.id}`)
    expect(opened.status).to.equal(303)
    expect(opened.headers.location).to.match(/^\/inbox\?tab=unassigned&sort=priority&f=[\w-]{16}$/)
    const page = await colleague.agent.get(opened.headers.location)
    expect(page.text).to.include('id="filter-applicant" name="applicant" type="text" value="Nowak"')
    const outsider = await browserFor(app, 'asystent')
    const refused = await outsider.agent.get(`/inbox?saved=${created.id}`)
    expect(refused.status).to.equal(200)
    expect(refused.text).to.include('Nie znaleziono zapamiętanych filtrów').and.not.include('value="Nowak"')
  })
})
