// One guard for all input: a control character (NUL above all, which PostgreSQL refuses in text) in a route
// parameter, a query parameter, a JSON body or a form field, and JSON nested more than 32 levels, are refused with
// 400 naming the field before any handler runs — on every route the app has (read from its router, so a new route
// cannot escape), anonymous and signed in; multipart text fields and bodies that routes read themselves too.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { appRoutes, fillPath, type AppRoute } from '../helpers/app-routes.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { insertCase } from '../helpers/inbox-fixtures.ts'
import { createLogger } from '../../src/logger.ts'
import { MAX_JSON_DEPTH } from '../../web/input-problems.ts'

const NUL_PARAM = 'x%00y'
const PL_CONTROL = 'Niedozwolony znak sterujący (np. znak NUL)'
/** Routes that read their own body only once the caller is known to be a manager (so anonymous: 401 unread). */
const OWN_BODY = new Set(['post /api/deployments', 'post /api/deployments/check', 'put /api/procedures/:id/draft', 'put /api/forms/:id/draft'])

type Caller = { kind: 'anonymous' } | { kind: 'signed-in'; token: string; agent: request.Agent; csrf: string }

function nested(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value]
  return value
}

describe('web: one guard for all input (control characters, nesting)', function () {
  this.timeout(120_000)
  let db: TestDatabase
  let app: Express
  let logged: string[]

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    logged = []
    ;({ app } = await createWebTestApp(db, { logger: createLogger({ level: 'info', write: (l) => logged.push(l) }) }))
  })

  const errorsLogged = () => logged.map((l) => JSON.parse(l) as { level: string; message: string }).filter((l) => l.level === 'error')

  /** Sends one request to a route as the caller, with what `part` says carries the NUL. */
  function send(route: AppRoute, caller: Caller, part: 'path' | 'query' | 'body'): request.Test {
    const isApi = route.path.startsWith('/api/')
    const path = (part === 'path' ? fillPath(route, NUL_PARAM) : fillPath(route, 'abc')) + (part === 'query' ? '?filter=a%00b' : '')
    const base = caller.kind === 'signed-in' && !isApi ? caller.agent : request(app)
    let test = (base as unknown as Record<string, (p: string) => request.Test>)[route.method](path)
    if (caller.kind === 'signed-in' && isApi) test = test.set(bearer(caller.token))
    if (part !== 'body') return caller.kind === 'signed-in' && !isApi && route.method !== 'get' ? test.type('form').send({ _csrf: caller.csrf }) : test
    if (isApi) return test.send({ note: 'a\u0000b' })
    return test.type('form').send({ ...(caller.kind === 'signed-in' ? { _csrf: caller.csrf } : {}), note: 'a\u0000b' })
  }

  function expectRefused(res: request.Response, route: AppRoute, fields: string[], label: string): void {
    expect(res.status, `${label}: ${res.text.slice(0, 300)}`).to.equal(400)
    if (route.path.startsWith('/api/')) {
      expect(res.body.error.code, label).to.equal('INVALID_INPUT')
      expect(Object.keys(res.body.error.fields), label).to.have.members(fields)
      for (const field of fields) expect(res.body.error.fields[field], label).to.equal(PL_CONTROL)
    } else {
      expect(res.type, label).to.equal('text/html')
      for (const field of fields) expect(res.text, label).to.include(`<code>${field}</code>: ${PL_CONTROL}`)
    }
  }

  async function expectEveryRouteGuarded(caller: Caller): Promise<number> {
    const routes = appRoutes(app)
    expect(routes.length).to.be.greaterThan(100)
    let checked = 0
    for (const route of routes) {
      const label = `${caller.kind} ${route.method.toUpperCase()} ${route.path}`
      if (route.params.length > 0) {
        expectRefused(await send(route, caller, 'path'), route, route.params, `${label} (route parameter)`)
        checked++
      }
      expectRefused(await send(route, caller, 'query'), route, ['filter'], `${label} (query)`)
      checked++
      if (route.method !== 'get') {
        const res = await send(route, caller, 'body')
        if (caller.kind === 'anonymous' && OWN_BODY.has(`${route.method} ${route.path}`)) {
          expect(res.status, `${label} (body, not read before sign-in)`).to.equal(401)
        } else {
          expectRefused(res, route, ['note'], `${label} (body)`)
        }
        checked++
      }
    }
    return checked
  }

  it('should refuse a NUL in a route parameter, a query parameter or a body with 400 naming it when any route is called anonymously', async () => {
    const checked = await expectEveryRouteGuarded({ kind: 'anonymous' })
    expect(checked).to.be.greaterThan(200)
    expect(errorsLogged()).to.deep.equal([])
    expect(await db.prisma.auditEvent.count()).to.equal(0)
    expect(await db.prisma.loginAttempt.count()).to.equal(0)
  })

  it('should refuse a NUL in a route parameter, a query parameter or a body with 400 naming it when any route is called signed in', async () => {
    const token = await tokenFor(app, 'admin')
    const { agent, csrf } = await browserFor(app, 'admin')
    const audited = new Set((await db.prisma.auditEvent.findMany()).map((e) => e.id)) // signing in opened the inbox
    const checked = await expectEveryRouteGuarded({ kind: 'signed-in', token, agent, csrf })
    expect(checked).to.be.greaterThan(200)
    expect(errorsLogged()).to.deep.equal([])
    // no handler ran, except that the deployment routes (which read their body themselves) record the refusal
    const actions = (await db.prisma.auditEvent.findMany()).filter((e) => !audited.has(e.id)).map((e) => e.action)
    expect(actions.filter((a) => !/^deployment(\.check)?\.rejected$/.test(a))).to.deep.equal([])
  })

  it('should answer 400 naming the login and check no password when POST /api/session carries a NUL', async () => {
    const res = await request(app).post('/api/session').send({ login: 'pracownik\u0000', password: 'demo' })
    expect(res.status).to.equal(400)
    expect(res.body).to.deep.equal({ error: { code: 'INVALID_INPUT', message: 'Nieprawidłowe dane wejściowe.', fields: { login: PL_CONTROL } } })
    expect(await db.prisma.loginAttempt.count()).to.equal(0)
    expect(errorsLogged()).to.deep.equal([])
  })

  it('should name the JSON path of a control character deep in a body and of a key, and answer in English when asked', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).post('/api/cases?lang=en').set(bearer(token)).send({
      procedure: 'benefit-application',
      applicant: { firstName: 'Ann\u0007a' },
      household: [{ pesel: '1' }, { lastName: 'No\u007fwak' }],
      variables: { 'bad\u0001key': 1 },
    })
    expect(res.status).to.equal(400)
    expect(res.body.error.fields).to.deep.equal({
      'applicant.firstName': 'A control character (such as NUL) is not allowed',
      'household[1].lastName': 'A control character (such as NUL) is not allowed',
      'variables["bad\\u0001key"]': 'A control character (such as NUL) is not allowed',
    })
    expect(await db.prisma.case.count()).to.equal(0)
  })

  it('should refuse JSON nested more than 32 levels naming where, before registration sees it', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).post('/api/cases').set(bearer(token)).send({ procedure: 'crisis-intervention', variables: nested(40) })
    expect(res.status).to.equal(400)
    expect(res.body.error.code).to.equal('INVALID_INPUT')
    const [[field, message]] = Object.entries(res.body.error.fields as Record<string, string>)
    expect(field).to.match(/^variables\[0\]\.a\[0\]\.a/)
    expect(message).to.equal(`Zbyt głęboko zagnieżdżone dane (najwyżej ${MAX_JSON_DEPTH} poziomów)`)
    expect(await db.prisma.case.count()).to.equal(0)
    expect(await db.prisma.auditEvent.count({ where: { action: { startsWith: 'case.register' } } })).to.equal(0)
  })

  it('should let JSON nested exactly 32 levels through to the route', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).post('/api/benefits/assessment').set(bearer(token)).send({ nested: nested(MAX_JSON_DEPTH - 1) })
    expect(res.status).to.equal(400)
    expect(res.body.error.fields).not.to.have.property('nested') // the route's own validation answered, not the guard
    expect(res.body.error.fields).to.have.property('benefit')
  })

  it('should accept tabs and line breaks in body text when a note is written', async () => {
    const kase = await insertCase(db.prisma, {})
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).post(`/api/cases/${kase.id}/notes`).set(bearer(token)).send({ body: 'Pierwsza linia\r\nDruga\tlinia' })
    expect(res.status).to.equal(201)
  })

  it('should refuse a line break in a query parameter, where text never has one', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).get('/api/tasks?view=mine%0A').set(bearer(token))
    expect(res.status).to.equal(400)
    expect(res.body.error.fields).to.deep.equal({ view: PL_CONTROL })
  })

  it('should show a readable Polish error page naming the field when a page form carries a NUL', async () => {
    const kase = await insertCase(db.prisma, {})
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const res = await agent.post(`/cases/${kase.id}/notes`).type('form').send({ _csrf: csrf, body: 'Notatka\u0000' })
    expect(res.status).to.equal(400)
    expect(res.text).to.include('Nieprawidłowe dane wejściowe.').and.include(`Pole <code>body</code>: ${PL_CONTROL}`)
    expect(await db.prisma.caseNote.count()).to.equal(0)
  })

  describe('bodies the routes read themselves', () => {
    it('should refuse a NUL in a multipart text field of a case document upload, on the API and the page', async () => {
      const kase = await insertCase(db.prisma, {})
      const token = await tokenFor(app, 'pracownik')
      const pdf = Buffer.from('%PDF-1.4\n' + 'x'.repeat(2000) + '\n%%EOF\n')
      const api = await request(app).post(`/api/cases/${kase.id}/documents`).set(bearer(token))
        .field('kind', 'other').field('title', 'Za\u0000świadczenie').attach('file', pdf, 'a.pdf')
      expect(api.status).to.equal(400)
      expect(api.body.error.fields).to.deep.equal({ title: PL_CONTROL })
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const page = await agent.post(`/cases/${kase.id}/documents`).field('_csrf', csrf).field('kind', 'other').field('title', 'Tytuł\u0000').attach('file', pdf, 'a.pdf')
      expect(page.status).to.equal(400)
      expect(page.text).to.include(`Pole <code>title</code>: ${PL_CONTROL}`)
      expect(await db.prisma.caseDocument.count()).to.equal(0)
    })

    it('should refuse a NUL in a deployment comment or file content, and in an editor draft', async () => {
      const token = await tokenFor(app, 'kierownik')
      const json = await request(app).post('/api/deployments/check').set(bearer(token)).send({ files: [{ name: 'a.bpmn', content: '<x>\u0000</x>' }], comment: 'ok' })
      expect(json.status).to.equal(400)
      expect(json.body.error.fields).to.deep.equal({ 'files[0].content': PL_CONTROL })
      const multipart = await request(app).post('/api/deployments/check').set(bearer(token)).field('comment', 'zmiana\u0000').attach('files', Buffer.from('<x/>'), 'a.bpmn')
      expect(multipart.status).to.equal(400)
      expect(multipart.body.error.fields).to.deep.equal({ comment: PL_CONTROL })
      const named = await request(app).post('/api/deployments/check').set(bearer(token)).field('comment', 'ok').attach('files', Buffer.from('<x/>'), 'a\u0001.bpmn')
      expect(named.status).to.equal(400)
      expect(named.body.error.fields).to.deep.equal({ files: PL_CONTROL })
      const file = await request(app).post('/api/deployments').set(bearer(token)).field('comment', 'zmiana').attach('files', Buffer.from('<x>\u0000</x>'), 'a.bpmn')
      expect(file.status).to.equal(400)
      expect(file.body.error.problems.map((p: { rule: string }) => p.rule)).to.deep.equal(['encoding'])
      const draft = await request(app).put('/api/procedures/benefit-application/draft').set(bearer(token)).send({ xml: '<x>\u0000</x>' })
      expect(draft.status).to.equal(400)
      expect(draft.body.error.fields).to.deep.equal({ xml: PL_CONTROL })
      const deep = await request(app).put('/api/forms/f/draft').set(bearer(token)).send({ schema: nested(40) })
      expect(deep.status).to.equal(400)
      expect(await db.prisma.processDraft.count()).to.equal(0)
      expect(errorsLogged()).to.deep.equal([])
    })
  })
})
