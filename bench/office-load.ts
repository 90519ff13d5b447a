// A full office at once (issue 16): N staff for S seconds against the real HTTP server (`src/main.ts` in its own
// process, the embedded engine, the shipped procedures), on PGlite on disk and on PostgreSQL. Each person signs in
// (POST /api/session: the bearer token for the API, the same token as the session cookie for pages) and loops,
// with a think time between steps, until the time is up:
//   register an application (POST /api/cases) → its case page (GET /cases/:id) → the inbox page (GET /inbox)
//   → the unassigned family interviews (GET /api/tasks?view=unassigned&task=Task_familyInterview), one picked at
//   random → its task page (GET /tasks/:id) → claim (POST /api/tasks/:id/claim) → complete with the interview's
//   answers (POST /api/tasks/:id/complete).
// Two people claiming the same task at once is normal office life: the loser's 409 is counted as a conflict, not
// an error; every other answer that is not 2xx is an error (the goal is 0). Loopback only; bounded loops.
// Recorded per request kind: count, p50/p95/p99; per run: requests/s, the server's CPU (from /proc), the load.
//
//   npx tsx bench/office-load.ts
//   BENCH_DATABASE_URL=postgresql://welfare:welfare@127.0.0.1:5432/welfare_bench npx tsx bench/office-load.ts
// Knobs: BENCH_USERS (50; a list such as 25,50,100 runs each office size), BENCH_SECONDS (60), BENCH_THINK_MS (1000:
// each pause is uniform between half and one and a half of it), BENCH_BACKENDS (pglite[,postgresql]),
// BENCH_SERVER_NODE_ARGS (node options for the server process, e.g. --cpu-prof --cpu-prof-dir=DIR), BENCH_SERVER_LOG
// (keep the server's log as <it>-<backend>-<users>.log instead of in the removed data folder).
import { spawn, type ChildProcess } from 'node:child_process'
import { openSync, readFileSync, closeSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '../src/storage/open-database.ts'
import { createUser } from '../src/users/create-user.ts'
import { pesel } from '../test/helpers/web-fixtures.ts'
import { checkBenchDatabaseUrl, cleanupTempDirs, dropPublicSchema, emitResult, envInt, fmt, machine, makeTempDir, quantile, type BenchRow } from './lib/common.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SIZES = (process.env.BENCH_USERS ?? '50').split(',').map(Number)
const SECONDS = envInt('BENCH_SECONDS', 60)
const THINK_MS = envInt('BENCH_THINK_MS', 1000)
const DATABASE_URL = process.env.BENCH_DATABASE_URL ? checkBenchDatabaseUrl(process.env.BENCH_DATABASE_URL) : null
const BACKENDS = (process.env.BENCH_BACKENDS?.split(',') ?? ['pglite', 'postgresql']).filter((b) => b !== 'postgresql' || DATABASE_URL)
const PASSWORD = 'obciazenie-biura-1'
/** Extra node options for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes. */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
const KINDS = ['register', 'case page', 'inbox page', 'interview list (API)', 'task page', 'claim', 'complete'] as const
type Kind = (typeof KINDS)[number]

const warsawToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date())
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const think = () => sleep(THINK_MS * (0.5 + Math.random()))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** user + system CPU seconds of a process so far (Linux /proc; clock ticks of 100 Hz). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

interface Recorder {
  samples: Map<Kind, number[]>
  conflicts: number
  errors: { kind: Kind; status: number; body: string }[]
}

async function timed(rec: Recorder, kind: Kind, url: string, init: RequestInit, expected: number[]): Promise<Response | null> {
  const t = performance.now()
  let res: Response
  let body: string
  try {
    res = await fetch(url, init)
    body = await res.text()
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    rec.errors.push({ kind, status: 0, body: `${String(err)}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}` })
    return null
  }
  const ms = performance.now() - t
  if (res.status === 409 && kind === 'claim') {
    rec.conflicts++
    return null
  }
  if (!expected.includes(res.status)) {
    rec.errors.push({ kind, status: res.status, body: body.slice(0, 200) })
    return null
  }
  rec.samples.get(kind)!.push(ms)
  return new Response(body, { status: res.status, headers: res.headers })
}

const INTERVIEW = () => ({
  interviewDate: warsawToday(),
  assistanceReason: 'poverty',
  householdSizeConfirmed: 2,
  situationDescription: 'Rodzina w trudnej sytuacji materialnej.',
  cooperates: true,
})

let serial = 0
function application() {
  serial++
  const applicant = pesel('1975-04-12', serial % 10_000)
  const spouse = pesel('1977-09-30', serial % 10_000)
  return {
    procedure: 'benefit-application',
    receivedAt: warsawToday(),
    urgent: false,
    benefit: 'zasilek-okresowy',
    applicant: { pesel: applicant, firstName: 'Anna', lastName: `Obciążeniowa${serial}` },
    household: [{ pesel: spouse, firstName: 'Jan', lastName: `Obciążeniowy${serial}` }],
    incomes: [{ pesel: applicant, monthlyNet: 700 }],
  }
}

