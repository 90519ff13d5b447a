// GET /api/tasks?view=group latency through the real HTTP server (createSystem, PGlite in a temporary DATA_DIR,
// port 0 on 127.0.0.1), logged in as the demo caseworker with a bearer token: with 0 open tasks, then with
// 10 000. The 10 000 open tasks are Task rows inserted directly with prisma createMany after the system started
// (candidate group caseworkers, family-interview tasks, due dates spread from 10 days overdue to 30 days ahead),
// not created through the engine: this measures the inbox query and the endpoint, not the engine.
// Sequential requests after a warm-up; median and p95; response size; whether the endpoint pages.
//
//   npx tsx bench/tasks-api-latency.ts
// Knobs: BENCH_TASKS (10000), BENCH_REQUESTS (200), BENCH_WARMUP_REQUESTS (20).
import { randomUUID } from 'node:crypto'
import { loadConfig } from '../src/config.ts'
import { inboxFilter } from '../src/inbox/list-tasks.ts'
import { taskOrder } from '../src/inbox/task-view.ts'
import { createSystem } from '../src/system.ts'
import type { Actor } from '../src/users/actor.ts'
import { cleanupTempDirs, emitResult, envInt, fmt, machine, makeTempDir, stats, type BenchRow } from './lib/common.ts'

const TASKS = envInt('BENCH_TASKS', 10_000)
const REQUESTS = envInt('BENCH_REQUESTS', 200)
const WARMUP = envInt('BENCH_WARMUP_REQUESTS', 20)
const rows: BenchRow[] = []
const log = (msg: string) => console.log(msg)

