// The body of an editor's draft save (PUT /api/procedures/:id/draft {xml}, PUT /api/forms/:id/draft {schema}): JSON
// only, read with the upload limits while it streams (the app's JSON parser skips these routes), the named text
// field at most one file's size. Answers the refusal itself and returns `{ sent: true }`, or the field's value.
import type { Request, Response } from 'express'
import { jsonProblems } from './input-problems.ts'
import { sendInputProblems } from './middleware/input-guard.ts'
import { sendApiError } from './respond.ts'
import { BadUpload, readBody, UploadTooLarge, utf8Text } from './upload-body.ts'

export async function readDraftField(req: Request, res: Response, field: string, maxFileBytes: number): Promise<{ sent: true } | { sent: false; value: unknown }> {
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    sendApiError(res, 415, 'UNSUPPORTED_MEDIA_TYPE')
    return { sent: true }
  }
  let body: unknown
  try {
    const text = utf8Text(await readBody(req, maxFileBytes + 1024))
    body = text === null ? null : JSON.parse(text)
  } catch (err) {
    if (err instanceof UploadTooLarge) sendApiError(res, 413, 'PAYLOAD_TOO_LARGE', { limit: maxFileBytes })
    else if (err instanceof BadUpload) sendApiError(res, err.status, 'BAD_REQUEST', {}, err.message)
    else if (err instanceof SyntaxError) sendApiError(res, 400, 'BAD_REQUEST')
    else throw err
    return { sent: true }
  }
  const problems = jsonProblems(body) // the input guard's rules: this body skipped the app's JSON parser
  if (problems.length > 0) {
    sendInputProblems(res, problems)
    return { sent: true }
  }
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined
  if (typeof value === 'string' && Buffer.byteLength(value) > maxFileBytes) {
    sendApiError(res, 413, 'PAYLOAD_TOO_LARGE', { limit: maxFileBytes })
    return { sent: true }
  }
  return { sent: false, value }
}
