// Where the Prisma schema and migrations live: found from this file, so it works from src/ (tsx) and dist/ (tsc).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (fs.existsSync(path.join(dir, 'prisma', 'schema.prisma'))) return dir
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('prisma/schema.prisma not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}

const projectRoot = findProjectRoot()

/** prisma/schema.prisma of this project. */
export const defaultSchemaPath = path.join(projectRoot, 'prisma', 'schema.prisma')
/** prisma/migrations of this project. */
export const defaultMigrationsDir = path.join(projectRoot, 'prisma', 'migrations')
