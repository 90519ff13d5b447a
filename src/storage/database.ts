// Opens the database the configuration names: PGlite in DATA_DIR (default) or PostgreSQL (DATABASE_URL),
// applies pending migrations, and hands out one Prisma client. (Implementation: storage helper, see README.)
import type { PrismaClient } from '../generated/prisma/client.ts'

export type DatabaseKind = 'pglite' | 'postgresql'

export interface Database {
  prisma: PrismaClient
  kind: DatabaseKind
  close(): Promise<void>
}
