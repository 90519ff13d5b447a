// npm run db:resolve -- <migration name>
// After a migration failed at start-up, the database records it as failed and the app refuses to start
// (Prisma error P3009). Once the cause is fixed (the migration's SQL corrected, or what the failed script did
// undone by hand), this marks it rolled back so the next start applies it again (= prisma migrate resolve
// --rolled-back). Without a name it lists the failed migrations. Stop the app first when it uses PGlite.
import { loadConfig } from '../config.ts'
import { failedMigrations, markMigrationRolledBack } from '../storage/migrate.ts'
import { defaultMigrationsDir } from '../storage/project-paths.ts'
import { openStorageBackend } from '../storage/storage-backend.ts'
import { runCli } from './run-cli.ts'

async function main(argv: string[]): Promise<number> {
  const name = argv.find((arg) => !arg.startsWith('-'))
  const backend = await openStorageBackend(loadConfig())
  try {
    const location = { migrationsDir: defaultMigrationsDir }
    const failed = await failedMigrations(backend.migrationAdapter, location)
    if (!name) {
      console.log(failed.length ? `Failed migrations in ${backend.location}:` : `No failed migrations in ${backend.location}.`)
      for (const migration of failed) console.log(`  ${migration}`)
      if (failed.length) console.log('Fix the cause, then: npm run db:resolve -- <name>')
      return 0
    }
    if (!failed.includes(name)) {
      console.error(`${name} is not recorded as failed in ${backend.location}` + (failed.length ? ` (failed: ${failed.join(', ')}).` : '.'))
      return 1
    }
    await markMigrationRolledBack(backend.migrationAdapter, name, location)
    console.log(`Marked ${name} as rolled back in ${backend.location}. The next start applies it again.`)
    return 0
  } finally {
    await backend.close()
  }
}

await runCli('Resolving the migration', () => main(process.argv.slice(2)))
