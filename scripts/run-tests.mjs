// `npm test`: every suite on the embedded defaults (PGlite), then, when TEST_DATABASE_URL names a PostgreSQL,
// the suites that touch the database again on PostgreSQL. REQUIRE_POSTGRES=1 (set by .ci/run) turns a missing
// PostgreSQL into a failure instead of a skip. Extra arguments go to both mocha runs.
import { spawnSync } from 'node:child_process'

const mocha = ['node_modules/mocha/bin/mocha.js']
const extra = process.argv.slice(2)
const DATABASE_SUITES = ['test/storage/**/*.spec.ts', 'test/engine/**/*.spec.ts', 'test/processes/**/*.spec.ts', 'test/web/**/*.spec.ts', 'test/notifications/**/*.spec.ts', 'test/sla/**/*.spec.ts']

function run(label, args, env) {
  process.stdout.write(`\n=== ${label} ===\n`)
  const result = spawnSync(process.execPath, [...mocha, ...args, ...extra], { stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status ?? 1
}

let failed = 0
failed |= run('all suites on PGlite (embedded default)', [], { TEST_DB_BACKEND: 'pglite' })

const url = process.env.TEST_DATABASE_URL
if (url) {
  // --no-config: mocha would add the config's spec list to these; the other settings are repeated here
  const options = ['--no-config', '--node-option', 'import=tsx', '--extension', 'ts', '--timeout', '60000', '--exit']
  failed |= run('database suites on PostgreSQL', [...options, ...DATABASE_SUITES], { TEST_DB_BACKEND: 'postgresql' })
} else if (process.env.REQUIRE_POSTGRES === '1') {
  process.stderr.write('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL suites cannot run\n')
  failed = 1
} else {
  process.stdout.write('\n(PostgreSQL pass skipped: set TEST_DATABASE_URL to run the database suites on PostgreSQL too)\n')
}
process.exit(failed ? 1 : 0)
