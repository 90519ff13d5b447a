// The SQL that takes the database from "all migrations applied" to the current Prisma schema.
// The migrations are replayed into a throw-away in-memory PGlite: never diff against a real database
// (the engine would replay the whole history into it).
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { NO_FILTERS, openSchemaEngine, throwAwayPgliteAdapter, readMigrationsList } from './schema-engine.ts'

export interface DiffLocation {
  migrationsDir: string
  schemaPath: string
}

/** Returns the migration script, or null when the migrations already match the schema. */
export async function diffMigration(location: DiffLocation): Promise<string | null> {
  const pglite = new PGlite()
  try {
    await pglite.waitReady
    const session = await openSchemaEngine(throwAwayPgliteAdapter(pglite), { schemaPath: location.schemaPath })
    try {
      const result = await session.engine.diff({
        from: { tag: 'migrations', ...readMigrationsList(location.migrationsDir) },
        to: {
          tag: 'schemaDatamodel',
          files: [{ path: path.resolve(location.schemaPath), content: fs.readFileSync(location.schemaPath, 'utf8') }],
        },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      })
      const script = result.stdout ?? ''
      return isEmptyMigration(script) ? null : script
    } catch (error) {
      const named = /migration_name="([^"]+)"/.exec(error instanceof Error ? error.message : '')
      const reason = session.explain(error).replace(/^external connector error\s*/i, '')
      throw new Error(named ? `migration ${named[1]} does not replay: ${reason}` : reason)
    } finally {
      await session.close()
    }
  } finally {
    await pglite.close()
  }
}

function isEmptyMigration(script: string): boolean {
  return script
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'))
}
