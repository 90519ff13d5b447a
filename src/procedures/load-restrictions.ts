// The restricted procedures in force (domain/procedure-restriction.ts over the ProcedureRestriction rows and the
// shipped defaults), cached per database client: read at most once per RESTRICTION_TTL_MS, and at once after a change
// made in this process (saveRestriction calls forgetRestrictions). Several app processes on one PostgreSQL see one
// another's changes within the TTL. A transaction client is its own key: each transaction reads the table once.
import defaults from './data/procedure-restrictions.json' with { type: 'json' }
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import { restrictionsOf, type RestrictionRow, type Restrictions } from '../../domain/procedure-restriction.ts'

export const RESTRICTION_TTL_MS = 5_000

/** The restrictions shipped with the system (seeded at start-up; in force for a procedure without a row). */
export const DEFAULT_RESTRICTIONS: readonly RestrictionRow[] = defaults.restrictions

type Db = PrismaClient | Prisma.TransactionClient

const cache = new WeakMap<object, { readAt: number; value: Promise<Restrictions> }>()

async function read(db: Db): Promise<Restrictions> {
  const rows = await db.procedureRestriction.findMany({ select: { processId: true, groups: true } })
  return restrictionsOf(rows, DEFAULT_RESTRICTIONS)
}

export async function loadRestrictions(db: Db): Promise<Restrictions> {
  const now = performance.now()
  const hit = cache.get(db)
  if (hit && now - hit.readAt < RESTRICTION_TTL_MS) return hit.value
  const value = read(db)
  cache.set(db, { readAt: now, value })
  value.catch(() => {
    if (cache.get(db)?.value === value) cache.delete(db) // the next caller reads again
  })
  return value
}

/** Drops the cached restrictions of this client (after a change, or when a test empties the tables). */
export function forgetRestrictions(db: Db): void {
  cache.delete(db)
}
