// Prisma's WASM schema engine (the native one cannot be downloaded here), driven by a driver adapter factory.
// Used for applying migrations at start-up and for diffing new ones (src/cli/create-migration.ts).
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { PrismaPg } from '@prisma/adapter-pg'
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm'

export type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm'

/** A running schema engine bound to one database. Always `await close()` it. */
export interface SchemaEngineSession {
  engine: SchemaEngine
  /** Turns an error thrown by the engine into a readable message (resolves "External error id#N"). */
  explain(error: unknown): string
  /** Frees the engine and disposes the connections it opened (which releases its PostgreSQL advisory lock). */
  close(): Promise<void>
}

export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] }

type SchemaEngineClass = typeof SchemaEngine
let engineClass: Promise<SchemaEngineClass> | undefined

// The engine starts timers (timeouts raced against its work) and never clears them: a 10 s timer would keep the
// process alive after the work is done. They are tracked and cleared once no engine session is open.
const engineTimers = new Set<NodeJS.Timeout>()
let openSessions = 0

function engineSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    engineTimers.delete(timer)
    callback()
  }, ms >>> 0)
  engineTimers.add(timer)
  return timer
}

function clearIdleEngineTimers(): void {
  if (openSessions > 0) return
  for (const timer of engineTimers) clearTimeout(timer)
  engineTimers.clear()
}

/** Loads the WASM module once per process (the package's own entry imports .wasm as ESM, which Node 20 cannot). */
function loadSchemaEngineClass(): Promise<SchemaEngineClass> {
  engineClass ??= (async () => {
    const require = createRequire(import.meta.url)
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
    const runtime = await import('@prisma/schema-engine-wasm/schema_engine_bg')
    const wasm = fs.readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'))
    const imports: WebAssembly.ModuleImports = { ...(runtime as unknown as WebAssembly.ModuleImports) }
    for (const name of Object.keys(imports)) {
      if (name.startsWith('__wbg_setTimeout_')) imports[name] = engineSetTimeout
    }
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), { './schema_engine_bg.js': imports })
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start(): void }
    ;(runtime as unknown as { __wbg_set_wasm(e: WebAssembly.Exports): void }).__wbg_set_wasm(exports)
    exports.__wbindgen_start()
    return runtime.SchemaEngine
  })()
  return engineClass
}

/**
 * Starts the schema engine on the database behind `factory`, with the Prisma schema at `schemaPath`
 * (needed for diffs; applying migrations only reads the migrations folder).
 */
export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  options: { schemaPath?: string } = {},
): Promise<SchemaEngineSession> {
  const SchemaEngineClass = await loadSchemaEngineClass()
  // The engine never disposes what it connects; track it so close() can (a pg connection left open would keep
  // the engine's session-level advisory lock, and the next engine would wait 10 s for it).
  const connections: SqlDriverAdapter[] = []
  const tracked = (connect: () => Promise<SqlDriverAdapter>) => async () => {
    const adapter = await connect()
    connections.push(adapter)
    return adapter
  }
  const bound = bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: tracked(() => factory.connect()),
    connectToShadowDb: tracked(() => factory.connectToShadowDb()),
  })
  const datamodels: [string, string][] | undefined = options.schemaPath
    ? [[path.resolve(options.schemaPath), fs.readFileSync(options.schemaPath, 'utf8')]]
    : undefined
  const dispose = async () => {
    const all = connections.splice(0)
    await Promise.allSettled(all.map((adapter) => adapter.dispose()))
  }
  openSessions++
  let engine: SchemaEngine
  try {
    // The engine logs JSON lines, migration scripts included; they are not forwarded (no data in logs).
    engine = await SchemaEngineClass.new({ datamodels }, () => {}, bound)
  } catch (error) {
    openSessions--
    clearIdleEngineTimers()
    await dispose()
    throw error
  }
  let closing: Promise<void> | undefined
  return {
    engine,
    explain(error) {
      // The engine rewords database errors ("No such table: x"); the database's own words are more useful.
      const failure = scriptFailures.get(factory)
      scriptFailures.delete(factory)
      const message = error instanceof Error ? error.message : String(error)
      if (failure && /apply_script|external connector error/.test(message)) return describeDatabaseError(failure)
      return explainEngineError(error, bound.errorRegistry)
    },
    close() {
      closing ??= (async () => {
        engine.free()
        openSessions--
        clearIdleEngineTimers()
        await dispose()
      })()
      return closing
    },
  }
}

/**
 * The engine's message without its Rust backtrace; an "External error id#N" (a JS error thrown inside the
 * adapter) is replaced by that error's message from the factory's error registry.
 */
export function explainEngineError(error: unknown, registry?: ErrorRegistry): string {
  const raw = error instanceof Error ? error.message : String(error)
  const withExternal = raw.replace(/External error id#(\d+)/g, (match, id: string) => {
    const record = registry?.consumeError(Number(id))
    if (!record) return match
    return record.error instanceof Error ? record.error.message : String(record.error)
  })
  const lines = withExternal.split('\n')
  const backtrace = lines.findIndex((line) => /^\s+\d+: /.test(line))
  const kept = backtrace === -1 ? lines : lines.slice(0, backtrace)
  return kept.join('\n').trim()
}