async function main() {
  const m = machine()
  log(`tasks-api-latency ${m.date} · ${m.cpu} · nproc ${m.nproc} · node ${m.node} · load ${m.loadavg.join(' ')}`)
  const dataDir = makeTempDir('tasks-api')
  const config = loadConfig(
    { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', NODE_ENV: 'development', SCHEDULER_INTERVAL_MS: '600000' },
    process.cwd(),
  )
  const system = await createSystem(config)
  try {
    const port = await system.listen()
    const base = `http://127.0.0.1:${port}`
    const login = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'pracownik', password: 'demo' }),
    })
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`)
    const { token } = (await login.json()) as { token: string }
    const headers = { authorization: `Bearer ${token}` }

    const measure = async (label: string, url: string) => {
      // timed: request sent → whole body received; the client's JSON.parse is outside the timing
      const get = async () => {
        const t = performance.now()
        const res = await fetch(url, { headers })
        const body = await res.text()
        const ms = performance.now() - t
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`)
        return { ms, body, headers: res.headers }
      }
      for (let i = 0; i < WARMUP; i++) await get()
      const samples: number[] = []
      let lastBody = ''
      let lastHeaders = new Headers()
      for (let i = 0; i < REQUESTS; i++) {
        const { ms, body, headers: h } = await get()
        samples.push(ms)
        lastBody = body
        lastHeaders = h
      }
      const s = stats(samples)
      const r = { bytes: Buffer.byteLength(lastBody), count: (JSON.parse(lastBody) as unknown[]).length, headers: lastHeaders }
      log(`${label}: median ${fmt(s.median, 2)} ms, p95 ${fmt(s.p95, 2)} ms, max ${fmt(s.max, 2)} ms over ${REQUESTS} requests; ${r.count} tasks in ${fmt(r.bytes / 1024)} KiB`)
      rows.push({ name: `${label}: median`, value: s.median, unit: 'ms', note: `p95 ${fmt(s.p95, 2)} ms, mean ${fmt(s.mean, 2)}, max ${fmt(s.max, 2)}; ${REQUESTS} sequential requests after ${WARMUP} warm-up` })
      rows.push({ name: `${label}: p95`, value: s.p95, unit: 'ms' })
      rows.push({ name: `${label}: response`, value: r.bytes / 1024, unit: 'KiB', note: `${r.count} tasks in the array` })
      return r
    }

    await measure('0 open tasks, GET /api/tasks?view=group', `${base}/api/tasks?view=group`)

    // 10 000 open tasks, straight into the table
    const prisma = system.db.prisma
    const now = system.clock.now().getTime()
    const day = 86_400_000
    const ti = performance.now()
    for (let done = 0; done < TASKS; done += 1000) {
      const k = Math.min(1000, TASKS - done)
      await prisma.task.createMany({
        data: Array.from({ length: k }, (_, j) => {
          const i = done + j
          const urgent = i % 10 === 0
          return {
            engine: 'embedded',
            engineKey: randomUUID(),
            instanceId: randomUUID(),
            caseId: randomUUID(),
            processId: 'benefit-application',
            elementId: 'Task_familyInterview',
            name: 'Rodzinny wywiad środowiskowy',
            candidateGroups: ['caseworkers'],
            candidateUsers: [],
            assignee: i % 7 === 0 ? 'pracownik2' : null,
            dueAt: new Date(now + Math.round(((i * 7919) % 40_000) / 1000 - 10) * day),
            priority: urgent ? 80 : 50,
            formKey: 'family-interview',
            status: 'open',
            createdAt: new Date(now - ((i * 104_729) % (30 * day))),
            variables: {
              caseId: randomUUID(),
              receivedAt: '2026-03-02',
              urgent,
              benefit: 'zasilek-okresowy',
              householdSize: 2,
              incomes: [{ monthlyNet: 900 }, { monthlyNet: 0 }],
              caseNumber: `OPS.8311.${i + 1}.2026`,
              interviewDueAt: '2026-03-20T22:59:59.000Z',
              decisionDueAt: '2026-04-02T21:59:59.000Z',
            },
            properties: {},
          }
        }),
      })
    }
    const open = await prisma.task.count({ where: { status: 'open', candidateGroups: { has: 'caseworkers' } } })
    log(`inserted ${TASKS} open tasks with createMany in ${fmt((performance.now() - ti) / 1000, 2)} s (${open} open caseworker tasks)`)
    // The insert kept this process's event loop busy (PGlite runs in it) past the server's 5 s keep-alive timeout:
    // let the server close the idle client connection now, or the next request races the close (ECONNRESET).
    await new Promise((r) => setTimeout(r, 6000))

    const auditBefore = await prisma.auditEvent.count()
    const big = await measure(`${open} open tasks, GET /api/tasks?view=group`, `${base}/api/tasks?view=group`)
    const auditAfter = await prisma.auditEvent.count()
    const pagingHeaders = ['link', 'x-total-count', 'x-next-cursor', 'content-range'].filter((h) => big.headers.has(h))
    const pages = big.count < open
    const pagingNote = pages
      ? `returns ${big.count} of ${open} open tasks (a cap) with no way to ask for the rest: no paging parameters answered, paging headers: ${pagingHeaders.length ? pagingHeaders.join(', ') : 'none'}`
      : `returns all ${big.count} open tasks in one response (no paging)`
    log(`paging: ${pagingNote}`)
    log(`audit: ${auditAfter - auditBefore} AuditEvent rows written by ${REQUESTS + WARMUP} list requests`)
    rows.push({ name: 'GET /api/tasks?view=group with 10 000 open: tasks returned', value: big.count, unit: 'tasks', note: pagingNote })
    // beyond the cap: does ?page / ?offset / ?cursor change anything?
    const probe = await fetch(`${base}/api/tasks?view=group&offset=${big.count}&page=2&cursor=x`, { headers })
    const probeBody = (await probe.json()) as { id: string }[]
    const firstDefault = (await (await fetch(`${base}/api/tasks?view=group`, { headers })).json()) as { id: string }[]
    const sameFirst = probe.ok && probeBody[0]?.id === firstDefault[0]?.id
    log(`?offset/&page/&cursor: status ${probe.status}, ${probeBody.length} tasks, ${sameFirst ? 'same first task as without them (ignored)' : 'different result'}`)

    // the database part alone: the same query the endpoint runs (src/inbox/list-tasks.ts), without HTTP
    const actor = { user: { login: 'pracownik', groups: ['caseworkers'] } } as unknown as Actor
    const q = () => prisma.task.findMany({ where: inboxFilter('group', actor), orderBy: [...taskOrder], take: big.count })
    for (let i = 0; i < 10; i++) await q()
    const qs: number[] = []
    for (let i = 0; i < 50; i++) {
      const t = performance.now()
      await q()
      qs.push(performance.now() - t)
    }
    const sq = stats(qs)
    log(`the inbox query alone (prisma findMany, ${big.count} rows with all columns): median ${fmt(sq.median, 2)} ms, p95 ${fmt(sq.p95, 2)} ms`)
    rows.push({ name: `inbox query alone (prisma, ${big.count} rows, ${open} open)`, value: sq.median, unit: 'ms', note: `p95 ${fmt(sq.p95, 2)} ms; 50 queries` })
    // the same rows, only the columns the endpoint sends (toTaskSummary): how much is fetching whole rows
    const qSummary = () =>
      prisma.task.findMany({
        where: inboxFilter('group', actor),
        orderBy: [...taskOrder],
        take: big.count,
        select: { id: true, name: true, caseId: true, candidateGroups: true, assignee: true, dueAt: true, priority: true, status: true },
      })
    for (let i = 0; i < 10; i++) await qSummary()
    const qss: number[] = []
    for (let i = 0; i < 50; i++) {
      const t = performance.now()
      await qSummary()
      qss.push(performance.now() - t)
    }
    const sqs = stats(qss)
    log(`the same query selecting only the 8 summary columns: median ${fmt(sqs.median, 2)} ms, p95 ${fmt(sqs.p95, 2)} ms`)
    rows.push({ name: `inbox query, only the 8 summary columns`, value: sqs.median, unit: 'ms', note: `p95 ${fmt(sqs.p95, 2)} ms; 50 queries` })
    const plan = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN ANALYZE SELECT * FROM "Task" WHERE status = 'open' AND ("candidateGroups" && ARRAY['caseworkers'] OR 'pracownik' = ANY("candidateUsers"))
       ORDER BY "dueAt" ASC NULLS LAST, "createdAt" ASC LIMIT ${big.count}`,
    )
    log('plan of the equivalent SQL:\n  ' + plan.map((p) => p['QUERY PLAN']).join('\n  '))
    // Nothing has analyzed the table since the bulk insert (and PGlite does not auto-analyze at all, see
    // bench/checks/pglite-autoanalyze.ts): show whether fresh statistics change the plan or the time. The figures
    // above stand as measured; this is only the explanation of part of them.
    await prisma.$executeRawUnsafe('ANALYZE "Task"')
    const analyzed = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN ANALYZE SELECT * FROM "Task" WHERE status = 'open' AND ("candidateGroups" && ARRAY['caseworkers'] OR 'pracownik' = ANY("candidateUsers"))
       ORDER BY "dueAt" ASC NULLS LAST, "createdAt" ASC LIMIT ${big.count}`,
    )
    log('plan after ANALYZE "Task":\n  ' + analyzed.map((p) => p['QUERY PLAN']).join('\n  '))
    const qa: number[] = []
    for (let i = 0; i < 50; i++) {
      const t = performance.now()
      await q()
      qa.push(performance.now() - t)
    }
    log(`the inbox query alone after ANALYZE: median ${fmt(stats(qa).median, 2)} ms, p95 ${fmt(stats(qa).p95, 2)} ms`)
    rows.push({ name: `inbox query alone after ANALYZE "Task"`, value: stats(qa).median, unit: 'ms', note: `p95 ${fmt(stats(qa).p95, 2)} ms` })

    await measure(`${open} open tasks, GET /api/tasks?view=mine (none assigned to pracownik)`, `${base}/api/tasks?view=mine`)
  } finally {
    await system.close()
  }
  emitResult('tasks-api-latency', rows, { settings: { TASKS, REQUESTS, WARMUP } })
}

try {
  await main()
} finally {
  cleanupTempDirs()
}
process.exit(0)
