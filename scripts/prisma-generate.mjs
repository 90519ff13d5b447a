// Generates the Prisma client offline. Every prisma CLI command first checks for the native schema-engine
// binary, which cannot be downloaded on these machines; `generate` never runs it, so any existing file will do.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'wf-prisma-'))
const stub = join(dir, 'schema-engine-unused')
writeFileSync(stub, '#!/bin/sh\necho "the native schema engine is not used: migrations run through the WASM engine" >&2\nexit 1\n')
chmodSync(stub, 0o755)
execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate', '--schema', 'prisma/schema.prisma'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
})
