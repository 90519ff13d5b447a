// Databases for tests. By default an in-memory PGlite with the migrations applied: the first one per test process
// boots PGlite and migrates it (~3.5 s) and keeps a dump of it; every further one is loaded from that dump (~0.5 s).
// With TEST_DB_BACKEND=postgresql and TEST_DATABASE_URL set, tests use that PostgreSQL instead (migrated once per
// process, emptied by reset()); scripts/run-tests.mjs runs the database suites that way as a second pass.
// Only tests and test helpers read these two variables; the app gets everything through src/config.ts.
import { PGlite } from '@electric-sql/pglite'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Database } from '../../src/storage/database.ts'
import { applyMigrations } from '../../src/storage/migrate.ts'
import { openDatabase, TRANSACTION_OPTIONS } from '../../src/storage/open-database.ts'
import { defaultMigrationsDir } from '../../src/storage/project-paths.ts'
import { pgliteMigrationAdapter } from '../../src/storage/schema-engine.ts'
import { forgetRestrictions } from '../../src/procedures/load-restrictions.ts'
import { describeWithService } from './service-suite.ts'

export interface TestDatabase extends Database {
  /** Empties every table except _prisma_migrations and restarts sequences (~25 ms): call it in beforeEach. The
   * restricted procedures cached for this client are forgotten with their rows (the shipped default is in force). */
  reset(): Promise<void>
}

/** The PostgreSQL for tests, or null when TEST_DATABASE_URL is unset. */
export function testDatabaseUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL
  return url ? url : null
}

/**
 * A migrated, empty database of its own (PGlite), or the shared TEST_DATABASE_URL PostgreSQL, emptied.
 * Create it in `before()`, `reset()` it in `beforeEach()`, `close()` it in `after()`.
 * Tests using PostgreSQL share one database: they run one at a time (mocha's default), never in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = testDatabaseUrl()
  return url && process.env.TEST_DB_BACKEND === 'postgresql' ? createPostgresTestDatabase(url) : createPgliteTestDatabase()
}

/** A PGlite of its own with the migrations applied and no data (for tests that need the raw PGlite). */
export async function createMigratedPglite(): Promise<PGlite> {
  const template = await migratedTemplate()
  if (template.unused) {
    // the instance the dump was taken from: handing it out saves the first caller a load
    const pglite = template.unused
    template.unused = null
    return pglite
  }
  const pglite = new PGlite({ loadDataDir: template.dump })
  await pglite.waitReady
  return pglite
}

/** Runs the suite against PostgreSQL (TEST_DATABASE_URL); test/helpers/service-suite.ts says what happens without. */
export function describeOnPostgres(title: string, fn: (databaseUrl: string) => void): void {
  describeWithService(title, {
    service: 'PostgreSQL',
    value: testDatabaseUrl(),
    requireVariable: 'REQUIRE_POSTGRES',
    missing: 'TEST_DATABASE_URL is not set (see scripts/ci-postgres.sh)',
  }, fn)
}

// ---------------------------------------------------------------------------------------------------------
// helpers

interface Template {
  dump: File | Blob
  unused: PGlite | null
}

let template: Promise<Template> | undefined

/** Boots and migrates one PGlite per test process (~3.5 s) and dumps its data folder (~40 MB in memory). */
function migratedTemplate(): Promise<Template> {
  template ??= (async () => {
    const pglite = new PGlite()
    try {
      await pglite.waitReady
      await applyMigrations(pgliteMigrationAdapter(pglite), { migrationsDir: defaultMigrationsDir })
      return { dump: await pglite.dumpDataDir('none'), unused: pglite }
    } catch (error) {
      await pglite.close().catch(() => {})
      throw error
    }
  })()
  template.catch(() => {
    template = undefined // let the next test try again (and report its own error)
  })
  return template
}

/** Always PGlite, whatever TEST_DATABASE_URL says. */
export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const pglite = await createMigratedPglite()
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions: TRANSACTION_OPTIONS.pglite })
  return withReset({
    prisma,
    kind: 'pglite',
    async close() {
      try {
        await prisma.$disconnect()
      } finally {
        if (!pglite.closed) await pglite.close()
      }
    },
  })
}

/** The PostgreSQL at `url`, migrated and emptied. */
export async function createPostgresTestDatabase(url: string): Promise<TestDatabase> {
  // openDatabase applies pending migrations; after the first time in this process that is a quick no-op.
  const database = await openDatabase({ dataDir: '', databaseUrl: url })
  const testDatabase = withReset(database)
  await testDatabase.reset()
  return testDatabase
}

function withReset(database: Database): TestDatabase {
  let tables: Promise<string[]> | undefined
  return {
    prisma: database.prisma,
    kind: database.kind,
    close: () => database.close(),
    async reset() {
      tables ??= database.prisma
        .$queryRawUnsafe<{ name: string }[]>(
          `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
           WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`,
        )
        .then((rows) => rows.map((row) => row.name))
      const names = await tables
      if (names.length > 0) {
        await database.prisma.$executeRawUnsafe(`TRUNCATE ${names.join(', ')} RESTART IDENTITY CASCADE`)
      }
      forgetRestrictions(database.prisma) // the restricted procedures cached from the rows just emptied
    },
  }
}
