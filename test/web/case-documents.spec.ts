// The documents of a case: attachments (upload through the API and the case page form, list, byte-exact
// download, type by magic bytes, size limit while streaming, access incl. the Blue Card group, withdrawal,
// audit, CSRF), the decision listed as a system document, and the list on the task page.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { insertTask } from '../helpers/web-fixtures.ts'
import { createUser } from '../../src/users/create-user.ts'
import { BLUE_CARD_TEAM, CASEWORKERS } from '../../src/users/groups.ts'

const CASE_ID = '22222222-2222-4222-8222-222222222222'
const BLUE_CASE_ID = '33333333-3333-4333-8333-333333333333'
const TITLE = 'Wniosek Anny Nowak (skan)'
const FILE_NAME = 'wniosek-nowak.pdf'

/** A PDF-signed file with every byte value in it (and CR/LF and "--" that could confuse a multipart parser). */
function pdfBytes(size = 5000): Buffer {
  const head = Buffer.from('%PDF-1.7\n')
  const body = Buffer.alloc(size - head.length)
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + 7) % 256
  body.write('\r\n--boundary\r\n', 100, 'latin1')
  return Buffer.concat([head, body])
}
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 1)])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)])
const HTML_AS_PDF = Buffer.from('<html><script>alert(1)</script></html>')

/** supertest parser: the body as a Buffer, whatever its type. */
const binary = (res: request.Response, done: (err: Error | null, body: unknown) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream
  const chunks: Buffer[] = []
  stream.on('data', (c: Buffer) => chunks.push(c))
  stream.on('end', () => done(null, Buffer.concat(chunks)))
}

