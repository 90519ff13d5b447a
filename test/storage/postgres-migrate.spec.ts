import { expect } from 'chai'
import pg from 'pg'
import { applyMigrations, failedMigrations, markMigrationRolledBack, MigrationError } from '../../src/storage/migrate.ts'
import { openDatabase } from '../../src/storage/open-database.ts'
import { defaultMigrationsDir } from '../../src/storage/project-paths.ts'
import { postgresMigrationAdapter, readMigrationsList } from '../../src/storage/schema-engine.ts'
import { BROKEN_MIGRATION, BROKEN_SQL, FIXED_SQL, migrationsWith } from '../helpers/migration-fixtures.ts'
import { describeOnPostgres } from '../helpers/test-database.ts'

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

describeOnPostgres('migrations', (databaseUrl) => {
  const allMigrations = readMigrationsList(defaultMigrationsDir).migrationDirectories.map((d) => d.path)
  let client: pg.Client
  const adapter = postgresMigrationAdapter(databaseUrl)

  async function forgetBrokenMigration(): Promise<void> {
    await client.query('DELETE FROM _prisma_migrations WHERE migration_name = $1', [BROKEN_MIGRATION])
    await client.query('DROP TABLE IF EXISTS "PartOfBrokenMigration"')
  }

  before(async () => {
    client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    await applyMigrations(adapter, { migrationsDir: defaultMigrationsDir })
    await forgetBrokenMigration()
  })

  after(async () => {
    await forgetBrokenMigration()
    await client?.end()
  })

  it('should apply nothing and have every migration finished when run again', async () => {
    // when
    const applied = await applyMigrations(adapter, { migrationsDir: defaultMigrationsDir })

    // then
    expect(applied).to.deep.equal([])
    const rows = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1',
    )
    expect(rows.rows.map((row) => row.migration_name)).to.deep.equal(allMigrations)
  })

  it('should reject naming the migration, record it as failed and roll its statements back when its SQL fails', async () => {
    // given
    const fixture = migrationsWith({ [BROKEN_MIGRATION]: BROKEN_SQL })

    try {
      // when
      const error = await rejection(applyMigrations(adapter, { migrationsDir: fixture.dir }))

      // then
      expect(error).to.be.instanceOf(MigrationError)
      expect(error.message).to.contain(`Migration ${BROKEN_MIGRATION} failed: relation "missing_table" does not exist`)
      const rows = await client.query('SELECT finished_at FROM _prisma_migrations WHERE migration_name = $1', [BROKEN_MIGRATION])
      expect(rows.rows).to.deep.equal([{ finished_at: null }])
      const table = await client.query(`SELECT to_regclass('"PartOfBrokenMigration"')::text AS found`)
      expect(table.rows[0].found).to.equal(null)
      expect(await failedMigrations(adapter, { migrationsDir: fixture.dir })).to.deep.equal([BROKEN_MIGRATION])

      // and when fixed and resolved
      fixture.write(BROKEN_MIGRATION, FIXED_SQL)
      await markMigrationRolledBack(adapter, BROKEN_MIGRATION, { migrationsDir: fixture.dir })
      expect(await applyMigrations(adapter, { migrationsDir: fixture.dir })).to.deep.equal([BROKEN_MIGRATION])
    } finally {
      fixture.cleanup()
    }
  })

  it('should apply a script with semicolons inside strings as one statement list', async () => {
    // given
    const name = BROKEN_MIGRATION
    const fixture = migrationsWith({ [name]: `CREATE TABLE "PartOfBrokenMigration" ("id" TEXT PRIMARY KEY DEFAULT 'a;b');\nINSERT INTO "PartOfBrokenMigration" DEFAULT VALUES;\n` })
    await forgetBrokenMigration()

    try {
      // when
      const applied = await applyMigrations(adapter, { migrationsDir: fixture.dir })

      // then
      expect(applied).to.deep.equal([name])
      const rows = await client.query('SELECT id FROM "PartOfBrokenMigration"')
      expect(rows.rows).to.deep.equal([{ id: 'a;b' }])
    } finally {
      fixture.cleanup()
    }
  })

  it('should open PostgreSQL without credentials in its location when databaseUrl is set', async () => {
    // when
    const db = await openDatabase({ dataDir: '/nonexistent', databaseUrl })

    // then
    try {
      expect(db.kind).to.equal('postgresql')
      expect(db.appliedMigrations).to.deep.equal([])
      expect(db.location).to.match(/^postgresql:\/\/[^@]+\/\w+$/)
      expect(db.location).not.to.contain('@')
      expect(await db.prisma.$queryRawUnsafe<{ one: number }[]>('SELECT 1 AS one')).to.deep.equal([{ one: 1 }])
    } finally {
      await db.close()
    }
  })

  it('should reject with a clear message when the server cannot be reached', async () => {
    // given
    const unreachable = 'postgresql://welfare:secret-password@127.0.0.1:1/welfare_test'

    // when
    const error = await rejection(openDatabase({ dataDir: '', databaseUrl: unreachable }))

    // then
    expect(error).to.be.instanceOf(MigrationError)
    expect(error.message).not.to.contain('secret-password')
    expect(error.message).to.contain("cannot connect to the database: Can't reach database server at `127.0.0.1:1`")
  })
})
