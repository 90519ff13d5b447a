// The database the configuration names, before Prisma: PGlite in `${dataDir}/pglite` (default, one process only)
// or PostgreSQL (databaseUrl). Gives the adapter for Prisma and the one for the schema engine.
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapterFactory, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { Config } from '../config.ts'
import type { DatabaseKind } from './database.ts'
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts'
import { pgliteMigrationAdapter, postgresMigrationAdapter } from './schema-engine.ts'

export interface StorageBackend {
  kind: DatabaseKind
  /** Where the data is, for messages: a folder, "memory", or a PostgreSQL URL without credentials. */
  location: string
  /** For `new PrismaClient({ adapter })`; Prisma's $disconnect() releases what it opened. */
  prismaAdapter: SqlDriverAdapterFactory
  /** For the schema engine (migrations). */
  migrationAdapter: SqlMigrationAwareDriverAdapterFactory
  /** Closes PGlite and releases the lock (nothing to do for PostgreSQL). Call after prisma.$disconnect(). */
  close(): Promise<void>
}

export interface StorageBackendOptions {
  /** PGlite in memory (nothing on disk, no lock); ignored when databaseUrl is set. */
  inMemory?: boolean
}

export async function openStorageBackend(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  options: StorageBackendOptions = {},
): Promise<StorageBackend> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl)
  return openPglite(options.inMemory ? null : config.dataDir)
}

function openPostgres(databaseUrl: string): StorageBackend {
  return {
    kind: 'postgresql',
    location: withoutCredentials(databaseUrl),
    prismaAdapter: new PrismaPg({ connectionString: databaseUrl }),
    migrationAdapter: postgresMigrationAdapter(databaseUrl),
    close: async () => {},
  }
}

async function openPglite(dataDir: string | null): Promise<StorageBackend> {
  let lock: DataDirLock | null = null
  let pglite: PGlite
  const location = dataDir ? path.join(dataDir, 'pglite') : 'memory'
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true })
    lock = acquireDataDirLock(path.join(dataDir, 'pglite.lock'))
  }
  try {
    pglite = dataDir ? new PGlite(location) : new PGlite()
    await pglite.waitReady
  } catch (error) {
    lock?.release()
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Cannot open the PGlite database in ${location}: ${reason}`)
  }
  let closed = false
  return {
    kind: 'pglite',
    location,
    prismaAdapter: new PrismaPGlite(pglite),
    migrationAdapter: pgliteMigrationAdapter(pglite),
    async close() {
      if (closed) return
      closed = true
      try {
        await pglite.close()
      } finally {
        lock?.release()
      }
    },
  }
}

/** postgresql://user:secret@host:5432/db → postgresql://host:5432/db */
export function withoutCredentials(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl)
    return `${url.protocol}//${url.host}${url.pathname}`
  } catch {
    return 'postgresql://(invalid URL)'
  }
}
