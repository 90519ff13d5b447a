// The last handlers: 404 for unknown routes and one error handler that leaks nothing (no stack, no message)
// to the client. Body-parser errors (bad JSON, too large) keep their 4xx status.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express'
import type { PageRenderer } from '../page-renderer.ts'
import { ServiceError } from '../../src/cases/service-error.ts'
import { sendApiError, sendServiceError, STATUS_BY_CODE } from '../respond.ts'
import { ctx } from '../request-context.ts'

const isApi = (req: Request): boolean => req.path === '/api' || req.path.startsWith('/api/')

export function notFound(pages: PageRenderer): RequestHandler {
  return (req, res) => {
    if (isApi(req)) return sendApiError(res, 404, 'NOT_FOUND')
    pages.error(res, 404, 'NOT_FOUND')
  }
}

export function errorHandler(pages: PageRenderer): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) return res.end()
    if (isApi(req) && sendServiceError(res, err)) return
    if (err instanceof ServiceError) return pages.error(res, STATUS_BY_CODE[err.code], err.code)
    const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500
    const clientError = Number.isInteger(status) && status >= 400 && status < 500
    if (!clientError) ctx(res).logger.error('unhandled error', { method: req.method, path: req.path }, err)
    const code = !clientError ? 'INTERNAL' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST'
    const finalStatus = clientError ? status : 500
    if (isApi(req)) return sendApiError(res, finalStatus, code)
    pages.error(res, finalStatus, code)
  }
}
