import { expect } from 'chai'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Prisma } from '../../src/generated/prisma/client.ts'
import { DataDirLockedError } from '../../src/storage/data-dir-lock.ts'
import { MigrationError } from '../../src/storage/migrate.ts'
import { openDatabase } from '../../src/storage/open-database.ts'
import { readMigrationsList } from '../../src/storage/schema-engine.ts'
import { defaultMigrationsDir } from '../../src/storage/project-paths.ts'
import { BROKEN_MIGRATION, BROKEN_SQL, migrationsWith } from '../helpers/migration-fixtures.ts'

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

describe('openDatabase with PGlite', () => {
  let dataDir: string

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-data-'))
  })

  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('should keep the data when the folder is closed and opened again', async () => {
    // given
    const first = await openDatabase({ dataDir, databaseUrl: null })
    expect(first.kind).to.equal('pglite')
    expect(first.location).to.equal(path.join(dataDir, 'pglite'))
    expect(first.appliedMigrations).to.deep.equal(readMigrationsList(defaultMigrationsDir).migrationDirectories.map((d) => d.path))
    const created = await first.prisma.case.create({
      data: {
        procedure: 'test-procedure',
        receivedAt: new Date('2026-03-02'),
        variables: { household: { size: 3 } },
        incomes: { create: { pesel: 'test-id', monthlyNet: new Prisma.Decimal('1234.56') } },
      },
    })
    await first.close()
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).to.equal(false)

    // when
    const second = await openDatabase({ dataDir, databaseUrl: null })

    // then
    try {
      expect(second.appliedMigrations).to.deep.equal([])
      const found = await second.prisma.case.findUniqueOrThrow({ where: { id: created.id }, include: { incomes: true } })
      expect(found.variables).to.deep.equal({ household: { size: 3 } })
      expect(found.incomes[0]?.monthlyNet.toString()).to.equal('1234.56')
    } finally {
      await second.close()
    }
  })

  it('should refuse a second opener of the folder while it is open', async () => {
    // given
    const first = await openDatabase({ dataDir, databaseUrl: null })

    // when
    try {
      const error = await rejection(openDatabase({ dataDir, databaseUrl: null }))

      // then
      expect(error).to.be.instanceOf(DataDirLockedError)
      expect(error.message).to.contain(`pid ${process.pid}`)
      expect(await first.prisma.case.count()).to.equal(0) // the first one is unharmed
    } finally {
      await first.close()
    }
  })

  it('should reject naming the migration and release the folder when a migration fails', async () => {
    // given
    const fixture = migrationsWith({ [BROKEN_MIGRATION]: BROKEN_SQL })

    // when
    try {
      const error = await rejection(openDatabase({ dataDir, databaseUrl: null }, { migrationsDir: fixture.dir }))

      // then
      expect(error).to.be.instanceOf(MigrationError)
      expect(error.message).to.contain(BROKEN_MIGRATION).and.to.contain('"missing_table" does not exist')
      expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).to.equal(false)
    } finally {
      fixture.cleanup()
    }
  })

  it('should use a PGlite in memory and leave the folder alone when asked to', async () => {
    // when
    const db = await openDatabase({ dataDir: path.join(dataDir, 'unused'), databaseUrl: null }, { inMemory: true })

    // then
    try {
      expect(db.kind).to.equal('pglite')
      expect(db.location).to.equal('memory')
      expect(await db.prisma.task.count()).to.equal(0)
      expect(fs.existsSync(path.join(dataDir, 'unused'))).to.equal(false)
    } finally {
      await db.close()
    }
  })

  it('should run every one of many transactions that arrive at once, each in its turn, when the database is PGlite', async () => {
    // given: PGlite has one connection, so each transaction waits for those before it (3 s in all here, more than
    // Prisma's default 2 s wait to begin, which failed registrations under a full office's load)
    const db = await openDatabase({ dataDir, databaseUrl: null }, { inMemory: true })
    try {
      // when
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          db.prisma.$transaction(async (tx) => {
            await tx.$queryRaw`SELECT 1`
            await new Promise((resolve) => setTimeout(resolve, 250))
            return i
          }),
        ),
      )
      // then
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).to.deep.equal([])
      expect(results.map((r) => (r as PromiseFulfilledResult<number>).value)).to.deep.equal([...Array(12).keys()])
    } finally {
      await db.close()
    }
  })
})
