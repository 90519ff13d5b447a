// Opens the database the configuration names (PGlite in `${dataDir}/pglite` by default, PostgreSQL when
// databaseUrl is set), applies pending migrations, and hands out one Prisma client.
import { PrismaClient } from '../generated/prisma/client.ts'
import type { Config } from '../config.ts'
import type { Database } from './database.ts'
import { applyMigrations } from './migrate.ts'
import { defaultMigrationsDir } from './project-paths.ts'
import { openStorageBackend } from './storage-backend.ts'

/**
 * How long an interactive transaction may wait to begin and may run. PGlite has one connection: every transaction
 * waits for the ones before it, so under a full office's load Prisma's defaults (2 s to begin, 5 s to run) turned a
 * slow moment into failed registrations ("Unable to start a transaction in the given time"). There a transaction
 * waits its turn longer instead. PostgreSQL keeps Prisma's defaults (a pool of connections).
 */
export const TRANSACTION_OPTIONS: Record<Database['kind'], { maxWait?: number; timeout?: number }> = {
  pglite: { maxWait: 20_000, timeout: 20_000 },
  postgresql: {},
}

export interface OpenDatabaseOptions {
  /** Defaults to the project's prisma/migrations. */
  migrationsDir?: string
  /** PGlite in memory instead of `${dataDir}/pglite` (tests, demos); ignored when databaseUrl is set. */
  inMemory?: boolean
}

export interface OpenedDatabase extends Database {
  /** Where the data is: a folder, "memory", or a PostgreSQL URL without credentials. */
  location: string
  /** Migrations applied while opening (empty when the database was up to date). */
  appliedMigrations: string[]
}

/**
 * Rejects (and leaves nothing open) when the database cannot be opened, another process holds the PGlite
 * folder (DataDirLockedError), or a migration fails (MigrationError naming it): the caller must stop the start.
 */
export async function openDatabase(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  options: OpenDatabaseOptions = {},
): Promise<OpenedDatabase> {
  const backend = await openStorageBackend(config, { inMemory: options.inMemory })
  let appliedMigrations: string[]
  try {
    appliedMigrations = await applyMigrations(backend.migrationAdapter, {
      migrationsDir: options.migrationsDir ?? defaultMigrationsDir,
    })
  } catch (error) {
    await backend.close().catch(() => {})
    throw error
  }
  const prisma = new PrismaClient({ adapter: backend.prismaAdapter, transactionOptions: TRANSACTION_OPTIONS[backend.kind] })
  let closing: Promise<void> | undefined
  return {
    prisma,
    kind: backend.kind,
    location: backend.location,
    appliedMigrations,
    close() {
      closing ??= (async () => {
        try {
          await prisma.$disconnect()
        } finally {
          await backend.close()
        }
      })()
      return closing
    },
  }
}
