// The command line tools (src/cli/*) run as child processes: when something goes wrong (the PGlite folder held by
// the running server, a bad argument, a bad setting, a database that cannot be reached) they end with a sentence
// saying what went wrong and what to do, exit non-zero and print no stack trace.
import { expect } from 'chai'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { acquireDataDirLock, type DataDirLock } from '../../src/storage/data-dir-lock.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function runCli(script: string, args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NODE_ENV: 'test', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += String(d)))
    child.stderr.on('data', (d) => (stderr += String(d)))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

/** No stack frames, no error class dump: only sentences. */
function expectNoStackTrace(run: Run): void {
  const all = run.stdout + run.stderr
  expect(all, all).not.to.match(/^\s+at /m)
  expect(all, all).not.to.match(/\{\s*$|^\s*code: '/m)
  expect(all, all).not.to.match(/^\w*Error\b/m)
}

describe('command line tools: errors end with a sentence, not a stack trace', function () {
  this.timeout(60_000)
  let dataDir: string
  let lock: DataDirLock | null = null

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-cli-'))
  })
  afterEach(() => {
    lock?.release()
    lock = null
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('should say the database is in use and to stop the server when users:create runs while the server holds the PGlite folder', async () => {
    // given: the lock the running server would hold
    lock = acquireDataDirLock(path.join(dataDir, 'pglite.lock'))
    // when
    const run = await runCli('create-user.ts', ['--login', 'jan', '--name', 'Jan Kowalski', '--groups', 'caseworkers', '--password-stdin'], { DATA_DIR: dataDir }, 'a-long-enough-password')
    // then
    expect(run.code).to.equal(1)
    expectNoStackTrace(run)
    expect(run.stderr).to.include(`pid ${process.pid}`)
    expect(run.stderr).to.match(/stop/i)
    expect(run.stderr.trim().split('\n')).to.have.length(1)
  })

  it('should name the unknown option and show the usage when users:create gets a bad argument', async () => {
    const run = await runCli('create-user.ts', ['--login', 'jan', '--bogus'], { DATA_DIR: dataDir })
    expect(run.code).to.equal(2)
    expectNoStackTrace(run)
    expect(run.stderr).to.include('--bogus')
    expect(run.stderr).to.include('usage: npm run users:create')
  })

  it('should name the variable when users:create is started with a bad setting', async () => {
    const run = await runCli('create-user.ts', ['--login', 'jan', '--name', 'Jan', '--password-stdin'], { DATA_DIR: dataDir, LOG_LEVEL: 'loud' }, 'a-long-enough-password')
    expect(run.code).to.equal(2)
    expectNoStackTrace(run)
    expect(run.stderr).to.include('LOG_LEVEL')
  })

  it('should say the database cannot be reached when users:create is pointed at a PostgreSQL that does not answer', async () => {
    const run = await runCli('create-user.ts', ['--login', 'jan', '--name', 'Jan', '--password-stdin'], { DATABASE_URL: 'postgresql://nobody:secret@127.0.0.1:1/none' }, 'a-long-enough-password')
    expect(run.code).to.equal(1)
    expectNoStackTrace(run)
    expect(run.stderr).to.include('DATABASE_URL')
    expect(run.stderr).not.to.include('secret')
  })

  it('should create the user when the folder is free', async () => {
    const run = await runCli('create-user.ts', ['--login', 'jan', '--name', 'Jan Kowalski', '--groups', 'caseworkers', '--password-stdin'], { DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, 'a-long-enough-password')
    expect(run.code, run.stderr).to.equal(0)
    expect(run.stderr).to.equal('')
  })

  it('should say the database is in use when db:resolve runs while the server holds the PGlite folder', async () => {
    lock = acquireDataDirLock(path.join(dataDir, 'pglite.lock'))
    const run = await runCli('resolve-migration.ts', [], { DATA_DIR: dataDir })
    expect(run.code).to.equal(1)
    expectNoStackTrace(run)
    expect(run.stderr).to.match(/stop/i)
  })
})