async function person(base: string, token: string, until: number, rec: Recorder): Promise<void> {
  const api = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const page = { cookie: `wf_session=${token}` }
  while (performance.now() < until) {
    const created = await timed(rec, 'register', `${base}/api/cases`, { method: 'POST', headers: api, body: JSON.stringify(application()) }, [201])
    await think()
    if (created) {
      const { id } = (await created.json()) as { id: string }
      await timed(rec, 'case page', `${base}/cases/${id}`, { headers: page }, [200])
      await think()
    }
    if (performance.now() >= until) break
    await timed(rec, 'inbox page', `${base}/inbox?tab=group`, { headers: page }, [200])
    const list = await timed(rec, 'interview list (API)', `${base}/api/tasks?view=unassigned&task=Task_familyInterview&limit=20`, { headers: api }, [200])
    await think()
    const items = list ? ((await list.json()) as { items?: { id: string }[] } | { id: string }[]) : []
    const tasks = Array.isArray(items) ? items : (items.items ?? [])
    if (!tasks.length || performance.now() >= until) continue
    const task = tasks[Math.floor(Math.random() * tasks.length)]
    await timed(rec, 'task page', `${base}/tasks/${task.id}`, { headers: page }, [200])
    await think()
    const claimed = await timed(rec, 'claim', `${base}/api/tasks/${task.id}/claim`, { method: 'POST', headers: api }, [200])
    if (!claimed) continue
    await think()
    await timed(rec, 'complete', `${base}/api/tasks/${task.id}/complete`, { method: 'POST', headers: api, body: JSON.stringify({ variables: INTERVIEW() }) }, [200])
    await think()
  }
}

async function runOffice(backend: string, users: number): Promise<BenchRow[]> {
  const dataDir = makeTempDir('office')
  const databaseUrl = backend === 'postgresql' ? DATABASE_URL! : ''
  if (databaseUrl) await dropPublicSchema(databaseUrl)
  // the staff accounts before the server starts (a database with users gets no demo accounts)
  const db = await openDatabase({ dataDir, databaseUrl: databaseUrl || null })
  try {
    for (let i = 1; i <= users; i++) {
      await createUser(db.prisma, { login: `pracownik${i}`, displayName: `Pracownik ${i}`, groups: ['caseworkers'], password: PASSWORD })
    }
  } finally {
    await db.close()
  }
  const port = await freePort()
  const logFile = process.env.BENCH_SERVER_LOG ? `${process.env.BENCH_SERVER_LOG}-${backend}-${users}.log` : path.join(dataDir, 'server.log')
  const out = openSync(logFile, 'a')
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_ARGS, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ENGINE: 'embedded', NODE_ENV: 'development', DEMO_ACCOUNTS: 'false' },
    stdio: ['ignore', out, out],
  })
  closeSync(out)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const base = `http://127.0.0.1:${port}`
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${logFile}`)
      if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break
      await sleep(100)
    }
    const tokens: string[] = []
    for (let i = 1; i <= users; i++) {
      const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: `pracownik${i}`, password: PASSWORD }) })
      if (!res.ok) throw new Error(`sign-in of pracownik${i}: ${res.status} ${await res.text()}`)
      tokens.push(((await res.json()) as { token: string }).token)
    }
    const rec: Recorder = { samples: new Map(KINDS.map((k) => [k, []])), conflicts: 0, errors: [] }
    const cpuBefore = cpuSeconds(child.pid!)
    const began = performance.now()
    const until = began + SECONDS * 1000
    // people start over the first think time, not all in the same millisecond
    await Promise.all(tokens.map(async (token, i) => {
      await sleep((THINK_MS * i) / users)
      await person(base, token, until, rec)
    }))
    const elapsed = (performance.now() - began) / 1000
    const serverCpu = (cpuSeconds(child.pid!) - cpuBefore) / elapsed
    const load = machine().loadavg
    const total = [...rec.samples.values()].reduce((a, s) => a + s.length, 0)
    console.log(`\n### ${backend}, ${users} staff, ${SECONDS} s, think ${THINK_MS} ms (±50 %)`)
    console.log(`requests ${total} in ${fmt(elapsed)} s = ${fmt(total / elapsed)} /s · errors ${rec.errors.length} · claim conflicts ${rec.conflicts} · server CPU ${fmt(serverCpu * 100, 0)} % of one core · load ${load.join(' ')}`)
    console.log('| request | n | p50 ms | p95 ms | p99 ms |')
    console.log('|---|---:|---:|---:|---:|')
    const rows: BenchRow[] = []
    for (const kind of KINDS) {
      const s = [...rec.samples.get(kind)!].sort((a, b) => a - b)
      console.log(`| ${kind} | ${s.length} | ${fmt(quantile(s, 0.5))} | ${fmt(quantile(s, 0.95))} | ${fmt(quantile(s, 0.99))} |`)
      rows.push({ name: `${backend}, ${users} staff: ${kind} p95`, value: +fmt(quantile(s, 0.95)), unit: 'ms', note: `n=${s.length}` })
    }
    rows.push({ name: `${backend}, ${users} staff: errors`, value: rec.errors.length, unit: 'count' })
    for (const e of rec.errors.slice(0, 5)) console.log(`error: ${e.kind} → ${e.status} ${e.body}`)
    return rows
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

async function main() {
  const m = machine()
  console.log(`office-load ${m.date} · ${m.cpu} · nproc ${m.nproc} · node ${m.node} · load ${m.loadavg.join(' ')}`)
  console.log(`backends ${BACKENDS.join(', ')}${DATABASE_URL ? '' : ' (BENCH_DATABASE_URL unset: no PostgreSQL)'} · office sizes ${SIZES.join(', ')}`)
  const rows: BenchRow[] = []
  for (const backend of BACKENDS) {
    for (const users of SIZES) rows.push(...(await runOffice(backend, users)))
  }
  emitResult('office-load', rows)
}

main()
  .catch((err) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(cleanupTempDirs)
