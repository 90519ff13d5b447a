// Jobs with an effect answered inside the save of the step that reaches them (transactional-jobs.ts): a
// transactional handler's writes, its job stored completed and the instance's next state commit together, or none
// of them does. In one process (PGlite in memory), and with the process killed by SIGKILL inside that transaction
// (a PGlite data folder; PostgreSQL too when TEST_DATABASE_URL is set).
import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createPostgresTestDatabase, createTestDatabase, describeOnPostgres, type TestDatabase } from '../helpers/test-database.ts'
import { ROOT } from '../helpers/child-server.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { complete, fail, type JobContext, type JobHandler, type JobOutcome } from '../../engine/job.ts'
import { loadConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/storage/open-database.ts'
import type { Database } from '../../src/storage/database.ts'
import { transactionalStepFile } from './fixtures/transactional-step-file.ts'

const CHILD = path.join(ROOT, 'test/engine/fixtures/transactional-step-child.ts')

describe('jobs with an effect answered within the save of their step', function () {
  let db: TestDatabase
  let clock: FakeClock
  const engines: EmbeddedEngine[] = []

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
  })
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop()
  })

  /** A transactional handler that writes one row per call (keyed by the call) and answers with `answer(call)`. */
  function effectHandler(answer: (call: number) => JobOutcome | Promise<JobOutcome>, contexts: (JobContext | undefined)[]): JobHandler {
    return {
      taskType: 'effect',
      transactional: true,
      async handle(job, context) {
        contexts.push(context)
        const call = contexts.length
        await (context?.tx ?? db.prisma).idempotencyKey.create({ data: { key: `effect:${call}:${job.key}` } })
        return answer(call)
      },
    }
  }

  async function started(handler: JobHandler) {
    const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0, defaultJobTimeoutMs: 60_000 })
    engine.registerHandler(handler)
    engines.push(engine)
    await engine.deploy([transactionalStepFile])
    const { instanceId } = await engine.startInstance({ processId: 'transactional-step' })
    const task = await db.prisma.task.findFirstOrThrow({ where: { instanceId, elementId: 'a' } })
    return { engine, instanceId, taskKey: task.engineKey }
  }

  const effects = async () => (await db.prisma.idempotencyKey.findMany({ where: { key: { startsWith: 'effect:' } }, orderBy: { key: 'asc' } })).map((r) => r.key)
  const openTasks = async (instanceId: string) => (await db.prisma.task.findMany({ where: { instanceId, status: 'open' } })).map((t) => t.elementId)

  it('should commit the handler\'s write, its job completed and the next state in the one save of the step when the step reaches a transactional job', async () => {
    const contexts: (JobContext | undefined)[] = []
    const { engine, instanceId, taskKey } = await started(effectHandler(() => complete({ effected: true }), contexts))
    const before = (await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).revision

    await engine.completeUserTask(taskKey, { done: true })

    // no idle(): the completion's one save holds the job's effect, the job and the next task
    const row = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(row.revision).to.equal(before + 1)
    expect(row.variables).to.include({ done: true, effected: true })
    const job = await db.prisma.job.findFirstOrThrow({ where: { instanceId, elementId: 'effect' } })
    expect(job).to.deep.include({ status: 'completed', attempts: 1, result: { effected: true }, lockedUntil: null })
    // the handler got the engine's transaction, and the job's key is the stored job's id
    expect(contexts).to.have.length(1)
    expect(contexts[0]?.tx).to.not.equal(undefined)
    expect(await effects()).to.deep.equal([`effect:1:${job.id}`])
    expect(await openTasks(instanceId)).to.deep.equal(['b'])
    await engine.idle()
    expect(contexts).to.have.length(1)
  })

  for (const [how, answer] of [
    ['fails', () => fail('not yet')],
    ['throws', () => Promise.reject(new Error('database went away'))],
  ] as const) {
    it(`should roll back what the handler wrote and leave its job to the job runner when the handler ${how} within the step`, async () => {
      const contexts: (JobContext | undefined)[] = []
      const { engine, instanceId, taskKey } = await started(effectHandler((call) => (call === 1 ? answer() : complete({ effected: true })), contexts))

      await engine.completeUserTask(taskKey, { done: true })
      await engine.idle()

      // the first call ran in the step's transaction and was rolled back with it; the job runner's call, outside
      // any transaction of the engine, completed the job
      expect(contexts.map((c) => c?.tx !== undefined)).to.deep.equal([true, false])
      const job = await db.prisma.job.findFirstOrThrow({ where: { instanceId, elementId: 'effect' } })
      expect(job).to.deep.include({ status: 'completed', attempts: 1, result: { effected: true } })
      expect(await effects()).to.deep.equal([`effect:2:${job.id}`])
      expect(await openTasks(instanceId)).to.deep.equal(['b'])
      expect((await db.prisma.task.findFirstOrThrow({ where: { instanceId, elementId: 'a' } })).status).to.equal('completed')
    })
  }
})

