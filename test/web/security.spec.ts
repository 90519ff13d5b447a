import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { createLogger } from '../../src/logger.ts'

describe('web: security', function () {
  let db: TestDatabase
  let app: Express
  let fakeEngine: FakeEngine

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const built = await createWebTestApp(db)
    app = built.app
    fakeEngine = built.fakeEngine!
  })

  it('should send the security headers when any page, API answer or asset is served', async () => {
    for (const path of ['/login', '/health', '/api/procedures', '/static/app.css']) {
      const res = await request(app).get(path)
      expect(res.headers['content-security-policy'], path).to.match(/default-src 'self'/)
      expect(res.headers['x-frame-options'], path).to.equal('DENY')
      expect(res.headers['x-content-type-options'], path).to.equal('nosniff')
      expect(res.headers['referrer-policy'], path).to.equal('same-origin')
      expect(res.headers['x-powered-by'], path).to.equal(undefined)
    }
  })

  it('should serve /health, /login and static assets without a session', async () => {
    expect((await request(app).get('/health')).status).to.equal(200)
    expect((await request(app).get('/login')).status).to.equal(200)
    const css = await request(app).get('/static/app.css')
    expect(css.status).to.equal(200)
    expect(css.headers['content-type']).to.match(/text\/css/)
  })

  it('should answer 401 on every API route when there is no session', async () => {
    const routes: [string, string][] = [
      ['get', '/api/procedures'],
      ['get', '/api/deadlines?start=2026-01-05&amount=14&unit=days'],
      ['post', '/api/cases'],
      ['get', '/api/cases/abc'],
      ['get', '/api/tasks?view=mine'],
      ['get', '/api/tasks/abc'],
      ['post', '/api/tasks/abc/claim'],
      ['post', '/api/tasks/abc/unclaim'],
      ['post', '/api/tasks/abc/complete'],
      ['delete', '/api/session'],
      ['get', '/api/shipped-versions'],
      ['post', '/api/shipped-versions/process/abc/take'],
      ['get', '/api/nothing-here'],
    ]
    for (const [method, path] of routes) {
      const res = await (request(app) as unknown as Record<string, (p: string) => request.Test>)[method](path)
      expect(res.status, `${method} ${path}`).to.equal(401)
      expect(res.body.error.code, `${method} ${path}`).to.equal('UNAUTHENTICATED')
    }
  })

  it('should redirect to the login page when a page is asked for without a session', async () => {
    for (const path of ['/', '/inbox', '/cases/new', '/cases/abc', '/tasks/abc']) {
      const res = await request(app).get(path)
      expect(res.status, path).to.equal(303)
      expect(res.headers.location, path).to.match(/^\/login/)
    }
    expect((await request(app).post('/cases')).status).to.equal(303)
  })

  it('should refuse a cookie-authenticated POST when the CSRF token is missing or wrong', async () => {
    // given
    const { agent } = await browserFor(app, 'pracownik')
    // when
    const noToken = await agent.post('/api/cases').send({})
    const wrongToken = await agent.post('/api/cases').set('X-CSRF-Token', 'wrong').send({})
    const pageNoToken = await agent.post('/logout').type('form').send({})
    // then
    expect(noToken.status).to.equal(403)
    expect(noToken.body.error.code).to.equal('CSRF_FAILED')
    expect(wrongToken.status).to.equal(403)
    expect(pageNoToken.status).to.equal(403)
    expect(pageNoToken.text).to.include('Formularz wygasł')
    expect(await db.prisma.auditEvent.count({ where: { action: 'case.register-rejected' } })).to.equal(0)
  })

  it('should accept a cookie-authenticated POST when the CSRF token is in the header or the _csrf field', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const viaHeader = await agent.post('/api/cases').set('X-CSRF-Token', csrf).send({})
    expect(viaHeader.status).to.equal(422) // got past CSRF to validation
    const viaField = await agent.post('/logout').type('form').send({ _csrf: csrf })
    expect(viaField.status).to.equal(303)
    expect(viaField.headers.location).to.equal('/login')
  })

  it('should not ask for a CSRF token when the request carries a bearer token', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).post('/api/cases').set(bearer(token)).send({})
    expect(res.status).to.equal(422)
  })

  it('should ignore form-encoded bodies when they are posted to the API', async () => {
    const res = await request(app).post('/api/session').type('form').send({ login: 'pracownik', password: 'demo' })
    expect(res.status).to.equal(400)
    expect(res.headers['set-cookie']).to.equal(undefined)
  })

  it('should let a signed-in browser sign in again without a CSRF token when it posts the login form', async () => {
    const { agent } = await browserFor(app, 'pracownik')
    const form = await agent.get('/login?force=1')
    expect(form.status).to.equal(303) // already signed in
    const res = await agent.post('/api/session').send({ login: 'kierownik', password: 'demo' })
    expect(res.status).to.equal(200)
    expect(res.body.user.login).to.equal('kierownik')
  })

  it('should refuse the login form when its double-submit token does not match', async () => {
    const res = await request(app).post('/login').type('form').send({ login: 'pracownik', password: 'demo', loginToken: 'forged' })
    expect(res.status).to.equal(403)
    expect(res.headers['set-cookie'] ?? []).not.to.satisfy((c: string[]) => c.some((x) => x.startsWith('wf_session=')))
  })

  it('should answer a generic 500 that leaks nothing when a route fails unexpectedly', async () => {
    // given
    const lines: string[] = []
    const logged = await createWebTestApp(db, { logger: createLogger({ level: 'info', write: (l) => lines.push(l) }) })
    ;(logged.engine as FakeEngine).failList = new Error('secret connection string postgres://u:p@h/db')
    const token = await tokenFor(logged.app, 'pracownik')
    // when
    const res = await request(logged.app).get('/api/procedures').set(bearer(token))
    // then
    expect(res.status).to.equal(500)
    expect(res.body).to.deep.equal({ error: { code: 'INTERNAL', message: 'Wystąpił nieoczekiwany błąd. Spróbuj ponownie później.' } })
    expect(JSON.stringify(res.body)).not.to.include('secret')
    expect(lines.some((l) => l.includes('"unhandled error"'))).to.equal(true)
    void fakeEngine
  })

  it('should answer 400 without details when the JSON body is malformed', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).post('/api/cases').set(bearer(token)).set('Content-Type', 'application/json').send('{"procedure":')
    expect(res.status).to.equal(400)
    expect(res.body.error.code).to.equal('BAD_REQUEST')
  })

  it('should answer 404 JSON when an API route does not exist', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).get('/api/nothing-here').set(bearer(token))
    expect(res.status).to.equal(404)
    expect(res.body.error.code).to.equal('NOT_FOUND')
  })

  it('should never log request bodies, passwords or PESEL numbers when handling requests', async () => {
    const lines: string[] = []
    const logged = await createWebTestApp(db, { logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }) })
    await request(logged.app).post('/api/session').send({ login: 'pracownik', password: 'wrong-password-123' })
    const token = await tokenFor(logged.app, 'pracownik')
    await request(logged.app).post('/api/cases').set(bearer(token)).send({
      procedure: 'benefit-application', receivedAt: '2026-03-01', urgent: false, benefit: 'zasilek-okresowy',
      applicant: { pesel: '44051401359', firstName: 'Jan', lastName: 'Kowalski' },
    })
    const all = lines.join('\n')
    expect(all).not.to.include('wrong-password-123')
    expect(all).not.to.include('44051401359')
    expect(all).not.to.include('Kowalski')
    expect(all).not.to.include(token)
    expect(lines.every((l) => JSON.parse(l).level !== undefined)).to.equal(true)
  })
})
