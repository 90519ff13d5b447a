// Moving a centre from the embedded engine to Operaton: running cases finish where they started. With ENGINE=operaton
// on a database where cases started on the embedded engine have not ended, src/system.ts runs this engine: new work
// (deploy, listProcesses, startInstance) goes to Operaton; every call about an existing instance, user task, job or
// incident goes to the engine that runs it (ProcessInstance.engine, Task.engine, the job's instance); messages go to
// both. The embedded engine runs beside, for its own cases only: it is the Operaton adapter's catalog (the one
// embedded engine on the database, so deployments reach the definitions its instances run), its scheduler fires the
// timers and runs the jobs of embedded instances (embedded-engine.ts never takes the mirror's "op:" rows), and
// nothing starts an instance on it. The way back (ENGINE=embedded while Operaton cases run) is refused at start-up:
// engine-choice.ts.
import type { PrismaClient } from '../src/generated/prisma/client.ts'
import type { EmbeddedEngine } from './embedded/embedded-engine.ts'
import type { JobHandler } from './job.ts'
import type { StartEventCases } from './start-event-cases.ts'
import type { OperatonEngine } from './operaton/operaton-engine.ts'
import type {
  AssignOptions,
  DeployResource,
  DeployResult,
  ProcessSummary,
  PublishMessageRequest,
  StartInstanceRequest,
  WorkflowEngine,
} from './port.ts'

export interface RoutingEngineOptions {
  prisma: PrismaClient
  /** The engine new cases start on. Its catalog (operaton.definitions.catalog) is the embedded engine kept running. */
  operaton: OperatonEngine
}

export class RoutingEngine implements WorkflowEngine {
  readonly kind = 'operaton' as const
  readonly operaton: OperatonEngine
  readonly embedded: EmbeddedEngine
  private readonly prisma: PrismaClient

  constructor(options: RoutingEngineOptions) {
    this.prisma = options.prisma
    this.operaton = options.operaton
    this.embedded = options.operaton.definitions.catalog
  }

  // ------------------------------------------------------------------------------------------------- lifecycle

  /** Handlers reach both: the Operaton adapter registers them on its catalog, the embedded engine. */
  registerHandler(handler: JobHandler): void {
    this.operaton.registerHandler(handler)
  }

  /** New instances start on Operaton: the embedded catalog starts none by message or timer. */
  setStartEventCases(cases: StartEventCases): void {
    this.operaton.setStartEventCases(cases)
  }

  async start(): Promise<void> {
    await this.embedded.start()
    await this.operaton.start()
  }

  async stop(): Promise<void> {
    await this.operaton.stop()
    await this.embedded.stop()
  }

  /** GET /health: the Operaton nodes (the embedded engine runs in this process). */
  health(): ReturnType<OperatonEngine['health']> {
    return this.operaton.health()
  }

  // ------------------------------------------------------------------------------------------------- new work

  /** Operaton and the catalog (the embedded engine's definition tables) both get it. */
  deploy(resources: DeployResource[], meta?: { deployedBy?: string; comment?: string }): Promise<DeployResult> {
    return this.operaton.deploy(resources, meta)
  }

  listProcesses(): Promise<ProcessSummary[]> {
    return this.operaton.listProcesses()
  }

  startInstance(request: StartInstanceRequest): Promise<{ instanceId: string }> {
    return this.operaton.startInstance(request)
  }

  /**
   * An embedded case with this key started before the move, so it is the oldest; otherwise Operaton's answer (its
   * history also knows an instance whose start answer was lost), else what our tables know.
   */
  async findInstanceByBusinessKey(processId: string, businessKey: string): Promise<{ instanceId: string } | null> {
    const known = await this.embedded.findInstanceByBusinessKey(processId, businessKey)
    if (known && (await this.engineOfInstance(known.instanceId)) === this.embedded) return known
    return (await this.operaton.findInstanceByBusinessKey(processId, businessKey)) ?? known
  }

  /**
   * A case on either engine may wait for the message: both are asked and the counts summed. Only one of them keeps
   * it for its time to live (Operaton, when the embedded engine took nothing); whichever engine later gets the
   * matching subscription takes the buffered row (deleted before it is delivered, so once).
   */
  async publishMessage(request: PublishMessageRequest): Promise<{ correlated: number }> {
    const onEmbedded = await this.embedded.publishMessage({ ...request, timeToLiveMs: 0 })
    const onOperaton = await this.operaton.publishMessage({ ...request, timeToLiveMs: onEmbedded.correlated > 0 ? 0 : request.timeToLiveMs })
    return { correlated: onEmbedded.correlated + onOperaton.correlated }
  }

  // ------------------------------------------------------------------------------------------------- existing work

  async cancelInstance(instanceId: string): Promise<void> {
    return (await this.engineOfInstance(instanceId)).cancelInstance(instanceId)
  }

  async completeUserTask(key: string, variables: Record<string, unknown>): Promise<void> {
    return (await this.engineOfTask(key)).completeUserTask(key, variables)
  }

  async assignUserTask(key: string, assignee: string | null, options?: AssignOptions): Promise<void> {
    return (await this.engineOfTask(key)).assignUserTask(key, assignee, options)
  }

  async retryJob(jobId: string, retries?: number): Promise<void> {
    const job = await this.prisma.job.findUnique({ where: { id: jobId }, select: { instanceId: true } })
    const engine = job ? await this.engineOfInstance(job.instanceId) : this.operaton
    return engine.retryJob(jobId, retries)
  }

  async resolveIncident(instanceId: string): Promise<{ timers: number }> {
    return (await this.engineOfInstance(instanceId)).resolveIncident(instanceId)
  }

  /** The engine that runs the instance; Operaton for an id we do not know (it answers NOT_FOUND as the port says). */
  async engineOfInstance(instanceId: string): Promise<WorkflowEngine> {
    const row = await this.prisma.processInstance.findUnique({ where: { id: instanceId }, select: { engine: true } })
    return row?.engine === 'embedded' ? this.embedded : this.operaton
  }

  private async engineOfTask(key: string): Promise<WorkflowEngine> {
    const row = await this.prisma.task.findUnique({ where: { engineKey: key }, select: { engine: true } })
    return row?.engine === 'embedded' ? this.embedded : this.operaton
  }
}
