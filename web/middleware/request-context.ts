// Starts the request context: a request id, a child logger, the client address and the locale
// (?lang=pl|en, remembered in a cookie; else the cookie; else the configured default). Logs one line per
// request with method, path (no query string), status, time and user id.
import { randomUUID } from 'node:crypto'
import type { RequestHandler } from 'express'
import type { Config } from '../../src/config.ts'
import type { Logger } from '../../src/logger.ts'
import { LANG_COOKIE, readCookie } from '../cookies.ts'
import { isLocale, messagesFor } from '../i18n/index.ts'
import type { RequestContext } from '../request-context.ts'

export function requestContext(config: Pick<Config, 'defaultLocale' | 'nodeEnv'>, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint()
    const requestId = randomUUID()
    const queryLang = req.query.lang
    let locale = config.defaultLocale
    if (isLocale(queryLang)) {
      locale = queryLang
      res.cookie(LANG_COOKIE, queryLang, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.nodeEnv === 'production',
        path: '/',
        maxAge: 365 * 86_400_000,
      })
    } else {
      const cookieLang = readCookie(req, LANG_COOKIE)
      if (isLocale(cookieLang)) locale = cookieLang
    }
    const context: RequestContext = {
      requestId,
      logger: logger.child({ requestId }),
      ip: req.ip ?? req.socket.remoteAddress ?? null,
      locale,
      t: messagesFor(locale),
      auth: null,
    }
    res.locals.ctx = context
    res.setHeader('X-Request-Id', requestId)
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      context.logger.info('request', {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        userId: context.auth?.user.id ?? null,
      })
    })
    next()
  }
}