describe('a process killed inside the transaction of a step that answered a job with an effect', function () {
  this.timeout(120_000)

  function runChild(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      child.stdout.on('data', (d: Buffer) => { out += d.toString() })
      child.stderr.on('data', (d: Buffer) => { err += d.toString() })
      child.once('error', reject)
      child.once('exit', (code, signal) => resolve({ code, signal, out, err }))
    })
  }

  function killScenario(label: string, setUp: () => Promise<{ env: Record<string, string>; open: () => Promise<Database>; cleanUp: () => Promise<void> }>) {
    it(`should leave neither the effect nor the step saved, and apply the event once when it comes again (${label})`, async () => {
      const storage = await setUp()
      try {
        const killed = await runChild({ ...storage.env, STEP: 'kill' })
        expect(killed.signal, killed.err).to.equal('SIGKILL')

        let db = await storage.open()
        let instanceId: string
        try {
          const instances = await db.prisma.processInstance.findMany({ where: { processId: 'transactional-step' } })
          expect(instances).to.have.length(1)
          instanceId = instances[0].id
          // nothing of the step: no effect, no job, the instance at its start's save, task a still open
          expect(await db.prisma.idempotencyKey.count({ where: { key: { startsWith: `effect:${instanceId}:` } } })).to.equal(0)
          expect(await db.prisma.job.count({ where: { instanceId } })).to.equal(0)
          expect((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).revision).to.equal(1)
          expect((await db.prisma.task.findMany({ where: { instanceId, status: 'open' } })).map((t) => t.elementId)).to.deep.equal(['a'])
        } finally {
          await db.close()
        }

        const finished = await runChild({ ...storage.env, STEP: 'finish' })
        expect(finished.code, finished.err).to.equal(0)
        db = await storage.open()
        try {
          const job = await db.prisma.job.findFirstOrThrow({ where: { instanceId } })
          expect(job).to.deep.include({ elementId: 'effect', status: 'completed', attempts: 1 })
          expect((await db.prisma.idempotencyKey.findMany({ where: { key: { startsWith: `effect:${instanceId}:` } } })).map((r) => r.key)).to.deep.equal([`effect:${instanceId}:${job.id}`])
          expect((await db.prisma.task.findMany({ where: { instanceId, status: 'open' } })).map((t) => t.elementId)).to.deep.equal(['b'])
        } finally {
          await db.close()
        }
      } finally {
        await storage.cleanUp()
      }
    })
  }

  killScenario('PGlite data folder', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'wf-tx-step-kill-'))
    return {
      env: { DATA_DIR: dataDir, DATABASE_URL: '' },
      open: () => openDatabase(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir })),
      cleanUp: () => rm(dataDir, { recursive: true, force: true }),
    }
  })

  describeOnPostgres('PostgreSQL', (url) => {
    killScenario('PostgreSQL', async () => {
      const emptied = await createPostgresTestDatabase(url)
      await emptied.close()
      return {
        env: { DATABASE_URL: url },
        open: () => openDatabase({ dataDir: '', databaseUrl: url }),
        cleanUp: async () => (await createPostgresTestDatabase(url)).close(),
      }
    })
  })
})
