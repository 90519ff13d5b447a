// Copies of the project's migrations plus extra (e.g. broken) ones, in a temp folder, for migration tests.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defaultMigrationsDir } from '../../src/storage/project-paths.ts'

/** A name sorting after every real migration. */
export const BROKEN_MIGRATION = '99990101000000_broken_for_test'

/** A temp migrations folder: the project's migrations plus `extra` (folder name → SQL). Remove it with cleanup(). */
export function migrationsWith(extra: Record<string, string>): { dir: string; write(name: string, sql: string): void; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-migrations-'))
  fs.cpSync(defaultMigrationsDir, dir, { recursive: true })
  const write = (name: string, sql: string) => {
    fs.mkdirSync(path.join(dir, name), { recursive: true })
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql)
  }
  for (const [name, sql] of Object.entries(extra)) write(name, sql)
  return { dir, write, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** Creates a table, then fails: the table must not survive (a migration is one transaction). */
export const BROKEN_SQL = 'CREATE TABLE "PartOfBrokenMigration" ("id" TEXT PRIMARY KEY);\nSELECT * FROM "missing_table";\n'
export const FIXED_SQL = 'CREATE TABLE "PartOfBrokenMigration" ("id" TEXT PRIMARY KEY);\n'
