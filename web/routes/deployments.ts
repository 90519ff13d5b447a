// POST /api/deployments deploys BPMN files and forms as new versions; POST /api/deployments/check is the dry
// run (the problems and lint warnings, nothing deployed). Both take JSON {files:[{name,content}], comment} or multipart/form-data
// (file parts + a `comment` field) from the browser. These routes read their own bodies (see readsOwnBody): only
// after the caller is known to be a manager, with byte limits counted while the body streams.
import { Router, type Request, type Response } from 'express'
import type { DeployResource } from '../../engine/port.ts'
import {
  audit,
  checkProcedures,
  DeploymentRejected,
  deployProcedures,
  normaliseComment,
  requireProcedureManager,
  type DeploymentRequest,
} from '../../src/procedures/deploy-procedures.ts'
import { MAX_COMMENT_LENGTH, uploadLimits, type UploadLimits } from '../../src/procedures/upload-limits.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { sendApiError } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'
import { BadUpload, multipartBoundary, parseMultipart, readBody, UploadTooLarge, utf8Text } from '../upload-body.ts'
import { fieldProblems, hasControlCharacter, jsonProblems, printableName, UnsafeInput, type InputProblem } from '../input-problems.ts'
import { sendInputProblems } from '../middleware/input-guard.ts'

/** Requests whose body the procedure routes read themselves, with their own limits: deployments (and the dry
 * run) and editor drafts (PUT /api/procedures/:id/draft, routes/procedure-drafts.ts; PUT /api/forms/:id/draft,
 * routes/forms.ts). */
const OWN_BODY: { method: string; path: RegExp }[] = [
  { method: 'POST', path: /^\/api\/deployments(\/check)?\/?$/i },
  { method: 'PUT', path: /^\/api\/procedures\/[^/]+\/draft\/?$/i },
  { method: 'PUT', path: /^\/api\/forms\/[^/]+\/draft\/?$/i },
]

