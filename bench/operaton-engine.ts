// The app on the embedded engine vs on one Operaton node vs on two, and our external-task worker vs a bare loop.
//   1. Benefit applications per second and creation-to-inbox latency: the real server (npm start's entry point) in
//      a child process on a PostgreSQL database of its own, BENCH_CONCURRENCY clients each registering an
//      application (POST /api/cases) and waiting until its family interview is in the inbox (the Task row the
//      inbox reads; the database is polled every 20 ms), then the next. Latency = from sending the POST to the
//      row being seen. Variants: ENGINE=embedded; ENGINE=operaton with one node; with two nodes (workers in-app).
//   2. Worker overhead: a one-service-task process deployed straight to one node, BENCH_WORKER_INSTANCES instances
//      started, then drained by (a) a bare loop (fetchAndLock maxTasks = concurrency, each task completed at once)
//      and (b) our ExternalTaskWorker with a handler that completes at once, same concurrency, one node; rounds
//      alternate a, b, a, b… and the ratio of the medians is reported.
//   3. Memory: each engine node's RSS (and the app's) after its throughput run, from /proc.
// Its own nodes (ports BENCH_OPERATON_PORTS, default 8095 8096) and databases: the shared nodes 8081/8082 are not
// touched. Both databases are emptied, so their names must contain "bench".
//
//   BENCH_DATABASE_URL=postgresql://welfare:welfare@127.0.0.1:5432/welfare_opbench \
//   BENCH_OPERATON_DATABASE_URL=postgresql://welfare:welfare@127.0.0.1:5432/operaton_bench \
//   node --import tsx bench/operaton-engine.ts
// Knobs: BENCH_CASES (100), BENCH_WARMUP (5), BENCH_CONCURRENCY (4), BENCH_WORKER_INSTANCES (400),
//        BENCH_WORKER_ROUNDS (3), BENCH_VARIANTS (embedded,operaton-1,operaton-2,worker).
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { startNode, type EngineNode } from '../scripts/operaton-node.mjs'
import { systemClock } from '../engine/clock.ts'
import { ExternalTaskWorker } from '../engine/operaton/external-task-worker.ts'
import { OperatonClient } from '../engine/operaton/operaton-client.ts'
import { complete } from '../engine/job.ts'
import { openDatabase } from '../src/storage/open-database.ts'
import { api, killHard, startChildServer, type ChildServer } from '../test/helpers/child-server.ts'
import { checkBenchDatabaseUrl, dropPublicSchema, emitResult, envInt, fmt, machine, stats, type BenchRow } from './lib/common.ts'

const CASES = envInt('BENCH_CASES', 100)
const WARMUP = envInt('BENCH_WARMUP', 5)
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 4)
const WORKER_INSTANCES = envInt('BENCH_WORKER_INSTANCES', 400)
const WORKER_ROUNDS = envInt('BENCH_WORKER_ROUNDS', 3)
const PORTS = (process.env.BENCH_OPERATON_PORTS ?? '8095 8096').split(/\s+/).map(Number)
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'embedded,operaton-1,operaton-2,worker').split(',').map((v) => v.trim())
const APP_URL = requireUrl('BENCH_DATABASE_URL')
const ENGINE_URL = requireUrl('BENCH_OPERATON_DATABASE_URL')
if (PORTS.some((p) => p === 8081 || p === 8082)) throw new Error('BENCH_OPERATON_PORTS must not be the shared nodes 8081/8082')

function requireUrl(name: string): string {
  const url = process.env[name]
  if (!url) throw new Error(`${name} is required (a PostgreSQL database whose name contains "bench"; see the header)`)
  return checkBenchDatabaseUrl(url)
}

const rows: BenchRow[] = []
const log = (msg: string) => console.log(msg)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const nodes: EngineNode[] = []
let app: ChildServer | null = null

/** Today in Warsaw: the interview is then due 14 working days later, so no timer fires during a run. */
function warsawToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date())
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) / 1024 : NaN
}

