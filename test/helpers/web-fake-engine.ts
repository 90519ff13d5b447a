// A stand-in engine for web tests that need no process: lists the procedures it is told, records starts (and
// cancellations), and mirrors assign / complete on the Task table like the real engines do. `failStart` makes
// startInstance throw (to test the failed-start path); findInstanceByBusinessKey finds the instances it recorded.
// retryJob mirrors the embedded engine on the Job table (NOT_FOUND unless the job is in incident).
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import {
  EngineError,
  type DeployResult,
  type ProcessSummary,
  type StartInstanceRequest,
  type WorkflowEngine,
} from '../../engine/port.ts'

export class FakeEngine implements WorkflowEngine {
  readonly kind = 'embedded' as const
  readonly started: StartInstanceRequest[] = []
  readonly completed: { key: string; variables: Record<string, unknown> }[] = []
  readonly assigned: { key: string; assignee: string | null }[] = []
  readonly retried: { jobId: string; retries: number }[] = []
  readonly canceled: string[] = []
  failStart: Error | null = null
  failList: Error | null = null

  constructor(
    private readonly prisma: PrismaClient,
    public processes: ProcessSummary[] = [
      { id: 'benefit-application', name: 'Wniosek o zasiłek', version: 1 },
      { id: 'family-assistance', name: 'Asysta rodzinna', version: 2 },
    ],
  ) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async deploy(): Promise<DeployResult> {
    return { processes: [], forms: [] }
  }
  async listProcesses(): Promise<ProcessSummary[]> {
    if (this.failList) throw this.failList
    return this.processes
  }
  async startInstance(request: StartInstanceRequest): Promise<{ instanceId: string }> {
    if (this.failStart) throw this.failStart
    this.started.push(request)
    return { instanceId: `instance-${this.started.length}` }
  }
  async findInstanceByBusinessKey(processId: string, businessKey: string): Promise<{ instanceId: string } | null> {
    const index = this.started.findIndex((s) => s.processId === processId && s.businessKey === businessKey)
    return index < 0 ? null : { instanceId: `instance-${index + 1}` }
  }
  async publishMessage(): Promise<{ correlated: number }> {
    return { correlated: 0 }
  }
  async cancelInstance(instanceId: string): Promise<void> {
    this.canceled.push(instanceId)
  }
  registerHandler(): void {}
  setStartEventCases(): void {}
  async completeUserTask(key: string, variables: Record<string, unknown>): Promise<void> {
    const { count } = await this.prisma.task.updateMany({
      where: { engineKey: key, status: 'open' },
      data: { status: 'completed', completedAt: new Date() },
    })
    if (count === 0) throw new EngineError('NOT_FOUND', `No open user task ${key}`)
    this.completed.push({ key, variables })
  }
  async assignUserTask(key: string, assignee: string | null): Promise<void> {
    const { count } = await this.prisma.task.updateMany({ where: { engineKey: key, status: 'open' }, data: { assignee } })
    if (count === 0) throw new EngineError('NOT_FOUND', `No open user task ${key}`)
    this.assigned.push({ key, assignee })
  }
  async retryJob(jobId: string, retries = 3): Promise<void> {
    const { count } = await this.prisma.job.updateMany({ where: { id: jobId, status: 'incident' }, data: { status: 'pending', retries } })
    if (count === 0) throw new EngineError('NOT_FOUND', `No job in incident ${jobId}`)
    this.retried.push({ jobId, retries })
  }
  async resolveIncident(instanceId: string): Promise<{ timers: number }> {
    const { count } = await this.prisma.timer.updateMany({ where: { instanceId, status: 'incident' }, data: { status: 'pending' } })
    if (count === 0) throw new EngineError('NOT_FOUND', `No process instance in incident ${instanceId}`)
    return { timers: count }
  }
}