/** True for the requests whose body the procedure routes read themselves (the app's JSON parser skips them). */
export function readsOwnBody(req: Request): boolean {
  const path = req.originalUrl.split('?')[0]
  return OWN_BODY.some((r) => r.method === req.method && r.path.test(path))
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Reads the upload; throws UploadTooLarge or BadUpload. Files that are not UTF-8 text are answered as problems. */
async function readUpload(req: Request, limits: UploadLimits): Promise<DeploymentRequest & { encodingProblems: string[] }> {
  const contentType = req.headers['content-type'] ?? ''
  const boundary = multipartBoundary(contentType)
  const isJson = /^application\/json\s*(;|$)/i.test(contentType)
  if (!boundary && !isJson) throw new BadUpload('Send application/json or multipart/form-data', 415)
  const body = await readBody(req, limits.maxRequestBytes)
  if (boundary) {
    const parts = parseMultipart(body, boundary, { maxParts: limits.maxFiles + 5, maxFileBytes: limits.maxFileBytes, maxFieldBytes: MAX_COMMENT_LENGTH * 4 })
    const files: DeployResource[] = []
    const encodingProblems: string[] = []
    let comment: string | null = null
    const fields: Record<string, string> = {}
    const fileNameProblems: InputProblem[] = []
    for (const part of parts) {
      if (part.fileName === null) {
        const text = utf8Text(part.data)
        if (text !== null) fields[part.field] = text
        if (part.field === 'comment') comment = normaliseComment(text)
        continue
      }
      if (hasControlCharacter(part.fileName)) fileNameProblems.push({ field: printableName(part.field), code: 'controlCharacter' })
      const content = utf8Text(part.data)
      // a file with a NUL or another control character is not text a database column can hold
      if (content === null || hasControlCharacter(content, true)) encodingProblems.push(part.fileName)
      else files.push({ name: part.fileName, content })
    }
    const problems = [...fieldProblems(fields, { multiline: true }), ...fileNameProblems]
    if (problems.length > 0) throw new UnsafeInput(problems)
    if (files.length + encodingProblems.length > limits.maxFiles) throw new BadUpload(`At most ${limits.maxFiles} files`)
    return { files, comment, encodingProblems }
  }
  let parsed: unknown
  const text = utf8Text(body)
  try {
    parsed = text === null ? undefined : JSON.parse(text)
  } catch {
    parsed = undefined
  }
  const problems = jsonProblems(parsed)
  if (problems.length > 0) throw new UnsafeInput(problems)
  if (!isObject(parsed) || !Array.isArray(parsed.files)) throw new BadUpload('Expected {files:[{name, content}], comment}')
  if (parsed.files.length > limits.maxFiles) throw new BadUpload(`At most ${limits.maxFiles} files`)
  const files: DeployResource[] = parsed.files.map((f: unknown) => {
    if (!isObject(f) || typeof f.name !== 'string' || typeof f.content !== 'string') {
      throw new BadUpload('Every file needs a name and a content (strings)')
    }
    if (Buffer.byteLength(f.content, 'utf8') > limits.maxFileBytes) throw new UploadTooLarge('file', limits.maxFileBytes, f.name)
    return { name: f.name, content: f.content.replace(/^\uFEFF/, '') }
  })
  return { files, comment: normaliseComment(parsed.comment), encodingProblems: [] }
}

function sendRejected(res: Response, problems: { resource: string; elementId: string | null; rule: string; message: string }[]) {
  sendApiError(res, 400, 'DEPLOYMENT_REJECTED', { problems })
}

export function deploymentRoutes(deps: AppDeps): Router {
  const router = Router()
  const limits = uploadLimits(deps.config.maxDeploymentBytes)

  const handle = (dryRun: boolean) => async (req: Request, res: Response) => {
    const who = actor(res)
    const service = { ...serviceDeps(deps, ctx(res).logger) }
    const action = dryRun ? 'deployment.check' : 'deployment'
    await requireProcedureManager(service, who, action) // before a byte of the body is read
    let upload: Awaited<ReturnType<typeof readUpload>>
    try {
      upload = await readUpload(req, limits)
    } catch (err) {
      if (err instanceof UploadTooLarge) {
        await audit(service, who, { action: `${action}.rejected`, details: { reason: 'too-large', limit: err.limit, what: err.what } })
        res.setHeader('Connection', 'close')
        return sendApiError(res, 413, 'PAYLOAD_TOO_LARGE', { limit: err.limit })
      }
      if (err instanceof UnsafeInput) {
        await audit(service, who, { action: `${action}.rejected`, details: { reason: 'bad-request' } })
        return sendInputProblems(res, err.problems)
      }
      if (err instanceof BadUpload) {
        await audit(service, who, { action: `${action}.rejected`, details: { reason: err.status === 415 ? 'media-type' : 'bad-request' } })
        return sendApiError(res, err.status, err.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST', {}, err.message)
      }
      throw err
    }
    const encodingProblems = upload.encodingProblems.map((name) => ({
      resource: name,
      elementId: null,
      rule: 'encoding',
      message: 'The file is not UTF-8 text (or holds a NUL or another control character)',
    }))
    if (dryRun) {
      const checked = await checkProcedures(service, who, upload)
      const problems = [...encodingProblems, ...checked.problems]
      return res.json({ ok: problems.length === 0, problems, warnings: checked.warnings })
    }
    if (encodingProblems.length > 0) {
      await audit(service, who, { action: 'deployment.rejected', details: { files: upload.files.length + encodingProblems.length, problems: encodingProblems.length, rules: 'encoding' } })
      return sendRejected(res, encodingProblems)
    }
    try {
      const result = await deployProcedures(service, who, upload)
      res.status(201).json(result)
    } catch (err) {
      if (err instanceof DeploymentRejected) return sendRejected(res, err.problems)
      throw err
    }
  }

  router.post('/api/deployments', handle(false))
  router.post('/api/deployments/check', handle(true))
  return router
}
