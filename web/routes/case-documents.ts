// The documents of a case (src/cases/case-documents.ts):
//   GET  /api/cases/:id/documents                      the list (system documents, then attachments), JSON
//   POST /api/cases/:id/documents                      attach a file (multipart: file, kind, title), 201
//   POST /api/cases/:id/documents/:docId/withdraw      withdraw one (uploader, manager, administrator)
//   GET  /cases/:id/documents/:docId                   download (page session), as an attachment
//   POST /cases/:id/documents                          the case page's upload form (multipart), back with a notice
//   POST /cases/:id/documents/:docId/withdraw          the case page's withdraw button, back with a notice
// URLs carry ids only. An upload's body is read only once the user is known to see the case, with
// MAX_DOCUMENT_BYTES counted while it streams (Content-Length first): a larger one is refused without being
// buffered. The page form is multipart, so its `_csrf` field is in the body: caseDocumentUploadParser (mounted
// after authentication, before the CSRF check) parses that one route's body so the common check can read the
// field; nothing is stored before that check. File names and titles are never logged nor audited.
import type { Request, RequestHandler, Response } from 'express'
import { Router } from 'express'
import { mayAccessCase } from '../../src/cases/case-access.ts'
import {
  addCaseDocument,
  auditDocumentRejected,
  DocumentRejected,
  listCaseDocuments,
  readCaseDocument,
  requireCaseDocumentAccess,
  withdrawCaseDocument,
  type DocumentRejection,
} from '../../src/cases/case-documents.ts'
import { ServiceError } from '../../src/cases/service-error.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { format } from '../i18n/index.ts'
import { refuseInput, sendInputProblems } from '../middleware/input-guard.ts'
import { fieldProblems } from '../input-problems.ts'
import { requirePageAuth } from '../middleware/require-auth.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { FILTER_PARAM, filterStash } from '../filter-stash.ts'
import { formatFileSize } from '../pages/case-documents.ts'
import { sendApiError, STATUS_BY_CODE } from '../respond.ts'
import { actor, ctx } from '../request-context.ts'
import { BadUpload, multipartBoundary, parseMultipart, readBody, UploadTooLarge, utf8Text, type FormPart } from '../upload-body.ts'

/** Room for the multipart framing and the small fields (kind, title, _csrf) on top of the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024
const MAX_FIELD_BYTES = 4 * 1024
const MAX_PARTS = 8

interface ParsedUpload {
  fields: Record<string, string>
  fileName: string | null
  content: Buffer | null
}

/** Reads and splits the multipart body; throws UploadTooLarge or BadUpload. At most one file part. */
async function readUpload(req: Request, maxDocumentBytes: number): Promise<ParsedUpload> {
  const boundary = multipartBoundary(req.headers['content-type'])
  if (!boundary) throw new BadUpload('Send multipart/form-data', 415)
  const body = await readBody(req, maxDocumentBytes + FORM_OVERHEAD_BYTES)
  const parts: FormPart[] = parseMultipart(body, boundary, { maxParts: MAX_PARTS, maxFileBytes: maxDocumentBytes, maxFieldBytes: MAX_FIELD_BYTES })
  const files = parts.filter((p) => p.fileName !== null)
  if (files.length > 1) throw new BadUpload('One file at a time')
  const fields: Record<string, string> = {}
  for (const part of parts) {
    if (part.fileName !== null || part.field in fields) continue
    const text = utf8Text(part.data)
    if (text === null) throw new BadUpload(`The field ${part.field} is not UTF-8 text`)
    fields[part.field] = text
  }
  const file = files[0]
  // a browser sends an empty file part with filename="" when no file was chosen
  const chosen = file !== undefined && !(file.fileName === '' && file.data.length === 0)
  return { fields, fileName: chosen ? file.fileName : null, content: chosen ? file.data : null }
}

const NOTICE_BY_REJECTION: Record<DocumentRejection, string> = {
  missing: 'documentMissing',
  empty: 'documentEmpty',
  'too-large': 'documentTooLarge',
  type: 'documentType',
}

const API_ERROR_BY_REJECTION: Record<DocumentRejection, [number, string]> = {
  missing: [422, 'DOCUMENT_MISSING'],
  empty: [422, 'DOCUMENT_EMPTY'],
  'too-large': [413, 'DOCUMENT_TOO_LARGE'],
  type: [415, 'DOCUMENT_TYPE_NOT_ALLOWED'],
}

const UPLOAD_PAGE_PATH = /^\/cases\/([^/]+)\/documents\/?$/
const PARSED = 'caseDocumentUpload'

