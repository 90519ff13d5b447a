// `npm test`: every suite on the embedded defaults (PGlite), then, when TEST_DATABASE_URL names a PostgreSQL,
// the suites that touch the database again on PostgreSQL. REQUIRE_POSTGRES=1 or CI (both set by .ci/run) turns a missing
// PostgreSQL into a failure instead of a skip. Then, when OPERATON_URL names Operaton nodes (scripts/ci-operaton.sh),
// the engine suites (the engine contract and the procedures) again with TEST_ENGINE=operaton on PostgreSQL;
// REQUIRE_OPERATON=1 or CI turns missing nodes into a failure. Extra arguments go to every mocha run.
import { spawn } from 'node:child_process'

const mocha = ['node_modules/mocha/bin/mocha.js']
const extra = process.argv.slice(2)
const MOCHA_OPTIONS = ['--no-config', '--node-option', 'import=tsx', '--extension', 'ts', '--timeout', '60000', '--exit']
// the engine-independent process specs (BPMN lint, the DMN tables on their own) are left out of the Operaton pass
const ENGINE_SUITES = [
  'test/engine-contract/**/*.spec.ts',
  'test/processes/**/*.spec.ts',
  '--ignore', 'test/processes/bpmn-lint.spec.ts',
  '--ignore', 'test/processes/income-criteria-dmn.spec.ts',
  // the web and SLA specs that read the engine's tables (inbox, incidents, SLA) through the app
  'test/web/draft-returned.spec.ts',
  'test/web/pages-show-results.spec.ts',
  'test/web/benefits-decision.spec.ts',
  'test/web/case-decision-events-page.spec.ts',
  'test/web/case-diagram.spec.ts',
  'test/web/history-actors.spec.ts',
  'test/web/incident-announcements.spec.ts',
  'test/web/incidents.spec.ts',
  // the Blue Card restriction (issue 12, item 6): deployment guard, FEEL assignee outside the team, claim and complete
  'test/web/procedure-restrictions.spec.ts',
  'test/web/restricted-procedures.spec.ts',
  'test/web/restricted-procedures-engine.spec.ts',
  'test/sla/sla-monitor.spec.ts',
  // a procedure a manager deployed, registered from the page and the API
  'test/web/deployed-procedure-cases.spec.ts',
  // a case for every instance a message or a timer starts (issue 13, item 1)
  'test/web/start-event-cases.spec.ts',
  'test/web/signal-start-cases.spec.ts',
]
const DATABASE_SUITES = ['test/storage/**/*.spec.ts', 'test/engine/**/*.spec.ts', 'test/engine-contract/**/*.spec.ts', 'test/processes/**/*.spec.ts', 'test/web/**/*.spec.ts', 'test/notifications/**/*.spec.ts', 'test/sla/**/*.spec.ts']

/** A missing service fails the run when its REQUIRE_ variable is 1 or in CI (as test/helpers/service-suite.ts). */
function required(variable) {
  const ci = process.env.CI
  return process.env[variable] === '1' || (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0')
}

const passes = []

/** Runs one mocha pass, its output passed through as it comes and kept for the summary at the end. */
async function run(label, args, env) {
  process.stdout.write(`\n=== ${label} ===\n`)
  const child = spawn(process.execPath, [...mocha, ...args, ...extra], { stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, ...env } })
  let output = ''
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk)
    output += chunk.toString()
  })
  const status = await new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))))
  passes.push({ label, status, output })
  return status
}

/**
 * One line per pass, then each failing pass's failures again: a CI log is often read from its end, and the failures
 * of the first pass would otherwise be buried under the later passes.
 */
function summary() {
  const plain = (text) => text.replace(/\u001b\[[0-9;]*m/g, '')
  process.stdout.write('\n=== summary ===\n')
  for (const pass of passes) {
    const text = plain(pass.output)
    const count = (word) => text.match(new RegExp(`^\\s*(\\d+) ${word}`, 'm'))?.[1] ?? '0'
    process.stdout.write(`${pass.label}: ${count('passing')} passing, ${count('failing')} failing, ${count('pending')} pending (exit ${pass.status})\n`)
  }
  for (const pass of passes.filter((p) => p.status !== 0)) {
    const text = plain(pass.output)
    const at = text.search(/^\s*\d+ failing/m)
    const report = at >= 0 ? text.slice(at).split('\n').slice(0, 400).join('\n') : '(no mocha failure report: the pass stopped before its summary)'
    process.stdout.write(`\n--- failures of: ${pass.label} ---\n${report}\n`)
  }
}

let failed = 0
failed |= await run('all suites on PGlite (embedded default)', [], { TEST_DB_BACKEND: 'pglite' })

const url = process.env.TEST_DATABASE_URL
if (url) {
  // --no-config: mocha would add the config's spec list to these; the other settings are repeated here
  failed |= await run('database suites on PostgreSQL', [...MOCHA_OPTIONS, ...DATABASE_SUITES], { TEST_DB_BACKEND: 'postgresql' })
} else if (required('REQUIRE_POSTGRES')) {
  process.stderr.write('REQUIRE_POSTGRES=1 or CI, but TEST_DATABASE_URL is not set: the PostgreSQL suites cannot run\n')
  failed = 1
} else {
  process.stdout.write('\n(PostgreSQL pass skipped: set TEST_DATABASE_URL to run the database suites on PostgreSQL too)\n')
}

if (process.env.OPERATON_URL) {
  if (url) {
    failed |= await run('engine suites on Operaton', [...MOCHA_OPTIONS, ...ENGINE_SUITES], { TEST_ENGINE: 'operaton', TEST_DB_BACKEND: 'postgresql' })
  } else {
    process.stderr.write('OPERATON_URL is set but TEST_DATABASE_URL is not: the engine suites on Operaton run on PostgreSQL only\n')
    failed = 1
  }
} else if (required('REQUIRE_OPERATON')) {
  process.stderr.write('REQUIRE_OPERATON=1 or CI, but OPERATON_URL is not set: the engine suites on Operaton cannot run (start the nodes with scripts/ci-operaton.sh)\n')
  failed = 1
} else {
  process.stdout.write('\n(Operaton pass skipped: set OPERATON_URL (scripts/ci-operaton.sh prints it) to run the engine suites on Operaton too)\n')
}
summary()
process.exit(failed ? 1 : 0)
