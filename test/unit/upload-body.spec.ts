import { expect } from 'chai'
import type { IncomingMessage } from 'node:http'
import { PassThrough } from 'node:stream'
import { BadUpload, multipartBoundary, parseMultipart, readBody, UploadTooLarge, utf8Text } from '../../web/upload-body.ts'
import { unsafeXmlDeclaration } from '../../src/procedures/unsafe-xml.ts'

/** A request body that arrives in chunks, without Content-Length (chunked transfer). */
function streamed(chunks: Buffer[], headers: Record<string, string> = {}): IncomingMessage & { delivered: () => number } {
  const stream = new PassThrough() as unknown as IncomingMessage & { delivered: () => number }
  let delivered = 0
  ;(stream as { headers: Record<string, string> }).headers = headers
  stream.delivered = () => delivered
  const feed = (i: number) => {
    if (i === chunks.length) return (stream as unknown as PassThrough).end()
    delivered++
    ;(stream as unknown as PassThrough).write(chunks[i])
    setImmediate(() => feed(i + 1))
  }
  setImmediate(() => feed(0))
  return stream
}

const LIMITS = { maxParts: 10, maxFileBytes: 100, maxFieldBytes: 50 }

function multipart(boundary: string, parts: { name: string; filename?: string; body: string }[]): Buffer {
  const text = parts
    .map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n\r\n${p.body}\r\n`)
    .join('')
  return Buffer.from(`${text}--${boundary}--\r\n`)
}

describe('upload bodies', () => {
  it('should stop reading with UploadTooLarge as soon as a streamed body passes the limit', async () => {
    const req = streamed(Array.from({ length: 50 }, () => Buffer.alloc(1000, 97)))
    let error: unknown
    try {
      await readBody(req, 3500)
    } catch (err) {
      error = err
    }
    expect(error).to.be.instanceOf(UploadTooLarge)
    expect(req.delivered(), 'chunks read before refusing').to.be.lessThan(10)
  })

  it('should refuse at once when Content-Length is over the limit, and refuse compressed bodies', async () => {
    const tooLong = readBody(streamed([], { 'content-length': '999999' }), 1000)
    const gzip = readBody(streamed([], { 'content-encoding': 'gzip' }), 1000)
    await tooLong.then(() => expect.fail('resolved'), (err) => expect(err).to.be.instanceOf(UploadTooLarge))
    await gzip.then(() => expect.fail('resolved'), (err) => expect(err).to.be.instanceOf(BadUpload))
  })

  it('should read a body under the limit whole', async () => {
    const body = await readBody(streamed([Buffer.from('ab'), Buffer.from('cd')]), 10)
    expect(body.toString()).to.equal('abcd')
  })

  it('should split multipart/form-data into file parts and fields when the body is well formed', () => {
    const boundary = multipartBoundary('multipart/form-data; boundary=----x1')
    expect(boundary).to.equal('----x1')
    const parts = parseMultipart(multipart('----x1', [
      { name: 'comment', body: 'Zmiana nazwy' },
      { name: 'files', filename: 'C:\\Users\\k\\a.bpmn', body: '<xml>\r\n--not-a-boundary</xml>' },
    ]), '----x1', LIMITS)
    expect(parts.map((p) => [p.field, p.fileName, p.data.toString()])).to.deep.equal([
      ['comment', null, 'Zmiana nazwy'],
      ['files', 'a.bpmn', '<xml>\r\n--not-a-boundary</xml>'],
    ])
  })

  it('should throw when a file part is over the per-file limit or the body is malformed', () => {
    expect(() => parseMultipart(multipart('b', [{ name: 'files', filename: 'a.bpmn', body: 'x'.repeat(101) }]), 'b', LIMITS)).to.throw(UploadTooLarge)
    expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nno end'), 'b', LIMITS)).to.throw(BadUpload)
    expect(() => parseMultipart(Buffer.from('garbage'), 'b', LIMITS)).to.throw(BadUpload)
    expect(multipartBoundary('application/json')).to.equal(null)
  })

  it('should decode UTF-8 and refuse other encodings', () => {
    expect(utf8Text(Buffer.from('\uFEFFzażółć'))).to.equal('zażółć')
    expect(utf8Text(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).to.equal(null)
  })

  it('should find DTD and entity declarations in any letter case', () => {
    expect(unsafeXmlDeclaration('<?xml version="1.0"?><!doctype x>')).to.equal('DOCTYPE')
    expect(unsafeXmlDeclaration('<a/><! ENTITY x "y">')).to.equal('ENTITY')
    expect(unsafeXmlDeclaration('<bpmn:definitions><!-- plain comment --></bpmn:definitions>')).to.equal(null)
  })
})
