// Applies the migrations in prisma/migrations (the same `_prisma_migrations` bookkeeping as `prisma migrate deploy`)
// and resolves a failed one, through the WASM schema engine.
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { NO_FILTERS, openSchemaEngine, readMigrationsList, type SchemaEngineSession } from './schema-engine.ts'

export interface MigrationsLocation {
  /** Folder holding `<timestamp>_<name>/migration.sql` and migration_lock.toml. */
  migrationsDir: string
  /** The Prisma schema; not needed to apply migrations. */
  schemaPath?: string
}

/** A migration could not be applied (or an earlier one is recorded as failed). Nothing of it is recorded as applied. */
export class MigrationError extends Error {
  constructor(
    /** The migration that failed, when the engine names it. */
    readonly migrationName: string | null,
    /** The database's (or engine's) own explanation. */
    readonly reason: string,
    /** Prisma error code, e.g. P3009 for "a failed migration blocks new ones". */
    readonly code: string | null,
  ) {
    super(
      migrationName
        ? `Migration ${migrationName} failed: ${reason}`
        : `Applying migrations failed: ${reason}`,
    )
    this.name = 'MigrationError'
  }
}

/**
 * Applies the pending migrations in name order and returns the names applied (empty when up to date).
 * Throws MigrationError naming the failing migration; the database rolls that migration back
 * (PostgreSQL runs a script as one transaction) and `_prisma_migrations` records it as failed, which blocks
 * further runs until an administrator fixes it and calls markMigrationRolledBack (`npm run db:resolve -- <name>`).
 */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  location: MigrationsLocation,
): Promise<string[]> {
  return withEngine(factory, location, async (session) => {
    const migrationsList = readMigrationsList(location.migrationsDir)
    try {
      const output = await session.engine.applyMigrations({ migrationsList, filters: NO_FILTERS })
      return output.appliedMigrationNames
    } catch (error) {
      throw toMigrationError(error, session)
    }
  })
}

/** Names of the migrations recorded as failed (and not rolled back) in the database. */
export async function failedMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  location: MigrationsLocation,
): Promise<string[]> {
  return withEngine(factory, location, async (session) => {
    try {
      const diagnosis = await session.engine.diagnoseMigrationHistory({
        migrationsList: readMigrationsList(location.migrationsDir),
        optInToShadowDatabase: false,
        filters: NO_FILTERS,
      })
      return diagnosis.failedMigrationNames
    } catch (error) {
      throw toMigrationError(error, session)
    }
  })
}

/**
 * Marks a failed migration as rolled back (`prisma migrate resolve --rolled-back`): the failed row stays as an
 * audit trail and the next applyMigrations runs the migration again. Only for a migration recorded as failed.
 */
export async function markMigrationRolledBack(
  factory: SqlMigrationAwareDriverAdapterFactory,
  migrationName: string,
  location: MigrationsLocation,
): Promise<void> {
  await withEngine(factory, location, async (session) => {
    try {
      await session.engine.markMigrationRolledBack({ migrationName })
    } catch (error) {
      const reason = session.explain(error)
      throw new MigrationError(migrationName, reason, errorCode(error))
    }
  })
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  location: MigrationsLocation,
  run: (session: SchemaEngineSession) => Promise<T>,
): Promise<T> {
  let session: SchemaEngineSession
  try {
    session = await openSchemaEngine(factory, { schemaPath: location.schemaPath })
  } catch (error) {
    // e.g. "Can't reach database server at `127.0.0.1:1`", "Authentication failed …", "Database `x` does not exist"
    const reason = describe(error).replace(/\s*\n+\s*/g, ' ').trim()
    throw new MigrationError(null, `cannot connect to the database: ${reason}`, errorCode(error))
  }
  try {
    return await run(session)
  } finally {
    await session.close()
  }
}

function toMigrationError(error: unknown, session: SchemaEngineSession): MigrationError {
  const raw = error instanceof Error ? error.message : String(error)
  const code = errorCode(error)
  const reason = session.explain(error)
  // A script failure carries `migration_name="…"` in the engine's span trace; a blocked run (P3009) names it in text.
  const failedEarlier = /The `([^`]+)` migration started at .* failed/.exec(raw)
  if (code === 'P3009' && failedEarlier) {
    const name = failedEarlier[1]
    return new MigrationError(
      name,
      `it is recorded as failed in _prisma_migrations, so no migration is applied until it is resolved. ` +
        `Fix the cause (check what the failed script changed), then mark it rolled back ` +
        `(npm run db:resolve -- ${name}) and start again.`,
      code,
    )
  }
  const named = /migration_name="([^"]+)"/.exec(raw)
  const cleaned = reason.replace(/^external connector error\s*/i, '').trim() || reason
  return new MigrationError(named ? named[1] : null, cleaned, code)
}

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : null
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
