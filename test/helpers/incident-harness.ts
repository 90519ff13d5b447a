// The engine under test (test/helpers/engine-under-test.ts) with every procedure of processes/ and the real
// handlers, except that compute-deadlines throws `failure` while the harness is broken (as if a service it needed
// were down): a registered benefit application then runs out of retries and its process stops with an incident.
// For the incident specs.
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import type { JobHandler } from '../../engine/job.ts'
import { ids } from '../../engine/operaton/instance-mirror.ts'
import type { OperatonEngine } from '../../engine/operaton/operaton-engine.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { TaskType } from '../../workers/task-types.ts'
import { createTestEngine, type TestEngine } from './engine-under-test.ts'
import type { TestDatabase } from './test-database.ts'
import { bearer, createWebTestApp, tokenFor } from './web-app.ts'
import { benefitApplication } from './web-fixtures.ts'

export interface CaseInIncident {
  caseId: string
  number: string
  instanceId: string
  jobId: string
}

export interface IncidentHarness {
  app: Express
  engine: TestEngine
  clock: FakeClock
  /** The cause is fixed: compute-deadlines works again. */
  fix(): void
  /** Registers an application (as pracownik) and runs the clock until its process is in incident. */
  caseInIncident(): Promise<CaseInIncident>
  /** Runs the clock a minute at a time until the instance is in incident (fails after 10 minutes). */
  runUntilIncident(instanceId: string): Promise<void>
}

export async function startIncidentHarness(db: TestDatabase, failure: string): Promise<IncidentHarness> {
  const clock = new FakeClock('2026-03-10T09:00:00Z')
  let broken = true
  const failingWhileBroken = (real: JobHandler): JobHandler => ({
    taskType: real.taskType,
    timeoutMs: real.timeoutMs,
    handle: async (job) => {
      if (broken) throw new Error(failure)
      return real.handle(job)
    },
  })
  const handlers = createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' }).map((handler) =>
    handler.taskType === TaskType.computeDeadlines ? failingWhileBroken(handler) : handler,
  )
  const engine = await createTestEngine({ prisma: db.prisma, clock, handlers })
  await deployProcessesFolder(engine)
  const { app } = await createWebTestApp(db, { engine, clock })

  async function runUntilIncident(instanceId: string): Promise<void> {
    for (let i = 0; i < 10; i++) {
      if ((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status === 'incident') return
      clock.advance(60_000)
      await engine.runDueWork()
      await engine.idle()
    }
    throw new Error('no incident')
  }

  return {
    app,
    engine,
    clock,
    fix: () => {
      broken = false
    },
    runUntilIncident,
    async caseInIncident() {
      const created = await request(app).post('/api/cases').set(bearer(await tokenFor(app, 'pracownik'))).send(benefitApplication())
      expect(created.status).to.equal(201)
      await engine.idle()
      const { id: instanceId } = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: created.body.id } })
      await runUntilIncident(instanceId)
      const job = await db.prisma.job.findFirstOrThrow({ where: { instanceId, status: 'incident' } })
      return { caseId: created.body.id, number: created.body.number, instanceId, jobId: job.id }
    },
  }
}

/**
 * Puts a pending timer of `instanceId` into incident, as if its firing had failed, in the engine's own store: the
 * embedded engine keeps its timers in our Timer table; on Operaton that table is a mirror (a sync writes Operaton's
 * state over it), so there the timer's job runs out of retries in Operaton (a failedJob incident) and is mirrored.
 */
export async function failTimer(db: TestDatabase, engine: TestEngine, instanceId: string, timerId: string, message: string): Promise<void> {
  if (engine.kind === 'operaton') {
    const op = engine as TestEngine & OperatonEngine
    const remote = ids.parse(timerId)
    if (remote?.kind !== 'timer') throw new Error(`not a mirrored Operaton timer: ${timerId}`)
    await op.client.request('PUT', `/job/${encodeURIComponent(remote.remoteId)}/retries`, { body: { retries: 0 }, idempotent: true })
    await op.sync(instanceId)
    return
  }
  await db.prisma.timer.update({ where: { id: timerId }, data: { status: 'incident' } })
  await db.prisma.processInstance.update({ where: { id: instanceId }, data: { status: 'incident', incident: message } })
}
