// The engine port: what the rest of welfare-flow may ask of a process engine. Two adapters implement it:
// the embedded engine (bpmn-engine in this process, state in our database) and Zeebe (Camunda 8).
import type { JobHandler } from './job.ts'
import type { StartEventCases } from './start-event-cases.ts'

export interface DeployResource {
  /** File name, e.g. "benefit-application.bpmn", "family-interview.form" or "income-criteria.dmn". */
  name: string
  content: string
}

export interface DeployedProcess {
  processId: string
  name: string
  version: number
  /** True when the content was identical to the newest version, so no new version was made. */
  duplicate: boolean
}

export interface DeployedDecision {
  decisionId: string
  name: string
  version: number
  /** True when the file was identical to the newest version's, so no new version was made. */
  duplicate: boolean
}

export interface DeployResult {
  processes: DeployedProcess[]
  forms: { formId: string; version: number }[]
  /** DMN decisions (.dmn files); absent from adapters that deploy none. */
  decisions?: DeployedDecision[]
  /**
   * What deployed but will not run by itself yet: a job type no handler of this engine takes (its jobs wait for a
   * worker, as on Zeebe and Operaton). Absent or empty when there is nothing to say.
   */
  warnings?: DeploymentProblem[]
}

export interface ProcessSummary {
  id: string
  name: string
  version: number
}

export interface StartInstanceRequest {
  processId: string
  /** Our case id; Zeebe has no business key, so the adapters also pass it as the `caseId` variable. */
  businessKey?: string
  variables?: Record<string, unknown>
}

export interface PublishMessageRequest {
  name: string
  correlationKey: string
  variables?: Record<string, unknown>
  /** How long an uncorrelated message waits for a subscription, in ms (0: correlate now or drop). */
  timeToLiveMs?: number
}

export type UserTaskEventType = 'created' | 'assigned' | 'updated' | 'completed' | 'canceled'

export interface UserTaskSnapshot {
  /** Embedded: the activity execution id; Zeebe: the user task key. */
  key: string
  instanceId: string
  processId: string
  elementId: string
  name: string
  businessKey: string | null
  candidateGroups: string[]
  candidateUsers: string[]
  assignee: string | null
  dueAt: Date | null
  followUpAt: Date | null
  priority: number
  formKey: string | null
  variables: Record<string, unknown>
}

export interface UserTaskEvent {
  type: UserTaskEventType
  task: UserTaskSnapshot
}

export interface WorkflowEngine {
  readonly kind: 'embedded' | 'operaton'
  /** Connects, recovers what was running and starts the workers and the scheduler. */
  start(): Promise<void>
  /** Stops workers and the scheduler; running handlers are allowed to finish. */
  stop(): Promise<void>
  /** Deploys BPMN files, DMN decisions and forms. Throws DeploymentError (with problems) and deploys nothing when one is bad. */
  deploy(resources: DeployResource[], meta?: { deployedBy?: string; comment?: string }): Promise<DeployResult>
  /** Newest version of every deployed process. */
  listProcesses(): Promise<ProcessSummary[]>
  startInstance(request: StartInstanceRequest): Promise<{ instanceId: string }>
  /**
   * The instance of `processId` started with this business key, if there is one: the oldest that was not canceled
   * (running, waiting, in incident or completed); null when none. A start whose answer was lost (the caller crashed
   * after the engine committed) is linked through it instead of being started a second time (Operaton:
   * GET /history/process-instance?processDefinitionKey=&processInstanceBusinessKey=).
   */
  findInstanceByBusinessKey(processId: string, businessKey: string): Promise<{ instanceId: string } | null>
  publishMessage(request: PublishMessageRequest): Promise<{ correlated: number }>
  cancelInstance(instanceId: string): Promise<void>
  /** Registers the handler for a job type (`zeebe:taskDefinition type`). Register before start(). */
  registerHandler(handler: JobHandler): void
  /**
   * The app's hook that makes a case for every instance a message or timer start event starts (start-event-cases.ts);
   * set before start(). Without it such an instance has the correlation key or "<processId>@<due time>" as business key.
   */
  setStartEventCases(cases: StartEventCases): void
  /** Completes a user task with the variables its form produced. */
  completeUserTask(key: string, variables: Record<string, unknown>): Promise<void>
  /**
   * Sets or clears the assignee of a user task (claim, unclaim, assign). With `expectedAssignee` (a claim: the
   * assignee the caller's table had, null for nobody) an engine that keeps its own assignee refuses with CONFLICT
   * when someone else holds the task there, instead of taking it over; a manager's reassignment passes none.
   */
  assignUserTask(key: string, assignee: string | null, options?: AssignOptions): Promise<void>
  /**
   * Gives a job in incident new retries (default 3) after an administrator fixed the cause; the job is handed out
   * again and the instance leaves the incident once no other job of it is in incident (Zeebe: UpdateJobRetries).
   * Throws EngineError NOT_FOUND when no such job is in incident.
   */
  retryJob(jobId: string, retries?: number): Promise<void>
  /**
   * Tries again a step in incident that is not a job (an administrator fixed the cause): a timer whose firing
   * failed is due again at once (Zeebe: ResolveIncident). Throws EngineError NOT_FOUND when the instance is not in
   * incident. Returns how many timers were re-armed.
   */
  resolveIncident(instanceId: string): Promise<{ timers: number }>
}

export interface DeploymentProblem {
  resource: string
  elementId: string | null
  rule: string
  message: string
}

/**
 * A check of the application's own that every deployment must pass, whatever starts it (an upload, the processes
 * folder at start-up): the adapter runs it before it stores anything and rejects the deployment (DeploymentError)
 * with the problems it returns. Used for restricted procedures (src/procedures/check-restricted-assignments.ts).
 */
export type DeploymentGuard = (resources: readonly DeployResource[]) => Promise<DeploymentProblem[]>

export class DeploymentError extends Error {
  constructor(readonly problems: DeploymentProblem[]) {
    super(`Deployment rejected: ${problems.map((p) => `${p.resource}${p.elementId ? `#${p.elementId}` : ''}: ${p.message}`).join('; ')}`)
    this.name = 'DeploymentError'
  }
}

export class EngineError extends Error {
  constructor(readonly code: 'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'UNAVAILABLE', message: string) {
    super(message)
    this.name = 'EngineError'
  }
}

/** How an assignment may change a user task's assignee (WorkflowEngine.assignUserTask). */
export interface AssignOptions {
  /** The assignee the caller saw (null: nobody): the engine refuses with CONFLICT when it holds another one. */
  expectedAssignee?: string | null
}
