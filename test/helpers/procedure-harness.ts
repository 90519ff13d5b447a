// Drives the real processes/ files on the engine under test (test/helpers/engine-under-test.ts) with a FakeClock, for the procedure tests: starts a
// case as POST /api/cases would (a Case row, then the instance with the case id as business key), and completes
// user tasks THROUGH THEIR FORMS — the submitted values are checked by the same validation as the inbox, and only
// what the form lets through reaches the process — so a test cannot pass with data the real form would refuse.
import { expect } from 'chai'
import type { Task } from '../../src/generated/prisma/client.ts'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { loadForm, taskVariables } from '../../src/inbox/get-task.ts'
import { validateFormSubmission } from '../../src/inbox/form-validation.ts'
import { ownerGroupFor } from '../../src/cases/owner-groups.ts'
import { loadRestrictions } from '../../src/procedures/load-restrictions.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { createTestEngine, stopTestEngine, type TestEngine } from './engine-under-test.ts'
import type { TestDatabase } from './test-database.ts'

export interface StartedCase {
  caseId: string
  instanceId: string
}

export class ProcedureHarness {
  private constructor(
    readonly db: TestDatabase,
    readonly clock: FakeClock,
    readonly engine: TestEngine,
  ) {}

  /** A harness on a reset database with every real handler registered and every file of processes/ deployed.
   * Stop it in afterEach. */
  static async create(db: TestDatabase, now: string): Promise<ProcedureHarness> {
    const clock = new FakeClock(now)
    const handlers = createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' })
    const engine = await createTestEngine({ prisma: db.prisma, clock, handlers })
    await deployProcessesFolder(engine)
    return new ProcedureHarness(db, clock, engine)
  }

  async stop(): Promise<void> {
    await stopTestEngine(this.engine)
  }

  get prisma() {
    return this.db.prisma
  }

  /** Registers a case of `procedure` received on `receivedAt` and starts its process with `variables`. */
  async start(procedure: string, receivedAt: string, variables: Record<string, unknown> = {}): Promise<StartedCase> {
    const c = await this.prisma.case.create({
      data: { procedure, receivedAt: new Date(`${receivedAt}T00:00:00Z`), ownerGroup: ownerGroupFor(procedure, await loadRestrictions(this.prisma)), createdAt: this.clock.now() },
    })
    const { instanceId } = await this.engine.startInstance({
      processId: procedure,
      businessKey: c.id,
      variables: { ...variables, caseId: c.id, receivedAt },
    })
    await this.engine.idle()
    return { caseId: c.id, instanceId }
  }

  async openTasks(instanceId: string): Promise<Task[]> {
    return this.prisma.task.findMany({ where: { instanceId, status: 'open' }, orderBy: { createdAt: 'asc' } })
  }

  /** The one open task of the instance at `elementId` (fails when there is none or several). */
  async task(instanceId: string, elementId: string): Promise<Task> {
    const tasks = (await this.openTasks(instanceId)).filter((t) => t.elementId === elementId)
    const open = (await this.openTasks(instanceId)).map((t) => t.elementId)
    expect(tasks, `one open ${elementId} (open: ${open.join(', ') || 'none'})`).to.have.length(1)
    return tasks[0]
  }

  async openElementIds(instanceId: string): Promise<string[]> {
    return (await this.openTasks(instanceId)).map((t) => t.elementId).sort()
  }

  /** Completes the open task at `elementId` with `values` submitted through its form; fails on form errors. */
  async complete(instanceId: string, elementId: string, values: Record<string, unknown>): Promise<Task> {
    const task = await this.task(instanceId, elementId)
    const form = await loadForm({ prisma: this.prisma, clock: this.clock }, task.formKey)
    expect(form, `form ${task.formKey} of ${elementId}`).not.to.equal(null)
    const checked = validateFormSubmission(form!, values, taskVariables(task))
    if (!checked.ok) expect.fail(`form ${task.formKey} refused ${JSON.stringify(checked.fields)}`)
    await this.engine.completeUserTask(task.engineKey, checked.variables)
    await this.engine.idle()
    return task
  }

  /** The form errors `values` would get on the open task at `elementId` (null when the form accepts them). */
  async formErrors(instanceId: string, elementId: string, values: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    const task = await this.task(instanceId, elementId)
    const form = await loadForm({ prisma: this.prisma, clock: this.clock }, task.formKey)
    const checked = validateFormSubmission(form!, values, taskVariables(task))
    return checked.ok ? null : checked.fields
  }

  /** Moves the clock to `to` and fires what is due (twice: a fired timer may make more work due). */
  async advanceTo(to: string): Promise<void> {
    this.clock.set(to)
    await this.engine.runDueWork()
    await this.engine.runDueWork()
  }

  async variables(instanceId: string): Promise<Record<string, unknown>> {
    const row = await this.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    return row.variables as Record<string, unknown>
  }

  async status(instanceId: string): Promise<string> {
    const row = await this.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    if (row.status === 'incident') expect.fail(`instance in incident: ${row.incident}`)
    return row.status
  }

  async trail(instanceId: string): Promise<string[]> {
    const row = await this.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    return (row.trail as { elementId: string; event: string }[]).filter((t) => t.event === 'start').map((t) => t.elementId)
  }

  async caseRow(caseId: string) {
    return this.prisma.case.findUniqueOrThrow({ where: { id: caseId } })
  }

  async events(caseId: string, type: string) {
    return this.prisma.caseEvent.findMany({ where: { caseId, type }, orderBy: { at: 'asc' } })
  }
}