describe('web: documents of a case', function () {
  let db: TestDatabase
  let app: Express

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())

  async function build(env: Record<string, string> = {}) {
    await db.reset()
    ;({ app } = await createWebTestApp(db, { env }))
    await db.prisma.case.create({
      data: { id: CASE_ID, number: 'OPS.8311.7.2026', procedure: 'benefit-application', receivedAt: new Date('2026-03-02'), ownerGroup: 'caseworkers' },
    })
  }
  beforeEach(async () => build())

  async function upload(token: string, file: Buffer = pdfBytes(), options: { caseId?: string; name?: string; contentType?: string; kind?: string; title?: string } = {}) {
    return request(app)
      .post(`/api/cases/${options.caseId ?? CASE_ID}/documents`)
      .set(bearer(token))
      .field('kind', options.kind ?? 'application')
      .field('title', options.title ?? TITLE)
      .attach('file', file, { filename: options.name ?? FILE_NAME, contentType: options.contentType ?? 'application/pdf' })
  }
  const list = async (token: string, caseId = CASE_ID) => request(app).get(`/api/cases/${caseId}/documents`).set(bearer(token))
  const documentRows = () => db.prisma.caseDocument.findMany({ select: { id: true, deletedAt: true, deletedById: true } })
  const auditActions = async (prefix: string) =>
    (await db.prisma.auditEvent.findMany({ where: { action: { startsWith: prefix } }, orderBy: { at: 'asc' } })).map((a) => a.action)

  it('should return the file byte-exact with safe headers when a PDF is uploaded, listed and downloaded', async () => {
    const token = await tokenFor(app, 'pracownik')
    const file = pdfBytes()
    const created = await upload(token, file)
    expect(created.status, JSON.stringify(created.body)).to.equal(201)
    expect(created.body).to.include({ kind: 'application', contentType: 'application/pdf', size: file.length, sha256: createHash('sha256').update(file).digest('hex') })

    const listed = await list(token)
    expect(listed.status).to.equal(200)
    expect(listed.body).to.have.length(1)
    expect(listed.body[0]).to.include({
      id: created.body.id, source: 'attachment', kind: 'application', title: TITLE, fileName: FILE_NAME, contentType: 'application/pdf',
      size: file.length, uploadedBy: 'pracownik', uploadedAt: '2026-03-10T09:00:00.000Z', canWithdraw: true,
      href: `/cases/${CASE_ID}/documents/${created.body.id}`,
    })

    const { agent } = await browserFor(app, 'pracownik')
    const res = await agent.get(listed.body[0].href).buffer(true).parse(binary)
    expect(res.status).to.equal(200)
    expect(Buffer.compare(res.body as Buffer, file)).to.equal(0)
    expect(res.headers['content-type']).to.equal('application/pdf')
    expect(res.headers['content-length']).to.equal(String(file.length))
    expect(res.headers['content-disposition']).to.equal(`attachment; filename=${FILE_NAME}`)
    expect(res.headers['x-content-type-options']).to.equal('nosniff')
    expect(res.headers['content-security-policy']).to.include('sandbox')
    expect(res.headers['cache-control']).to.equal('no-store')
  })

  it('should audit upload, list and download with ids only and add the upload to the case history', async () => {
    const token = await tokenFor(app, 'pracownik')
    const id = (await upload(token)).body.id as string
    await list(token)
    const { agent } = await browserFor(app, 'pracownik')
    expect((await agent.get(`/cases/${CASE_ID}/documents/${id}`)).status).to.equal(200)
    const audit = await db.prisma.auditEvent.findMany({ where: { caseId: CASE_ID, action: { in: ['case.document-upload', 'case.documents-read', 'case.document-download'] } } })
    expect(audit.map((a) => a.action).sort()).to.deep.equal(['case.document-download', 'case.document-upload', 'case.documents-read'])
    const upload_ = audit.find((a) => a.action === 'case.document-upload')!
    expect(upload_.details).to.deep.equal({ documentId: id, kind: 'application', contentType: 'application/pdf', size: 5000 })
    expect(audit.find((a) => a.action === 'case.document-download')!.details).to.deep.equal({ documentId: id })
    const everything = JSON.stringify(await db.prisma.auditEvent.findMany())
    expect(everything).not.to.include('Nowak')
    expect(everything).not.to.include('wniosek')
    const event = await db.prisma.caseEvent.findFirstOrThrow({ where: { caseId: CASE_ID, type: 'document-added' } })
    expect(event.data).to.deep.equal({ documentId: id, kind: 'application' })
  })

  it('should accept PNG and JPEG and store the detected type and a safe name when the declared type and name differ', async () => {
    const token = await tokenFor(app, 'pracownik')
    const png = await upload(token, PNG, { name: 'C:\\skany\\zaswiadczenie.exe', contentType: 'application/octet-stream', kind: 'certificate', title: '' })
    const jpeg = await upload(token, JPEG, { name: 'kwestionariusz.JPEG', contentType: 'image/png', kind: 'interview' })
    expect(png.status).to.equal(201)
    expect(png.body.contentType).to.equal('image/png')
    expect(jpeg.body.contentType).to.equal('image/jpeg')
    const rows = await db.prisma.caseDocument.findMany({ orderBy: { kind: 'asc' }, select: { kind: true, fileName: true, title: true, contentType: true } })
    expect(rows).to.deep.equal([
      { kind: 'certificate', fileName: 'zaswiadczenie.exe.png', title: 'zaswiadczenie.exe', contentType: 'image/png' },
      { kind: 'interview', fileName: 'kwestionariusz.jpeg', title: TITLE, contentType: 'image/jpeg' },
    ])
  })

  it('should refuse with 415 and a Polish message and store nothing when the bytes are not PDF, JPEG or PNG whatever the name and type say', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await upload(token, HTML_AS_PDF, { name: 'decyzja.pdf', contentType: 'application/pdf' })
    expect(res.status).to.equal(415)
    expect(res.body.error.code).to.equal('DOCUMENT_TYPE_NOT_ALLOWED')
    expect(res.body.error.message).to.equal('Nieobsługiwany rodzaj pliku: przyjmujemy tylko PDF, JPEG i PNG (rozpoznane po zawartości pliku).')
    expect(await documentRows()).to.have.length(0)
    const rejected = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.document-upload-rejected' } })
    expect(rejected.details).to.deep.equal({ reason: 'type' })

    const { agent, csrf } = await browserFor(app, 'pracownik')
    const page = await agent.post(`/cases/${CASE_ID}/documents`).field('_csrf', csrf).field('kind', 'other').attach('file', HTML_AS_PDF, 'list.pdf')
    expect(page.status).to.equal(303)
    expect(page.headers.location).to.match(new RegExp(`^/cases/${CASE_ID}\\?notice=documentType&f=[\\w-]{16}#case-documents$`)) // the kind typed is kept
    const shown = await agent.get(page.headers.location)
    expect(shown.text).to.include('Nie dodano dokumentu: to nie jest plik PDF, JPEG ani PNG')
    expect(await documentRows()).to.have.length(0)
  })

  it('should answer 422 when the kind is not on the list, the title too long, or the file missing or empty', async () => {
    const token = await tokenFor(app, 'pracownik')
    const badKind = await upload(token, pdfBytes(), { kind: 'passport' })
    expect(badKind.status).to.equal(422)
    expect(badKind.body.error.fields).to.have.property('kind')
    expect((await upload(token, pdfBytes(), { title: 'x'.repeat(201) })).body.error.fields).to.have.property('title')
    const empty = await upload(token, Buffer.alloc(0))
    expect([empty.status, empty.body.error.code]).to.deep.equal([422, 'DOCUMENT_EMPTY'])
    const missing = await request(app).post(`/api/cases/${CASE_ID}/documents`).set(bearer(token)).field('kind', 'other')
    expect([missing.status, missing.body.error.code]).to.deep.equal([422, 'DOCUMENT_MISSING'])
    const json = await request(app).post(`/api/cases/${CASE_ID}/documents`).set(bearer(token)).send({ kind: 'other' })
    expect(json.status).to.equal(415)
    expect(await documentRows()).to.have.length(0)
  })

  describe('size limit (MAX_DOCUMENT_BYTES)', () => {
    beforeEach(async () => build({ MAX_DOCUMENT_BYTES: '2048' }))

    it('should answer 413 with the limit in Polish and store nothing when the file is over MAX_DOCUMENT_BYTES', async () => {
      const token = await tokenFor(app, 'pracownik')
      expect((await upload(token, pdfBytes(2048))).status).to.equal(201)
      const over = await upload(token, pdfBytes(2049))
      expect(over.status).to.equal(413)
      expect(over.body.error).to.deep.include({ code: 'DOCUMENT_TOO_LARGE', limit: 2048, message: 'Plik jest za duży: najwyżej 2 kB.' })
      const wayOver = await upload(token, pdfBytes(200_000))
      expect(wayOver.status).to.equal(413)
      expect(await documentRows()).to.have.length(1)
      expect(await auditActions('case.document-upload-rejected')).to.deep.equal(['case.document-upload-rejected', 'case.document-upload-rejected'])
    })

    it('should answer 413 before the body ends when a chunked upload without Content-Length passes the limit', async () => {
      const token = await tokenFor(app, 'pracownik')
      const server = http.createServer(app)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      try {
        const { port } = server.address() as AddressInfo
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.request({
            host: '127.0.0.1', port, method: 'POST', path: `/api/cases/${CASE_ID}/documents`,
            headers: { ...bearer(token), 'Content-Type': 'multipart/form-data; boundary=XyZ', 'Transfer-Encoding': 'chunked' },
          })
          req.on('response', (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
            req.destroy()
          })
          req.on('error', (err) => reject(err))
          req.write('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-')
          // 256 KiB (four times the request limit) and then wait, never ending the request
          for (let i = 0; i < 64; i++) req.write(Buffer.alloc(4096, 0x41))
        })
        expect(status).to.equal(413)
      } finally {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      }
      expect(await documentRows()).to.have.length(0)
    })

    it('should show a Polish error page with a way back when the case page form sends a file over the limit', async () => {
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const res = await agent.post(`/cases/${CASE_ID}/documents`).field('_csrf', csrf).field('kind', 'other').attach('file', pdfBytes(100_000), 'duzy.pdf')
      expect(res.status).to.equal(413)
      expect(res.text).to.include('Plik jest za duży: najwyżej 2 kB.')
      expect(res.text).to.include(`href="/cases/${CASE_ID}#case-documents"`)
      expect(await documentRows()).to.have.length(0)
    })
  })

  it('should default the limit to 10 MiB and refuse a MAX_DOCUMENT_BYTES that is not a size', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config.ts')
    expect(loadConfig({}).maxDocumentBytes).to.equal(10 * 1024 * 1024)
    expect(loadConfig({ MAX_DOCUMENT_BYTES: '4096' }).maxDocumentBytes).to.equal(4096)
    for (const bad of ['10MB', '100', String(51 * 1024 * 1024)]) {
      expect(() => loadConfig({ MAX_DOCUMENT_BYTES: bad })).to.throw(ConfigError, 'MAX_DOCUMENT_BYTES')
    }
  })

  it('should answer 403 to a caseworker outside the case group and 404 for an unknown case, reading no upload', async () => {
    const id = (await upload(await tokenFor(app, 'pracownik'))).body.id as string
    const outsider = await tokenFor(app, 'asystent')
    expect((await list(outsider)).status).to.equal(403)
    expect((await upload(outsider)).status).to.equal(403)
    expect((await request(app).post(`/api/cases/${CASE_ID}/documents/${id}/withdraw`).set(bearer(outsider))).status).to.equal(403)
    const { agent, csrf } = await browserFor(app, 'asystent')
    expect((await agent.get(`/cases/${CASE_ID}/documents/${id}`)).status).to.equal(403)
    const pageUpload = await agent.post(`/cases/${CASE_ID}/documents`).field('_csrf', csrf).field('kind', 'other').attach('file', pdfBytes(), 'a.pdf')
    expect(pageUpload.status).to.equal(403)
    expect((await list(outsider, '00000000-0000-4000-8000-000000000000')).status).to.equal(404)
    expect((await agent.get(`/cases/00000000-0000-4000-8000-000000000000/documents/${id}`)).status).to.equal(404)
    // a document of another case is not reachable through this one
    await db.prisma.case.create({ data: { id: BLUE_CASE_ID, procedure: 'crisis-intervention', receivedAt: new Date('2026-03-02'), ownerGroup: 'caseworkers' } })
    const { agent: member } = await browserFor(app, 'pracownik')
    expect((await member.get(`/cases/${BLUE_CASE_ID}/documents/${id}`)).status).to.equal(404)
    expect(await documentRows()).to.have.length(1)
    const denied = await auditActions('case.document')
    expect(denied).to.include.members(['case.document-upload-denied', 'case.document-download-denied', 'case.document-withdraw-denied'])
    expect(await auditActions('case.documents-read-denied')).to.have.length(1)
  })

  it('should hide a Blue Card case\'s documents from managers and administrators and show them to the group', async () => {
    await createUser(db.prisma, { login: 'zespol', displayName: 'Członek GDP', password: 'demo', groups: [CASEWORKERS, BLUE_CARD_TEAM] })
    await db.prisma.case.create({ data: { id: BLUE_CASE_ID, procedure: 'blue-card', receivedAt: new Date('2026-03-02'), ownerGroup: BLUE_CARD_TEAM } })
    const member = await tokenFor(app, 'zespol')
    const created = await upload(member, pdfBytes(), { caseId: BLUE_CASE_ID, kind: 'correspondence', title: 'Formularz A' })
    expect(created.status).to.equal(201)
    expect((await list(member, BLUE_CASE_ID)).body.map((d: { id: string }) => d.id)).to.deep.equal([created.body.id])
    for (const login of ['kierownik', 'admin', 'pracownik']) {
      expect((await list(await tokenFor(app, login), BLUE_CASE_ID)).status, login).to.equal(403)
      const { agent } = await browserFor(app, login)
      const download = await agent.get(`/cases/${BLUE_CASE_ID}/documents/${created.body.id}`)
      expect(download.status, login).to.equal(403)
      expect(download.text).not.to.include('Formularz A')
      expect((await request(app).post(`/api/cases/${BLUE_CASE_ID}/documents/${created.body.id}/withdraw`).set(bearer(await tokenFor(app, login)))).status).to.equal(403)
    }
    expect((await db.prisma.caseDocument.findFirstOrThrow()).deletedAt).to.equal(null)
  })

  it('should hide a withdrawn document from the list and downloads but keep its row, when the uploader or a manager withdraws it', async () => {
    const author = await tokenFor(app, 'pracownik')
    const first = (await upload(author)).body.id as string
    const second = (await upload(author, PNG, { name: 'b.png' })).body.id as string

    const other = await request(app).post(`/api/cases/${CASE_ID}/documents/${first}/withdraw`).set(bearer(await tokenFor(app, 'pracownik2')))
    expect(other.status).to.equal(403)
    expect((await list(await tokenFor(app, 'pracownik2'))).body.find((d: { id: string }) => d.id === first).canWithdraw).to.equal(false)

    const own = await request(app).post(`/api/cases/${CASE_ID}/documents/${first}/withdraw`).set(bearer(author))
    expect(own.status).to.equal(200)
    expect(own.body).to.deep.equal({ id: first, withdrawnAt: '2026-03-10T09:00:00.000Z' })
    const manager = await request(app).post(`/api/cases/${CASE_ID}/documents/${second}/withdraw`).set(bearer(await tokenFor(app, 'kierownik')))
    expect(manager.status).to.equal(200)
    expect((await request(app).post(`/api/cases/${CASE_ID}/documents/${second}/withdraw`).set(bearer(author))).status).to.equal(404)

    expect((await list(author)).body).to.deep.equal([])
    const rows = await db.prisma.caseDocument.findMany({ orderBy: { uploadedAt: 'asc' }, select: { id: true, deletedAt: true, deletedById: true, size: true } })
    expect(rows).to.have.length(2)
    expect(rows.every((r) => r.deletedAt !== null && r.deletedById !== null && r.size > 0)).to.equal(true)
    const { agent } = await browserFor(app, 'pracownik')
    expect((await agent.get(`/cases/${CASE_ID}/documents/${first}`)).status).to.equal(404)
    expect(await auditActions('case.document-withdraw')).to.deep.equal(['case.document-withdraw-denied', 'case.document-withdraw', 'case.document-withdraw'])
    expect(await db.prisma.caseEvent.count({ where: { caseId: CASE_ID, type: 'document-withdrawn' } })).to.equal(2)
  })

  it('should upload, list and withdraw from the case page when the CSRF token is sent, and refuse without it', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    let page = await agent.get(`/cases/${CASE_ID}`)
    expect(page.text).to.include('<h2 id="case-documents">Dokumenty</h2>')
    expect(page.text).to.include(`action="/cases/${CASE_ID}/documents" enctype="multipart/form-data"`)
    expect(page.text).to.include('PDF, JPEG albo PNG, najwyżej 10 MB.')
    expect(page.text).to.include('<label for="document-file">')

    const noToken = await agent.post(`/cases/${CASE_ID}/documents`).field('kind', 'application').attach('file', pdfBytes(), FILE_NAME)
    expect(noToken.status).to.equal(403)
    const wrongToken = await agent.post(`/cases/${CASE_ID}/documents`).field('_csrf', 'x'.repeat(csrf.length)).field('kind', 'application').attach('file', pdfBytes(), FILE_NAME)
    expect(wrongToken.status).to.equal(403)
    const cookieApi = await agent.post(`/api/cases/${CASE_ID}/documents`).field('_csrf', csrf).field('kind', 'application').attach('file', pdfBytes(), FILE_NAME)
    expect([cookieApi.status, cookieApi.body.error.code]).to.deep.equal([403, 'CSRF_FAILED'])
    expect(await documentRows()).to.have.length(0)

    // a file of the wrong type: refused, and the form comes back with the kind and title typed (not in the address)
    const wrongType = await agent.post(`/cases/${CASE_ID}/documents`).field('_csrf', csrf).field('kind', 'certificate').field('title', TITLE).attach('file', Buffer.from('zwykły tekst, nie PDF'), 'notatka.txt')
    expect(wrongType.status).to.equal(303)
    expect(wrongType.headers.location).to.match(new RegExp(`^/cases/${CASE_ID}\\?notice=\\w+&f=[\\w-]{16}#case-documents$`))
    expect(decodeURIComponent(wrongType.headers.location)).not.to.include(TITLE)
    const again = await agent.get(wrongType.headers.location)
    expect(again.text).to.include('<option value="certificate" selected>')
    expect(again.text).to.include(`id="document-title" name="title" maxlength="200" value="${TITLE}"`)
    expect(await documentRows()).to.have.length(0)

    const saved = await agent.post(`/cases/${CASE_ID}/documents`).field('_csrf', csrf).field('kind', 'application').field('title', TITLE).attach('file', pdfBytes(), FILE_NAME)
    expect(saved.status).to.equal(303)
    expect(saved.headers.location).to.equal(`/cases/${CASE_ID}?notice=documentUploaded#case-documents`)
    const [doc] = await documentRows()
    page = await agent.get(saved.headers.location)
    expect(page.text).to.include('Dokument dodany.')
    expect(page.text).to.include(TITLE)
    expect(page.text).to.include('Wniosek</td>')
    expect(page.text).to.include(`href="/cases/${CASE_ID}/documents/${doc.id}" download>${FILE_NAME}</a>`)
    expect(page.text).to.include('5 kB')
    expect(page.text).to.include(`action="/cases/${CASE_ID}/documents/${doc.id}/withdraw"`)

    const withdrawNoToken = await agent.post(`/cases/${CASE_ID}/documents/${doc.id}/withdraw`).type('form').send({})
    expect(withdrawNoToken.status).to.equal(403)
    const unconfirmed = await agent.post(`/cases/${CASE_ID}/documents/${doc.id}/withdraw`).type('form').send({ _csrf: csrf })
    expect(unconfirmed.headers.location).to.equal(`/cases/${CASE_ID}?notice=documentWithdrawConfirm#case-documents`)
    expect((await db.prisma.caseDocument.findUniqueOrThrow({ where: { id: doc.id } })).deletedAt).to.equal(null) // nothing withdrawn
    expect(page.text).to.include('name="confirm" value="yes"')
    const withdrawn = await agent.post(`/cases/${CASE_ID}/documents/${doc.id}/withdraw`).type('form').send({ _csrf: csrf, confirm: 'yes' })
    expect(withdrawn.headers.location).to.equal(`/cases/${CASE_ID}?notice=documentWithdrawn#case-documents`)
    page = await agent.get(`/cases/${CASE_ID}`)
    expect(page.text).not.to.include(FILE_NAME)
    expect((await db.prisma.caseDocument.findUniqueOrThrow({ where: { id: doc.id } })).deletedAt).not.to.equal(null)
  })

  it('should list the decision as a system document once it is drafted', async () => {
    const definition = await db.prisma.processDefinition.create({
      data: { processId: 'benefit-application', version: 1, name: 'Wniosek', resourceName: 'b.bpmn', xml: '<x/>', checksum: 'c' },
    })
    await db.prisma.processInstance.create({
      data: { definitionId: definition.id, processId: 'benefit-application', businessKey: CASE_ID, status: 'waiting', startedAt: new Date('2026-03-02'), variables: { proposedOutcome: 'granted' } },
    })
    const token = await tokenFor(app, 'pracownik')
    await upload(token)
    const listed = (await list(token)).body as { id: string; source: string; title: string; draft: boolean; href: string }[]
    expect(listed.map((d) => [d.id, d.source, d.title, d.draft])).to.deep.equal([
      ['decision-html', 'system', 'Projekt decyzji', true],
      ['decision-pdf', 'system', 'Projekt decyzji', true],
      [listed[2].id, 'attachment', TITLE, false],
    ])
    expect(listed[1].href).to.equal(`/cases/${CASE_ID}/decision.pdf`)
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get(`/cases/${CASE_ID}`)
    expect(page.text).to.include(`<a href="/cases/${CASE_ID}/decision.pdf">Pobierz (PDF)</a>`)
  })

  it('should show the case\'s documents on the task page when the user may see the case', async () => {
    const token = await tokenFor(app, 'pracownik')
    await upload(token)
    const task = await insertTask(db.prisma, { caseId: CASE_ID })
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get(`/tasks/${task.id}`)
    expect(page.status).to.equal(200)
    expect(page.text).to.include('<h2 id="case-documents">Dokumenty</h2>')
    expect(page.text).to.include(TITLE)
    expect(page.text).to.include(`href="/cases/${CASE_ID}#case-documents"`)
    expect(page.text).not.to.include('enctype="multipart/form-data"')
  })
})
