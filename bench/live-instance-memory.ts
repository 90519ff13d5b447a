// Memory of instances kept live between events (engine/embedded/live-instances.ts, ENGINE_LIVE_INSTANCES): the heap
// after BENCH_LIVE_RUNS benefit-application runs are started and kept live (each waits for its first job, as a new
// case does), against the heap before, both after a full garbage collection. No database.
//
//   node --expose-gc --import tsx bench/live-instance-memory.ts
// Knobs: BENCH_LIVE_RUNS (500).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { FakeClock } from '../engine/clock.ts'
import { PROCESSES_DIR } from '../engine/deploy-folder.ts'
import { buildSourceContext, InstanceRun } from '../engine/embedded/instance-run.ts'
import { parseBpmn } from '../engine/embedded/process-model.ts'
import { BENCH_NOW, START_VARIABLES } from './lib/benefit-driver.ts'
import { emitResult, envInt, fmt, machine } from './lib/common.ts'

const RUNS = envInt('BENCH_LIVE_RUNS', 500)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')

const source = readFileSync(path.join(PROCESSES_DIR, 'benefit-application.bpmn'), 'utf8')
const cached = { model: (await parseBpmn('benefit-application.bpmn', source)).processes[0], sourceContext: await buildSourceContext(source) }
const clock = new FakeClock(BENCH_NOW)
const m = machine()
console.log(`live-instance-memory ${m.date} · node ${m.node} · load ${m.loadavg.join(' ')}`)

const heap = () => {
  gc!()
  gc!()
  return process.memoryUsage().heapUsed
}
const kept: InstanceRun[] = []
// one run first, so that what every run shares (modules, the parsed definition) is in the heap before
const first = new InstanceRun(cached, clock)
await first.start({ ...START_VARIABLES, caseId: 'warm-up' }, { keepLive: true })
kept.push(first)
const before = heap()
for (let i = 0; i < RUNS; i++) {
  const run = new InstanceRun(cached, clock)
  const snap = await run.start({ ...START_VARIABLES, caseId: `bench-${i}` }, { keepLive: true })
  if (snap.status !== 'waiting' || snap.jobs.length === 0) throw new Error(`run ${i} is ${snap.status}, not waiting for a job`)
  kept.push(run)
}
const after = heap()
const perRun = (after - before) / RUNS
console.log(`${RUNS} live runs: heap ${fmt((after - before) / 2 ** 20)} MiB more, ${fmt(perRun / 1024)} KiB per live instance`)
emitResult('live-instance-memory', [{ name: 'heap per live benefit-application instance', value: perRun / 1024, unit: 'KiB', note: `${RUNS} runs` }], { kept: kept.length })