/** Reads `<migrationsDir>/<name>/migration.sql` (+ migration_lock.toml) in the shape the engine expects. */
export function readMigrationsList(migrationsDir: string): MigrationList {
  const baseDir = path.resolve(migrationsDir)
  const lockPath = path.join(baseDir, 'migration_lock.toml')
  const names = fs.existsSync(baseDir)
    ? fs
        .readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : []
  return {
    baseDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = path.join(baseDir, name, 'migration.sql')
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: fs.existsSync(file)
            ? { tag: 'ok' as const, value: fs.readFileSync(file, 'utf8') }
            : { tag: 'error' as const, value: `${name}/migration.sql is missing` },
        },
      }
    }),
  }
}

/**
 * Adapter factory for migrating a PGlite database. Fixes pglite-prisma-adapter 0.7.2, whose executeScript()
 * does not await client.exec(): a failing migration would be recorded as finished and crash the process later.
 * The caller owns (and closes) the PGlite.
 */
export function pgliteMigrationAdapter(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return withScriptRunner(new PrismaPGlite(pglite), () => (script) => pglite.exec(script), { shadow: false })
}

/**
 * Adapter factory for diffs: `diff` from the migrations replays them into the *shadow* database, which here is
 * the given throw-away (in-memory) PGlite. Never pass a real database's PGlite.
 */
export function throwAwayPgliteAdapter(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return withScriptRunner(new PrismaPGlite(pglite), () => (script) => pglite.exec(script), { shadow: true })
}

/**
 * Adapter factory for migrating a PostgreSQL database. Each engine connection is a pool of one connection, so
 * the engine's advisory lock and the migration share a session, and it is closed when the session ends.
 * adapter-pg's executeScript() splits the script on ";" and runs the pieces one by one, which breaks on
 * semicolons inside strings or function bodies and leaves half a migration behind on failure; here the whole
 * script is sent at once, which PostgreSQL runs as one implicit transaction.
 */
export function postgresMigrationAdapter(connectionString: string): SqlMigrationAwareDriverAdapterFactory {
  const onPoolError = () => {} // an idle connection dropped by the server: the next query reports it
  return withScriptRunner(
    new PrismaPg({ connectionString, max: 1 }, { onPoolError }),
    (adapter) => {
      const pool = (adapter as Partial<{ underlyingDriver(): pg.Pool }>).underlyingDriver?.()
      if (typeof pool?.query !== 'function') throw new Error('@prisma/adapter-pg no longer exposes its pool')
      return (script) => pool.query(script)
    },
    { shadow: false },
  )
}

/** The last error of a migration script per factory, as the database reported it. */
const scriptFailures = new WeakMap<SqlMigrationAwareDriverAdapterFactory, PostgresErrorFields>()

/** Wraps `inner` so its connections run a whole migration script with `scriptRunner(connection)`. */
function withScriptRunner(
  inner: SqlMigrationAwareDriverAdapterFactory,
  scriptRunner: (adapter: SqlDriverAdapter) => (script: string) => Promise<unknown>,
  options: { shadow: boolean },
): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const runScript = scriptRunner(adapter)
    adapter.executeScript = async (script: string) => {
      try {
        await runScript(script)
      } catch (error) {
        const fields = postgresErrorFields(error)
        if (!fields) throw error // reaches the engine as "External error id#N": explain() reads the registry
        scriptFailures.set(factory, fields)
        throw new DriverAdapterError({
          kind: 'postgres',
          code: fields.code,
          severity: fields.severity ?? 'ERROR',
          message: fields.message,
          detail: fields.detail,
          column: fields.column,
          hint: fields.hint,
        })
      }
    }
    return adapter
  }
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => patch(await inner.connect()),
    connectToShadowDb: async () => {
      if (options.shadow) return patch(await inner.connect())
      throw new Error('this database must not serve as a shadow database: diff with throwAwayPgliteAdapter()')
    },
  }
  return factory
}

interface PostgresErrorFields {
  code: string
  severity?: string
  message: string
  detail?: string
  hint?: string
  column?: string
  position?: string
}

/** The fields of a PostgreSQL error (from pg or PGlite), or null for any other error. */
function postgresErrorFields(error: unknown): PostgresErrorFields | null {
  if (!(error instanceof Error)) return null
  const fields = error as Error & Partial<PostgresErrorFields>
  if (typeof fields.code !== 'string' || !/^[0-9A-Z]{5}$/.test(fields.code)) return null
  return {
    code: fields.code,
    severity: fields.severity,
    message: fields.message,
    detail: fields.detail,
    hint: fields.hint,
    column: fields.column,
    position: fields.position,
  }
}

/**
 * `relation "x" does not exist (SQLSTATE 42P01, at character 12 of the script)`, plus the hint when given.
 * The detail is left out: it can quote row values (e.g. the duplicate key of a failed unique index).
 */
function describeDatabaseError(fields: PostgresErrorFields): string {
  const where = fields.position ? `, at character ${fields.position} of the script` : ''
  const hint = fields.hint ? `. Hint: ${fields.hint}` : ''
  return `${fields.message} (SQLSTATE ${fields.code}${where})${hint}`
}
