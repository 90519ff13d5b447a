// One guard for all input, before any handler runs: the address (route parameters and every other path segment),
// the query string and the parsed body (JSON or url-encoded form) may hold no control characters (C0 and DEL,
// NUL among them; tab, line feed and carriage return are allowed in body values), and a JSON body no more than
// MAX_JSON_DEPTH levels of objects and arrays. A refusal is 400 naming each field: the API answers
// {error:{code:"INVALID_INPUT",message,fields}}, pages a Polish (or English) error page listing the fields.
// Bodies that routes read themselves (multipart uploads, procedure deployments and drafts) are checked with the
// same rules as soon as they are read (refuseUnsafeInput / inputProblemsOf).
import type { Request, RequestHandler, Response } from 'express'
import { issueText } from '../i18n/index.ts'
import { badPathSegments, fieldProblems, hasControlCharacter, jsonProblems, MAX_JSON_DEPTH, MAX_REPORTED, type InputProblem } from '../input-problems.ts'
import type { PageRenderer } from '../page-renderer.ts'
import { sendApiError } from '../respond.ts'
import { ctx } from '../request-context.ts'
import { routeParams } from '../route-params.ts'

const isApi = (req: Request): boolean => req.path === '/api' || req.path.startsWith('/api/')

/** Route parameters named by the route they would fill; other segments as `path`. */
function pathProblems(req: Request): InputProblem[] {
  if (badPathSegments(req.path).length === 0) return []
  const params = routeParams(req.app, req.path)
  const named = params ? Object.entries(params).filter(([, value]) => hasControlCharacter(value)).map(([name]) => name) : []
  return named.length > 0 ? named.map((field) => ({ field, code: 'controlCharacter' as const })) : [{ field: 'path', code: 'controlCharacter' }]
}

function bodyProblems(req: Request): InputProblem[] {
  const body: unknown = req.body
  if (body === undefined || body === null) return []
  if (req.is('application/x-www-form-urlencoded') && typeof body === 'object' && !Array.isArray(body)) {
    return fieldProblems(body as Record<string, unknown>, { multiline: true })
  }
  return jsonProblems(body)
}

/** Everything the guard refuses in a request as it stands (address, query, parsed body). */
export function requestInputProblems(req: Request): InputProblem[] {
  return [...pathProblems(req), ...fieldProblems(req.query as Record<string, unknown>, { multiline: false }), ...bodyProblems(req)].slice(0, MAX_REPORTED)
}

/** The problems as field → message in the request's language (logged as counts only, never the values). */
function problemTexts(res: Response, problems: readonly InputProblem[]): Record<string, string> {
  const { t, logger } = ctx(res)
  logger.warn('input refused', { problems: problems.length, codes: [...new Set(problems.map((p) => p.code))].join(',') })
  return Object.fromEntries(problems.map((p) => [p.field, issueText(t, { code: p.code, params: { max: MAX_JSON_DEPTH } })]))
}

/** The API's refusal: 400 {error:{code:"INVALID_INPUT",message,fields}}. */
export function sendInputProblems(res: Response, problems: readonly InputProblem[]): void {
  sendApiError(res, 400, 'INVALID_INPUT', { fields: problemTexts(res, problems) })
}

/** Answers 400 naming the fields: JSON under /api, an error page listing them elsewhere. */
export function refuseInput(req: Request, res: Response, pages: PageRenderer, problems: readonly InputProblem[]): void {
  if (isApi(req)) return sendInputProblems(res, problems)
  pages.error(res, 400, 'INVALID_INPUT', problemTexts(res, problems))
}

export function inputGuard(pages: PageRenderer): RequestHandler {
  return (req, res, next) => {
    const problems = requestInputProblems(req)
    if (problems.length === 0) return next()
    refuseInput(req, res, pages, problems)
  }
}
