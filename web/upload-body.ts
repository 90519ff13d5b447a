// Reads a request body with byte limits counted while it streams (Content-Length is checked before anything is
// read), and a small multipart/form-data parser for the browser's uploads. Compressed bodies are refused: a
// small gzip could expand past every limit. No temp files: a body is at most the request limit in memory.
import type { IncomingMessage } from 'node:http'

export class UploadTooLarge extends Error {
  constructor(readonly what: 'request' | 'file', readonly limit: number, readonly fileName?: string) {
    super(`The ${what === 'request' ? 'upload' : `file ${fileName ?? ''}`} is larger than ${limit} bytes`)
    this.name = 'UploadTooLarge'
  }
}

export class BadUpload extends Error {
  constructor(message: string, readonly status = 400) {
    super(message)
    this.name = 'BadUpload'
  }
}

/** The whole body, refused with UploadTooLarge as soon as it passes `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (req.readableEnded || (req as { _body?: boolean })._body) return Promise.reject(new BadUpload('The body was already read'))
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase()
  if (encoding !== 'identity') return Promise.reject(new BadUpload('Compressed uploads are not accepted', 415))
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new UploadTooLarge('request', maxBytes))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    let done = false
    const finish = (err: Error | null) => {
      if (done) return
      done = true
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted)
      if (err) {
        chunks.length = 0
        req.resume() // discard the rest; the answer goes out at once
        reject(err)
      } else resolve(Buffer.concat(chunks, received))
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > maxBytes) return finish(new UploadTooLarge('request', maxBytes))
      chunks.push(chunk)
    }
    const onEnd = () => finish(null)
    const onError = (err: Error) => finish(err)
    const onAborted = () => finish(new BadUpload('The upload was aborted'))
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted)
  })
}

export interface FormPart {
  /** The form field name. */
  field: string
  /** The file name for file parts (without any folder), null for plain fields. */
  fileName: string | null
  data: Buffer
}

export interface MultipartLimits {
  maxParts: number
  maxFileBytes: number
  /** Plain (non-file) fields, e.g. the comment. */
  maxFieldBytes: number
}

const CRLF = Buffer.from('\r\n')
const HEADER_END = Buffer.from('\r\n\r\n')

export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType)
  return match ? (match[1] ?? match[2]) : null
}

function dispositionParam(header: string, param: string): string | null {
  const match = new RegExp(`;\\s*${param}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${param}=([^;\\s]+)`, 'i').exec(header)
  return match ? match[1].replace(/\\"/g, '"') : null
}

/** Splits a multipart/form-data body into parts (RFC 7578). Throws BadUpload or UploadTooLarge. */
export function parseMultipart(body: Buffer, boundary: string, limits: MultipartLimits): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const parts: FormPart[] = []
  let pos = body.indexOf(delimiter)
  if (pos !== 0 && !(pos > 0 && body.subarray(pos - 2, pos).equals(CRLF))) throw new BadUpload('Malformed multipart body')
  for (;;) {
    pos += delimiter.length
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts // closing delimiter
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw new BadUpload('Malformed multipart body')
    pos += 2
    const headerEnd = body.indexOf(HEADER_END, pos)
    if (headerEnd < 0 || headerEnd - pos > 8 * 1024) throw new BadUpload('Malformed multipart part headers')
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n')
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headerEnd + 4)
    if (next < 0) throw new BadUpload('The multipart body has no closing boundary')
    const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h))
    if (!disposition || !/:\s*form-data\b/i.test(disposition)) throw new BadUpload('A part without Content-Disposition: form-data')
    const field = dispositionParam(disposition, 'name')
    if (field === null) throw new BadUpload('A part without a field name')
    const rawFileName = dispositionParam(disposition, 'filename')
    const fileName = rawFileName === null ? null : (rawFileName.split(/[\\/]/).pop() ?? '')
    const data = body.subarray(headerEnd + 4, next)
    if (fileName !== null && data.length > limits.maxFileBytes) throw new UploadTooLarge('file', limits.maxFileBytes, fileName)
    if (fileName === null && data.length > limits.maxFieldBytes) throw new BadUpload(`The field ${field} is too long`)
    parts.push({ field, fileName, data })
    if (parts.length > limits.maxParts) throw new BadUpload(`At most ${limits.maxParts} parts are accepted`)
    pos = next + 2
  }
}

/** UTF-8 text (a leading byte-order mark removed), or null when the bytes are not valid UTF-8. */
export function utf8Text(data: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data)
  } catch {
    return null
  }
}
