// Case notes: the API (versions, who may add a version, 404, 422) and the form on the case page.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'

const CASE_ID = '11111111-1111-4111-8111-111111111111'

describe('web: case notes', function () {
  let db: TestDatabase
  let app: Express

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    ;({ app } = await createWebTestApp(db))
    await db.prisma.case.create({
      data: { id: CASE_ID, number: 'OPS.8311.1.2026', procedure: 'benefit-application', receivedAt: new Date('2026-03-02'), ownerGroup: 'caseworkers' },
    })
  })

  async function addNote(token: string, body: unknown = 'Rozmowa telefoniczna z wnioskodawcą.') {
    return request(app).post(`/api/cases/${CASE_ID}/notes`).set(bearer(token)).send({ body })
  }

  it('should keep every version and show the latest with its history when a note is revised', async () => {
    const token = await tokenFor(app, 'pracownik')
    const created = await addNote(token)
    expect(created.status).to.equal(201)
    expect(created.body.version).to.equal(1)
    const noteId = created.body.noteId as string
    const revised = await request(app).put(`/api/cases/${CASE_ID}/notes/${noteId}`).set(bearer(token)).send({ body: 'Poprawiona treść.' })
    expect(revised.status).to.equal(200)
    expect(revised.body).to.deep.equal({ noteId, version: 2 })

    const list = await request(app).get(`/api/cases/${CASE_ID}/notes`).set(bearer(token))
    expect(list.status).to.equal(200)
    expect(list.body).to.have.length(1)
    expect(list.body[0]).to.include({ noteId, version: 2, body: 'Poprawiona treść.', author: 'pracownik' })
    expect(list.body[0].history.map((h: { version: number; body: string }) => [h.version, h.body])).to.deep.equal([[1, 'Rozmowa telefoniczna z wnioskodawcą.']])
    expect(await db.prisma.caseNote.count({ where: { noteId } })).to.equal(2)

    const audit = await db.prisma.auditEvent.findMany({ where: { caseId: CASE_ID, action: { in: ['case.note-add', 'case.note-revise'] } } })
    expect(audit).to.have.length(2)
    expect(JSON.stringify(audit)).not.to.include('Poprawiona')
  })

  it('should refuse a new version with 403 when another caseworker edits, and allow a manager', async () => {
    const noteId = (await addNote(await tokenFor(app, 'pracownik'))).body.noteId as string
    const other = await request(app).put(`/api/cases/${CASE_ID}/notes/${noteId}`).set(bearer(await tokenFor(app, 'pracownik2'))).send({ body: 'Cudza zmiana.' })
    expect(other.status).to.equal(403)
    const manager = await request(app).put(`/api/cases/${CASE_ID}/notes/${noteId}`).set(bearer(await tokenFor(app, 'kierownik'))).send({ body: 'Uzupełnienie kierownika.' })
    expect(manager.status).to.equal(200)
    expect(manager.body.version).to.equal(2)
  })

  it('should answer 403 when the user may not see the case', async () => {
    const token = await tokenFor(app, 'asystent')
    expect((await addNote(token)).status).to.equal(403)
    expect((await request(app).get(`/api/cases/${CASE_ID}/notes`).set(bearer(token))).status).to.equal(403)
  })

  it('should answer 404 when the case or the note does not exist', async () => {
    const token = await tokenFor(app, 'pracownik')
    const noCase = await request(app).post('/api/cases/00000000-0000-0000-0000-000000000000/notes').set(bearer(token)).send({ body: 'x' })
    expect(noCase.status).to.equal(404)
    const noNote = await request(app).put(`/api/cases/${CASE_ID}/notes/00000000-0000-0000-0000-000000000000`).set(bearer(token)).send({ body: 'x' })
    expect(noNote.status).to.equal(404)
  })

  it('should answer 422 by field when the body is missing, blank, not text or too long', async () => {
    const token = await tokenFor(app, 'pracownik')
    for (const body of [null, '   ', 42, 'x'.repeat(4001)]) {
      const res = await addNote(token, body)
      expect(res.status, String(body).slice(0, 10)).to.equal(422)
      expect(res.body.error.fields).to.have.property('body')
    }
    expect((await addNote(token, 'x'.repeat(4000))).status).to.equal(201)
    const noteId = (await addNote(token)).body.noteId as string
    const res = await request(app).put(`/api/cases/${CASE_ID}/notes/${noteId}`).set(bearer(token)).send({ body: '' })
    expect(res.status).to.equal(422)
  })

  it('should add a note and a new version from the case page form when the CSRF token is sent', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    let page = await agent.get(`/cases/${CASE_ID}`)
    expect(page.text).to.include(`action="/cases/${CASE_ID}/notes"`)
    expect(page.text).to.include('<label for="note-body">')

    const refused = await agent.post(`/cases/${CASE_ID}/notes`).type('form').send({ body: 'Bez tokenu.' })
    expect(refused.status).to.equal(403)

    const saved = await agent.post(`/cases/${CASE_ID}/notes`).type('form').send({ _csrf: csrf, body: 'Notatka ze strony.' })
    expect(saved.status).to.equal(303)
    expect(saved.headers.location).to.equal(`/cases/${CASE_ID}?notice=noteSaved#case-notes`)
    const note = await db.prisma.caseNote.findFirstOrThrow({ where: { caseId: CASE_ID } })

    const invalid = await agent.post(`/cases/${CASE_ID}/notes`).type('form').send({ _csrf: csrf, body: ' ' })
    expect(invalid.headers.location).to.equal(`/cases/${CASE_ID}?notice=noteInvalid#case-notes`)

    const revised = await agent.post(`/cases/${CASE_ID}/notes/${note.noteId}`).type('form').send({ _csrf: csrf, body: 'Druga wersja.' })
    expect(revised.status).to.equal(303)
    page = await agent.get(`/cases/${CASE_ID}`)
    expect(page.text).to.include('Druga wersja.')
    expect(page.text).to.include('Notatka ze strony.')
    expect(page.text).to.include(`action="/cases/${CASE_ID}/notes/${note.noteId}"`)

    const { agent: other, csrf: otherCsrf } = await browserFor(app, 'pracownik2')
    const otherPage = await other.get(`/cases/${CASE_ID}`)
    expect(otherPage.text).not.to.include(`action="/cases/${CASE_ID}/notes/${note.noteId}"`)
    const forbidden = await other.post(`/cases/${CASE_ID}/notes/${note.noteId}`).type('form').send({ _csrf: otherCsrf, body: 'Nie moja.' })
    expect(forbidden.headers.location).to.equal(`/cases/${CASE_ID}?notice=noteForbidden#case-notes`)
  })
})