async function emptyEngineDatabase(): Promise<void> {
  await dropPublicSchema(ENGINE_URL)
}

async function emptyAppDatabase(): Promise<void> {
  const db = await openDatabase({ dataDir: '', databaseUrl: APP_URL }) // applies the migrations
  try {
    const tables = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
    )
    if (tables.length) await db.prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => t.name).join(', ')} RESTART IDENTITY CASCADE`)
  } finally {
    await db.close()
  }
}

async function stopEverything(): Promise<void> {
  if (app) {
    app.child.kill('SIGTERM')
    await Promise.race([app.exited, sleep(20_000)])
    await killHard(app)
    app = null
  }
  await Promise.all(nodes.splice(0).map((n) => n.stop()))
}

async function startNodes(count: number): Promise<EngineNode[]> {
  await emptyEngineDatabase()
  for (let i = 0; i < count; i++) {
    const node = await startNode({ port: PORTS[i], databaseUrl: ENGINE_URL, env: { OPERATON_NODE_NAME: `bench-${PORTS[i]}` }, timeoutMs: 240_000, build: i === 0 })
    log(`  node on port ${node.port} ready in ${fmt(node.readyMs / 1000, 0)} s, RSS ${fmt(rssMiB(node.pid), 0)} MiB`)
    nodes.push(node)
  }
  return nodes
}

// ------------------------------------------------------------------------------------------ 1. throughput

async function throughput(variant: string, env: Record<string, string>): Promise<void> {
  await emptyAppDatabase()
  const server = await startChildServer({ DATABASE_URL: APP_URL, ...env }, 240_000)
  app = server
  const session = await api(server.base, 'POST', '/api/session', { body: { login: 'pracownik', password: 'demo' } })
  if (session.status !== 200) throw new Error(`login answered ${session.status}`)
  const token = session.body.token as string
  const receivedAt = warsawToday()
  const db = new pg.Client({ connectionString: APP_URL })
  await db.connect()

  // the inbox watcher: every 20 ms, the interview tasks of the cases registered so far
  const sentAt = new Map<string, number>()
  const seenAt = new Map<string, number>()
  const waiting = new Map<string, () => void>()
  let watching = true
  const watcher = (async () => {
    while (watching) {
      const pending = [...sentAt.keys()].filter((id) => !seenAt.has(id))
      if (pending.length) {
        const found = await db.query<{ caseId: string }>(`SELECT "caseId" FROM "Task" WHERE "elementId" = 'Task_familyInterview' AND "caseId" = ANY($1)`, [pending])
        const now = performance.now()
        for (const r of found.rows) {
          seenAt.set(r.caseId, now)
          waiting.get(r.caseId)?.()
        }
      }
      await sleep(20)
    }
  })()

  async function registerOne(): Promise<string> {
    const body = {
      procedure: 'benefit-application',
      receivedAt,
      urgent: false,
      benefit: 'zasilek-okresowy',
      applicant: { pesel: '44051401359', firstName: 'Jan', lastName: 'Kowalski' },
      household: [],
      incomes: [{ pesel: '44051401359', monthlyNet: 300 }],
    }
    const t0 = performance.now()
    const res = await api(server.base, 'POST', '/api/cases', { token, body, headers: { 'Idempotency-Key': randomUUID() } })
    if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`)
    const id = res.body.id as string
    const inInbox = new Promise<void>((resolve) => waiting.set(id, resolve))
    sentAt.set(id, t0)
    if (seenAt.has(id)) waiting.get(id)!()
    await Promise.race([inInbox, sleep(120_000).then(() => Promise.reject(new Error(`case ${id} not in the inbox after 120 s`)))])
    return id
  }

  async function drive(count: number): Promise<{ ids: string[]; seconds: number }> {
    const ids: string[] = []
    let next = 0
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          next++
          ids.push(await registerOne())
        }
      }),
    )
    return { ids, seconds: (performance.now() - t0) / 1000 }
  }

  try {
    await drive(WARMUP)
    const { ids, seconds } = await drive(CASES)
    const latencies = stats(ids.map((id) => seenAt.get(id)! - sentAt.get(id)!))
    const perSecond = CASES / seconds
    log(`  ${variant}: ${CASES} applications in ${fmt(seconds, 1)} s = ${fmt(perSecond, 2)}/s; creation to inbox median ${fmt(latencies.median, 0)} ms, p95 ${fmt(latencies.p95, 0)} ms (min ${fmt(latencies.min, 0)}, max ${fmt(latencies.max, 0)})`)
    rows.push({ name: `${variant}: applications per second (${CONCURRENCY} clients)`, value: perSecond, unit: '/s' })
    rows.push({ name: `${variant}: creation to inbox, median`, value: latencies.median, unit: 'ms' })
    rows.push({ name: `${variant}: creation to inbox, p95`, value: latencies.p95, unit: 'ms' })
    const appRss = rssMiB(server.child.pid!)
    rows.push({ name: `${variant}: app process RSS after the run`, value: appRss, unit: 'MiB' })
    for (const node of nodes) rows.push({ name: `${variant}: engine node ${node.port} RSS after the run`, value: rssMiB(node.pid), unit: 'MiB' })
    log(`  RSS: app ${fmt(appRss, 0)} MiB${nodes.map((n) => `, node ${n.port} ${fmt(rssMiB(n.pid), 0)} MiB`).join('')}`)
  } finally {
    watching = false
    await watcher
    await db.end()
  }
}

