// JSON error answers of the API: {error: {code, message, fields?, …ids}}. Messages come from the locale.
import type { Response } from 'express'
import { ServiceError, type ServiceErrorCode } from '../src/cases/service-error.ts'
import { format, issueTexts } from './i18n/index.ts'
import { ctx } from './request-context.ts'

export const STATUS_BY_CODE: Record<ServiceErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  FOUR_EYES: 403,
  CONFLICT: 409,
  VALIDATION_FAILED: 422,
  ENGINE_REJECTED: 422,
  ENGINE_UNAVAILABLE: 503,
  IDEMPOTENCY_KEY_REUSED: 422,
}

export function sendApiError(
  res: Response,
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  message?: string,
): void {
  const { t } = ctx(res)
  res.status(status).json({ error: { code, message: message ?? t.errors[code] ?? t.errors.INTERNAL, ...extra } })
}

/** Answers a ServiceError as JSON; returns false for any other error (the caller rethrows it). */
export function sendServiceError(res: Response, err: unknown): boolean {
  if (!(err instanceof ServiceError)) return false
  const { t } = ctx(res)
  const extra: Record<string, unknown> = { ...err.details }
  if (Object.keys(err.fields).length > 0) extra.fields = issueTexts(t, err.fields)
  const message = err.code === 'ENGINE_UNAVAILABLE' && err.details.caseId
    ? format(t.errors.START_FAILED, { caseId: err.details.caseId })
    : undefined
  sendApiError(res, STATUS_BY_CODE[err.code], err.code, extra, message)
  return true
}
