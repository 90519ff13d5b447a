import { expect } from 'chai'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { diffMigration } from '../../src/storage/diff-migration.ts'
import { defaultMigrationsDir, defaultSchemaPath } from '../../src/storage/project-paths.ts'

describe('diffMigration', () => {
  it('should find no changes when the migrations match prisma/schema.prisma (else run npm run db:migration -- <name>)', async () => {
    // when
    const script = await diffMigration({ migrationsDir: defaultMigrationsDir, schemaPath: defaultSchemaPath })

    // then
    expect(script, 'schema.prisma has changes without a migration').to.equal(null)
  })

  it('should give the SQL of a new model when the schema gained one', async () => {
    // given
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-schema-'))
    const schemaPath = path.join(dir, 'schema.prisma')
    fs.writeFileSync(schemaPath, fs.readFileSync(defaultSchemaPath, 'utf8') + '\nmodel DiffProbe {\n  id String @id\n  tags String[]\n}\n')

    try {
      // when
      const script = await diffMigration({ migrationsDir: defaultMigrationsDir, schemaPath })

      // then
      expect(script).to.contain('CREATE TABLE "DiffProbe"')
      expect(script).to.contain('"tags" TEXT[]')
      expect(script).not.to.contain('CREATE TABLE "Case"')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
