import { expect } from 'chai'
import { PGlite } from '@electric-sql/pglite'
import { applyMigrations, failedMigrations, markMigrationRolledBack, MigrationError } from '../../src/storage/migrate.ts'
import { defaultMigrationsDir } from '../../src/storage/project-paths.ts'
import { pgliteMigrationAdapter, readMigrationsList } from '../../src/storage/schema-engine.ts'
import { createMigratedPglite } from '../helpers/test-database.ts'
import { BROKEN_MIGRATION, BROKEN_SQL, FIXED_SQL, migrationsWith } from '../helpers/migration-fixtures.ts'

const allMigrations = readMigrationsList(defaultMigrationsDir).migrationDirectories.map((d) => d.path)

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

async function migrationRows(pglite: PGlite, name: string) {
  const result = await pglite.query<{ finished_at: Date | null; rolled_back_at: Date | null }>(
    'SELECT finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = $1 ORDER BY started_at',
    [name],
  )
  return result.rows
}

async function tableExists(pglite: PGlite, table: string): Promise<boolean> {
  const result = await pglite.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`"${table}"`])
  return result.rows[0]?.found != null
}

describe('applyMigrations on PGlite', () => {
  describe('on a fresh database', () => {
    let pglite: PGlite

    before(async () => {
      pglite = new PGlite()
      await pglite.waitReady
    })

    after(async () => {
      await pglite.close()
    })

    it('should apply every migration when the database is empty', async () => {
      // when
      const applied = await applyMigrations(pgliteMigrationAdapter(pglite), { migrationsDir: defaultMigrationsDir })

      // then
      expect(allMigrations).to.have.length.greaterThan(0)
      expect(applied).to.deep.equal(allMigrations)
      expect(await tableExists(pglite, 'Case')).to.equal(true)
      expect(await tableExists(pglite, 'Task')).to.equal(true)
    })

    it('should apply nothing when run a second time', async () => {
      // when
      const applied = await applyMigrations(pgliteMigrationAdapter(pglite), { migrationsDir: defaultMigrationsDir })

      // then
      expect(applied).to.deep.equal([])
      const rows = await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL')
      expect(rows.rows[0]?.n).to.equal(allMigrations.length)
    })
  })

  describe('with a failing migration', () => {
    let pglite: PGlite
    let fixture: ReturnType<typeof migrationsWith>

    before(async () => {
      pglite = await createMigratedPglite()
      fixture = migrationsWith({ [BROKEN_MIGRATION]: BROKEN_SQL })
    })

    after(async () => {
      fixture.cleanup()
      await pglite.close()
    })

    it('should reject with the migration name and the database error when its SQL fails', async () => {
      // when
      const error = await rejection(applyMigrations(pgliteMigrationAdapter(pglite), { migrationsDir: fixture.dir }))

      // then
      expect(error).to.be.instanceOf(MigrationError)
      expect((error as MigrationError).migrationName).to.equal(BROKEN_MIGRATION)
      expect(error.message).to.contain(`Migration ${BROKEN_MIGRATION} failed`)
      expect(error.message).to.contain('relation "missing_table" does not exist')
      expect(error.message).not.to.contain('External error')
    })

    it('should record the migration as failed, not finished, and roll back its statements', async () => {
      // then
      const rows = await migrationRows(pglite, BROKEN_MIGRATION)
      expect(rows).to.have.length(1)
      expect(rows[0]?.finished_at).to.equal(null)
      expect(await tableExists(pglite, 'PartOfBrokenMigration')).to.equal(false)
      expect(await failedMigrations(pgliteMigrationAdapter(pglite), { migrationsDir: fixture.dir })).to.deep.equal([BROKEN_MIGRATION])
    })

    it('should refuse every migration and name the failed one when it was not resolved', async () => {
      // given
      fixture.write(BROKEN_MIGRATION, FIXED_SQL)

      // when
      const error = await rejection(applyMigrations(pgliteMigrationAdapter(pglite), { migrationsDir: fixture.dir }))

      // then
      expect(error).to.be.instanceOf(MigrationError)
      expect((error as MigrationError).code).to.equal('P3009')
      expect((error as MigrationError).migrationName).to.equal(BROKEN_MIGRATION)
      expect(error.message).to.contain(`npm run db:resolve -- ${BROKEN_MIGRATION}`)
    })

    it('should apply the fixed migration when it was marked rolled back', async () => {
      // given
      const factory = pgliteMigrationAdapter(pglite)
      await markMigrationRolledBack(factory, BROKEN_MIGRATION, { migrationsDir: fixture.dir })

      // when
      const applied = await applyMigrations(factory, { migrationsDir: fixture.dir })

      // then
      expect(applied).to.deep.equal([BROKEN_MIGRATION])
      const rows = await migrationRows(pglite, BROKEN_MIGRATION)
      expect(rows.map((row) => [row.finished_at === null, row.rolled_back_at === null])).to.deep.equal([
        [true, false], // the failed attempt, kept as an audit trail
        [false, true], // the applied one
      ])
      expect(await tableExists(pglite, 'PartOfBrokenMigration')).to.equal(true)
    })

    it('should reject when marking a migration rolled back that did not fail', async () => {
      // when
      const error = await rejection(
        markMigrationRolledBack(pgliteMigrationAdapter(pglite), allMigrations[0]!, { migrationsDir: fixture.dir }),
      )

      // then
      expect(error).to.be.instanceOf(MigrationError)
      expect(error.message).to.contain(allMigrations[0]!)
    })
  })
})
