// The deployment check against file size (issue 13): a generated procedure of 100, 1 000 and 5 000 elements (with its
// diagram, as a modeler saves it; bench/lib/large-bpmn.ts) through
//   - the upload check (checkDeployment: the subset, FEEL parsed never run, registries, forms, decisions, restricted
//     assignments, and bpmnlint on a worker thread): the dry run POST /api/deployments/check and the first half of
//     every deployment;
//   - the embedded engine's deploy (its own check, canonical checksum, the rows): the second half.
// For each: wall time (median of BENCH_ROUNDS, default 3) and the longest time the event loop was held while it ran
// (the longest gap of a 5 ms ticker): what any other request to the same server waits on top of its
// own time. PGlite in a temporary folder.
//   node --import tsx bench/deployment-check.ts            (BENCH_SIZES=100,1000,5000 BENCH_ROUNDS=3)
import path from 'node:path'
import { cleanupTempDirs, emitResult, envInt, fmt, machine, makeTempDir, stats, type BenchRow } from './lib/common.ts'
import { largeBpmn } from './lib/large-bpmn.ts'

async function main() {
  const { openDatabase } = await import('../src/storage/open-database.ts')
  const { checkDeployment } = await import('../src/procedures/check-deployment.ts')
  const { EmbeddedEngine } = await import('../engine/embedded/embedded-engine.ts')
  const { FakeClock } = await import('../engine/clock.ts')
  const { TaskType } = await import('../workers/task-types.ts')
  const { complete } = await import('../engine/job.ts')

  const sizes = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number)
  const rounds = envInt('BENCH_ROUNDS', 3)
  console.log(JSON.stringify(machine()))
  const dir = makeTempDir('deploy-check')
  const db = await openDatabase({ dataDir: path.join(dir, 'db'), databaseUrl: null } as never)
  const engine = new EmbeddedEngine({ prisma: db.prisma, clock: new FakeClock('2026-03-02T08:00:00Z'), schedulerIntervalMs: 0 } as never)
  for (const type of Object.values(TaskType)) engine.registerHandler({ taskType: type, handle: async () => complete() })

  /** Runs `work`, returning its wall time and the longest event-loop delay meanwhile, both in ms. */
  async function measured(work: () => Promise<unknown>): Promise<{ ms: number; heldMs: number }> {
    // a 5 ms ticker: the longest gap between its ticks, less 5 ms, is the longest time nothing else could run
    let last = performance.now()
    let heldMs = 0
    const ticker = setInterval(() => {
      const now = performance.now()
      heldMs = Math.max(heldMs, now - last - 5)
      last = now
    }, 5)
    const started = performance.now()
    await work()
    const ms = performance.now() - started
    heldMs = Math.max(heldMs, performance.now() - last - 5)
    clearInterval(ticker)
    return { ms, heldMs: Math.max(0, heldMs) }
  }

  const rows: BenchRow[] = []
  // warm-up: module loading and the lint worker's start are not the check's cost
  await checkDeployment([largeBpmn('warmup', 100)], { prisma: db.prisma })
  for (const size of sizes) {
    const check: { ms: number; heldMs: number }[] = []
    const deploy: { ms: number; heldMs: number }[] = []
    for (let round = 0; round < rounds; round++) {
      const file = largeBpmn(`bench_${size}_${round}`, size)
      const checked = await measured(async () => {
        const result = await checkDeployment([file], { prisma: db.prisma })
        if (result.problems.length) throw new Error(`the generated file is refused: ${JSON.stringify(result.problems.slice(0, 3))}`)
      })
      check.push(checked)
      deploy.push(await measured(() => engine.deploy([file])))
    }
    const kb = largeBpmn('size', size).content.length / 1024
    const row = (name: string, list: { ms: number; heldMs: number }[]) => {
      const wall = stats(list.map((m) => m.ms))
      const held = stats(list.map((m) => m.heldMs))
      rows.push({ name: `${name}, ${size} elements (${fmt(kb, 0)} KB): wall`, value: +fmt(wall.median, 0), unit: 'ms', note: `max ${fmt(wall.max, 0)}` })
      rows.push({ name: `${name}, ${size} elements: event loop held`, value: +fmt(held.median, 0), unit: 'ms', note: `max ${fmt(held.max, 0)}` })
      console.log(`${name} ${size}: wall median ${fmt(wall.median, 0)} ms (max ${fmt(wall.max, 0)}), event loop held median ${fmt(held.median, 0)} ms (max ${fmt(held.max, 0)})`)
    }
    row('upload check', check)
    row('embedded deploy', deploy)
  }
  await db.close()
  cleanupTempDirs()
  emitResult('deployment-check', rows, { rounds })
  process.exit(0)
}

main().catch((err) => {
  console.error(err)
  cleanupTempDirs()
  process.exit(1)
})
