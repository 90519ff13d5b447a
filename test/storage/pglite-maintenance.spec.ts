import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { startPgliteMaintenance, vacuumAnalyze } from '../../src/storage/pglite-maintenance.ts'

describe('PGlite maintenance', () => {
  let db: TestDatabase
  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())

  it('should gather planner statistics when VACUUM ANALYZE runs', async () => {
    await db.prisma.group.create({ data: { key: 'g1', name: 'G1' } })
    await vacuumAnalyze(db)
    const rows = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM pg_stat_user_tables WHERE relname = 'Group' AND (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL)`,
    )
    expect(Number(rows[0].n)).to.equal(1)
  })

  it('should run at once on PGlite, and not at all on PostgreSQL (which has autovacuum)', async () => {
    const lines: string[] = []
    const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`warn ${m}`) }
    const stop = startPgliteMaintenance(db, logger, 60_000)
    await stop()
    expect(lines).to.deep.equal(db.kind === 'pglite' ? ['database maintenance done'] : [])
  })
})
