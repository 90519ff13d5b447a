// Finds who is calling: under /api an `Authorization: Bearer <token>` header (a bad bearer token is never
// replaced by the cookie), else the `wf_session` cookie. Sets ctx.auth or leaves it null; refusing is the
// job of requireApiAuth / requirePageAuth.
import type { RequestHandler } from 'express'
import type { Clock } from '../../engine/clock.ts'
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import { findSession } from '../../src/users/sessions.ts'
import { readCookie, SESSION_COOKIE } from '../cookies.ts'
import { ctx } from '../request-context.ts'

function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1] : null
}

export function authenticate(prisma: PrismaClient, clock: Clock): RequestHandler {
  return async (req, res, next) => {
    const context = ctx(res)
    const isApi = req.path === '/api' || req.path.startsWith('/api/')
    const bearer = isApi ? bearerToken(req.headers.authorization) : undefined
    if (bearer !== undefined) {
      const session = bearer === null ? null : await findSession(prisma, bearer, clock.now())
      if (session) context.auth = { ...session, via: 'bearer' }
      return next()
    }
    const cookie = readCookie(req, SESSION_COOKIE)
    if (cookie) {
      const session = await findSession(prisma, cookie, clock.now())
      if (session) context.auth = { ...session, via: 'cookie' }
    }
    next()
  }
}