// ---------------------------------------------------------------------------------------- 2. worker overhead

const NOOP_TOPIC = 'bench-noop'
const NOOP_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="bench" targetNamespace="http://welfare-flow/bench">
  <bpmn:process id="bench-noop" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="${NOOP_TOPIC}" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`

async function rest(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(base + path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : null
}

async function startNoopInstances(base: string, count: number): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        next++
        await rest(base, 'POST', '/process-definition/key/bench-noop/start', {})
      }
    }),
  )
  const open = await rest(base, 'GET', `/external-task/count?topicName=${NOOP_TOPIC}`)
  if (open.count !== count) throw new Error(`expected ${count} open external tasks, found ${open.count}`)
}

/** (a) fetchAndLock up to `concurrency` tasks, complete each at once, again, until `count` are done. */
async function drainBare(base: string, count: number, concurrency: number): Promise<number> {
  const workerId = `bench-bare-${randomUUID().slice(0, 8)}`
  let done = 0
  const t0 = performance.now()
  while (done < count) {
    const tasks = (await rest(base, 'POST', '/external-task/fetchAndLock', {
      workerId,
      maxTasks: concurrency,
      asyncResponseTimeout: 1000,
      topics: [{ topicName: NOOP_TOPIC, lockDuration: 60_000 }],
    })) as { id: string }[]
    await Promise.all(tasks.map((t) => rest(base, 'POST', `/external-task/${t.id}/complete`, { workerId })))
    done += tasks.length
  }
  return performance.now() - t0
}

/** (b) our worker, a handler that completes at once, until `count` are done. */
async function drainOurs(restUrl: string, count: number, concurrency: number): Promise<number> {
  let done = 0
  let finished!: () => void
  const all = new Promise<void>((resolve) => (finished = resolve))
  const quiet = { info() {}, warn() {}, error() {} }
  const worker = new ExternalTaskWorker({
    client: new OperatonClient({ urls: [restUrl] }),
    handlers: [{ taskType: NOOP_TOPIC, handle: async () => complete() }],
    lookup: async () => ({ type: NOOP_TOPIC, retries: 3, headers: {}, inputs: [], outputs: [] }),
    clock: systemClock,
    logger: quiet,
    concurrency,
    workerId: `bench-ours-${randomUUID().slice(0, 8)}`,
    pollTimeoutMs: 1000,
    onJobFinished: (info) => {
      if (info.outcome === 'complete' && ++done === count) finished()
    },
  })
  const t0 = performance.now()
  worker.start()
  await all
  const ms = performance.now() - t0
  await worker.stop()
  return ms
}

async function workerOverhead(): Promise<void> {
  const [node] = await startNodes(1)
  const form = new FormData()
  form.append('deployment-name', 'bench-noop')
  form.append('bench-noop.bpmn', new Blob([NOOP_BPMN], { type: 'application/xml' }), 'bench-noop.bpmn')
  const deployed = await fetch(`${node.url}/deployment/create`, { method: 'POST', body: form })
  if (!deployed.ok) throw new Error(`deployment answered ${deployed.status}: ${await deployed.text()}`)
  const concurrency = CONCURRENCY
  const bare: number[] = []
  const ours: number[] = []
  // a warm-up round of each (JIT, connection pools), not counted
  for (const round of [-1, ...Array.from({ length: WORKER_ROUNDS }, (_, i) => i)]) {
    for (const kind of ['bare', 'ours'] as const) {
      const count = round < 0 ? 50 : WORKER_INSTANCES
      await startNoopInstances(node.url, count)
      const ms = kind === 'bare' ? await drainBare(node.url, count, concurrency) : await drainOurs(node.url, count, concurrency)
      if (round >= 0) {
        ;(kind === 'bare' ? bare : ours).push(ms)
        log(`  worker round ${round + 1}, ${kind}: ${WORKER_INSTANCES} tasks in ${fmt(ms, 0)} ms = ${fmt((WORKER_INSTANCES / ms) * 1000, 1)}/s`)
      }
    }
  }
  const b = stats(bare).median
  const o = stats(ours).median
  rows.push({ name: `bare fetchAndLock loop, ${WORKER_INSTANCES} no-op tasks, ${concurrency} at a time (median of ${WORKER_ROUNDS})`, value: (WORKER_INSTANCES / b) * 1000, unit: 'tasks/s' })
  rows.push({ name: `our ExternalTaskWorker, same tasks (median of ${WORKER_ROUNDS})`, value: (WORKER_INSTANCES / o) * 1000, unit: 'tasks/s' })
  rows.push({ name: 'our worker ÷ bare loop, time to drain', value: o / b, unit: '×', note: 'goal ≤ 1.1×' })
  rows.push({ name: `engine node ${node.port} RSS after the worker rounds`, value: rssMiB(node.pid), unit: 'MiB' })
  log(`  worker overhead: ours ${fmt(o, 0)} ms vs bare ${fmt(b, 0)} ms (medians) = ${fmt(o / b, 2)}×`)
}

// ------------------------------------------------------------------------------------------------ main

const m = machine()
log(`bench operaton-engine ${m.date} · ${m.cpu} · nproc ${m.nproc} · ${m.memGiB} GiB · node ${m.node} · load ${m.loadavg.join(' / ')}`)
log(`cases ${CASES} (warm-up ${WARMUP}), ${CONCURRENCY} clients; worker: ${WORKER_INSTANCES} tasks × ${WORKER_ROUNDS} rounds; ports ${PORTS.join(', ')}`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopEverything().finally(() => process.exit(130)))
try {
  for (const variant of VARIANTS) {
    log(`\n== ${variant}`)
    if (variant === 'embedded') await throughput(variant, { ENGINE: 'embedded' })
    else if (variant === 'operaton-1' || variant === 'operaton-2') {
      const started = await startNodes(variant === 'operaton-1' ? 1 : 2)
      await throughput(variant, { ENGINE: 'operaton', OPERATON_URL: started.map((n) => n.url).join(','), OPERATON_WORKERS: 'in-app', OPERATON_API_TOKEN: '' })
    } else if (variant === 'worker') await workerOverhead()
    else throw new Error(`unknown variant ${variant}`)
    await stopEverything()
  }
} finally {
  await stopEverything()
}
log(`\nload at the end: ${machine().loadavg.join(' / ')}`)
emitResult('operaton-engine', rows)
