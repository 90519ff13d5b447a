// Search filters kept out of page addresses. A filter that can hold personal data (a login, an IP address, a
// surname, a PESEL number) must not end up in the URL, where browser history, proxies, server logs and the Referer
// header keep it. So a page's filter form POSTs (with the session's CSRF token) to the page itself; the page
// validates the filters, keeps them here for the signed-in session under a short random id (SessionFilter) and
// redirects (303) to `<page>?f=<id>`; paging, sorting, tab and export links carry only that id. Only the session
// that stored an id can read it (another user's id, or one from before a sign-out, is unknown: the page shows its
// unfiltered list with a notice); a session keeps its newest MAX_STORED_FILTERS; the rows go with the session.
import { randomBytes } from 'node:crypto'
import type { Request, Response } from 'express'
import type { Clock } from '../engine/clock.ts'
import type { PrismaClient } from '../src/generated/prisma/client.ts'
import { ctx } from './request-context.ts'

/** The query parameter naming the stored filters. */
export const FILTER_PARAM = 'f'
export const MAX_STORED_FILTERS = 20

const ID_PATTERN = /^[A-Za-z0-9_-]{16}$/

/** audit and inbox: search filters; document-upload: what was typed into a refused upload form (kind, title) */
export type FilterPage = 'audit' | 'inbox' | 'document-upload'

export interface FilterStash {
  /** Keeps the filters (validated, as strings) for this session; returns their id (the same id for the same filters). */
  store(res: Response, page: FilterPage, params: Record<string, string>): Promise<string>
  /**
   * The filters named by `?f=` of this request: `none` without the parameter, `unknown` for an id this session
   * never stored (someone else's, expired, mistyped), else `found` with the parameters.
   */
  load(req: Request, res: Response, page: FilterPage): Promise<StashLookup>
}

export type StashLookup =
  | { state: 'none' }
  | { state: 'unknown' }
  | { state: 'found'; id: string; params: Record<string, string> }

function sessionOf(res: Response): string {
  const auth = ctx(res).auth
  if (!auth || auth.via !== 'cookie') throw new Error('stored filters need a page session')
  return auth.sessionId
}

function stringParams(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

const sameParams = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v)

export function filterStash(prisma: PrismaClient, clock: Clock): FilterStash {
  return {
    async store(res, page, params) {
      const sessionId = sessionOf(res)
      const kept = await prisma.sessionFilter.findMany({ where: { sessionId }, select: { id: true, page: true, query: true, createdAt: true } })
      // strictly increasing within the session (the clock may stand still), so the oldest is the one dropped
      const newest = Math.max(0, ...kept.map((row) => row.createdAt.getTime()))
      const now = new Date(Math.max(clock.now().getTime(), newest + 1))
      const same = kept.find((row) => row.page === page && sameParams(stringParams(row.query), params))
      if (same) {
        await prisma.sessionFilter.update({ where: { id: same.id }, data: { createdAt: now } })
        return same.id
      }
      const id = randomBytes(12).toString('base64url')
      await prisma.sessionFilter.create({ data: { id, sessionId, page, query: params, createdAt: now } })
      const older = await prisma.sessionFilter.findMany({
        where: { sessionId, id: { not: id } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: MAX_STORED_FILTERS - 1,
        select: { id: true },
      })
      if (older.length > 0) await prisma.sessionFilter.deleteMany({ where: { id: { in: older.map((row) => row.id) } } })
      return id
    },

    async load(req, res, page) {
      const raw = req.query[FILTER_PARAM]
      if (raw === undefined || raw === '') return { state: 'none' }
      if (typeof raw !== 'string' || !ID_PATTERN.test(raw)) return { state: 'unknown' }
      const row = await prisma.sessionFilter.findFirst({ where: { id: raw, sessionId: sessionOf(res), page } })
      return row ? { state: 'found', id: row.id, params: stringParams(row.query) } : { state: 'unknown' }
    },
  }
}

/** True when the query or body names any of these filter parameters (an old bookmark, a hand-made address). */
export function hasAnyParam(raw: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.some((key) => raw[key] !== undefined)
}

/** Only these keys of a query or form body (values as given). */
export function pickParams(raw: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => raw[key] !== undefined).map((key) => [key, raw[key]]))
}