/**
 * The body parser of the case page's upload form (POST /cases/:id/documents, multipart). Mount it after
 * `authenticate` and before `csrfProtection`. For a signed-in user who may see the case it reads the body
 * (bounded) and puts the fields in req.body (so the CSRF check finds `_csrf`) and the file in res.locals;
 * refusals that change nothing (no such case, no access, too large, malformed) are answered here.
 */
export function caseDocumentUploadParser(deps: AppDeps, pages: PageRenderer): RequestHandler {
  return async (req, res, next) => {
    const match = req.method === 'POST' ? UPLOAD_PAGE_PATH.exec(req.path) : null
    if (!match || !ctx(res).auth || !multipartBoundary(req.headers['content-type'])) return next()
    try {
      const caseId = decodeURIComponent(match[1])
      try {
        await requireCaseDocumentAccess(serviceDeps(deps), actor(res), caseId)
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err
        req.resume()
        return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      }
      let upload: ParsedUpload
      try {
        upload = await readUpload(req, deps.config.maxDocumentBytes)
      } catch (err) {
        if (err instanceof UploadTooLarge) {
          await auditDocumentRejected(serviceDeps(deps), actor(res), caseId, 'too-large')
          res.setHeader('Connection', 'close')
          return uploadErrorPage(res, pages, caseId, 413, tooLargeText(res, deps))
        }
        if (err instanceof BadUpload) {
          await auditDocumentRejected(serviceDeps(deps), actor(res), caseId, 'bad-request')
          return uploadErrorPage(res, pages, caseId, 400, ctx(res).t.errors.BAD_REQUEST)
        }
        throw err
      }
      const problems = fieldProblems(upload.fields, { multiline: true }) // the input guard's rules, for these fields
      if (problems.length > 0) {
        await auditDocumentRejected(serviceDeps(deps), actor(res), caseId, 'bad-request')
        return refuseInput(req, res, pages, problems)
      }
      req.body = upload.fields
      res.locals[PARSED] = upload
      next()
    } catch (err) {
      next(err)
    }
  }
}

function tooLargeText(res: Response, deps: AppDeps): string {
  const { t } = ctx(res)
  return format(t.errors.DOCUMENT_TOO_LARGE, { max: formatFileSize(deps.config.maxDocumentBytes, t.locale) })
}

function uploadErrorPage(res: Response, pages: PageRenderer, caseId: string, status: number, message: string): void {
  const { t } = ctx(res)
  pages.render(res, 'case-document-error', { title: t.errors.title, status, message, caseId }, status)
}

export function caseDocumentRoutes(deps: AppDeps, pages: PageRenderer): Router {
  const router = Router()
  const maxBytes = deps.config.maxDocumentBytes
  router.use('/cases/:id/documents', requirePageAuth) // and everything under it

  // --- API

  router.get('/api/cases/:id/documents', async (req, res) => {
    const { t } = ctx(res)
    const items = await listCaseDocuments(serviceDeps(deps), actor(res), req.params.id)
    res.json(items.map((item) => (item.source === 'system' ? { ...item, title: item.draft ? t.caseDocuments.decisionDraft : t.caseDocuments.decision } : item)))
  })

  router.post('/api/cases/:id/documents', async (req, res) => {
    const caseId = req.params.id
    const service = serviceDeps(deps)
    await requireCaseDocumentAccess(service, actor(res), caseId) // before a byte of the body is read
    let upload: ParsedUpload
    try {
      upload = await readUpload(req, maxBytes)
    } catch (err) {
      if (err instanceof UploadTooLarge) {
        await auditDocumentRejected(service, actor(res), caseId, 'too-large')
        res.setHeader('Connection', 'close')
        return sendApiError(res, 413, 'DOCUMENT_TOO_LARGE', { limit: maxBytes }, tooLargeText(res, deps))
      }
      if (err instanceof BadUpload) {
        await auditDocumentRejected(service, actor(res), caseId, 'bad-request')
        return sendApiError(res, err.status, err.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST')
      }
      throw err
    }
    const problems = fieldProblems(upload.fields, { multiline: true }) // the input guard's rules, for these fields
    if (problems.length > 0) {
      await auditDocumentRejected(service, actor(res), caseId, 'bad-request')
      return sendInputProblems(res, problems)
    }
    try {
      const created = await addCaseDocument(service, actor(res), caseId, { kind: upload.fields.kind, title: upload.fields.title, fileName: upload.fileName, content: upload.content }, maxBytes)
      res.status(201).json(created)
    } catch (err) {
      if (!(err instanceof DocumentRejected)) throw err
      const [status, code] = API_ERROR_BY_REJECTION[err.reason]
      const message = err.reason === 'too-large' ? tooLargeText(res, deps) : undefined
      sendApiError(res, status, code, err.reason === 'too-large' ? { limit: maxBytes } : {}, message)
    }
  })

  router.post('/api/cases/:id/documents/:docId/withdraw', async (req, res) => {
    res.json(await withdrawCaseDocument(serviceDeps(deps), actor(res), req.params.id, req.params.docId))
  })

  // --- pages

  const back = (res: Response, caseId: string, notice: string, typedId?: string) =>
    res.redirect(303, `/cases/${encodeURIComponent(caseId)}?notice=${notice}${typedId ? `&${FILTER_PARAM}=${typedId}` : ''}#case-documents`)
  // a refused upload keeps what was typed (kind, title) for the form on the case page, in the session (a title may
  // name a person: never in the address); the file itself must be chosen again (browsers do not keep it)
  const stash = filterStash(deps.db.prisma, deps.clock)
  const keepTyped = async (res: Response, fields: Record<string, unknown>): Promise<string | undefined> => {
    const typed = Object.fromEntries((['kind', 'title'] as const).filter((k) => typeof fields[k] === 'string' && fields[k] !== '').map((k) => [k, String(fields[k]).slice(0, 200)]))
    return ctx(res).auth?.via === 'cookie' && Object.keys(typed).length > 0 ? stash.store(res, 'document-upload', typed) : undefined
  }

  router.get('/cases/:id/documents/:docId', async (req, res) => {
    let doc
    try {
      doc = await readCaseDocument(serviceDeps(deps), actor(res), req.params.id, req.params.docId)
    } catch (err) {
      if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
      throw err
    }
    res.attachment(doc.fileName) // Content-Disposition: attachment; filename="<ASCII>"; filename*=UTF-8''<name>
    res.setHeader('Content-Type', doc.contentType)
    res.setHeader('Content-Length', String(doc.content.length))
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox")
    res.setHeader('Cache-Control', 'no-store')
    res.end(Buffer.from(doc.content.buffer, doc.content.byteOffset, doc.content.length))
  })

  router.post('/cases/:id/documents', async (req, res) => {
    const caseId = req.params.id
    const upload = res.locals[PARSED] as ParsedUpload | undefined
    const fields = (upload?.fields ?? req.body ?? {}) as Record<string, unknown>
    try {
      await addCaseDocument(serviceDeps(deps), actor(res), caseId, { kind: fields.kind, title: fields.title, fileName: upload?.fileName ?? null, content: upload?.content ?? null }, maxBytes)
      return back(res, caseId, 'documentUploaded')
    } catch (err) {
      if (err instanceof DocumentRejected) return back(res, caseId, NOTICE_BY_REJECTION[err.reason], await keepTyped(res, fields))
      if (!(err instanceof ServiceError)) throw err
      if (err.code === 'VALIDATION_FAILED') return back(res, caseId, 'documentInvalid', await keepTyped(res, fields))
      return pages.error(res, STATUS_BY_CODE[err.code], err.code)
    }
  })

  router.post('/cases/:id/documents/:docId/withdraw', async (req, res) => {
    const caseId = req.params.id
    // the page's form asks for a ticked box; without it nothing is withdrawn (the API route takes no confirmation)
    if ((req.body as Record<string, unknown> | undefined)?.confirm !== 'yes') return back(res, caseId, 'documentWithdrawConfirm')
    try {
      await withdrawCaseDocument(serviceDeps(deps), actor(res), caseId, req.params.docId)
      return back(res, caseId, 'documentWithdrawn')
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err
      if (err.code === 'FORBIDDEN' && (await mayList(req, res))) return back(res, caseId, 'documentWithdrawForbidden')
      if (err.code === 'NOT_FOUND' && (await mayList(req, res))) return back(res, caseId, 'documentGone')
      return pages.error(res, STATUS_BY_CODE[err.code], err.code)
    }
  })

  /** The case exists and the user sees it (so a refusal can be told on the case page); not audited again. */
  async function mayList(req: Request, res: Response): Promise<boolean> {
    const kase = await deps.db.prisma.case.findUnique({ where: { id: String(req.params.id) }, select: { procedure: true, ownerGroup: true } })
    return kase !== null && (await mayAccessCase(deps.db.prisma, actor(res).user, String(req.params.id), kase))
  }

  return router
}
