// Deployment for the Operaton adapter. Our own tables stay the catalog: an EmbeddedEngine that is never started
// validates the Zeebe BPMN with the same checks (and DeploymentError) as on the embedded engine and stores the
// ProcessDefinition / DecisionDefinition / FormDefinition rows with their versions, which the inbox, the editors
// and the case pages read. It runs nothing: no start(), no scheduler, no instance is ever started through it
// (except when the routing engine hands in the embedded engine that still runs a moved centre's older cases: then
// that engine, started by routing-engine.ts, is the catalog too, so deployments reach its running instances).
// What it stored is then translated (translate-bpmn.ts) and deployed to Operaton in one multipart deployment named
// after a hash of its content, with duplicate filtering: deploying the same files again makes no new version there.
// EngineDefinition rows map Operaton's process definition ids to our catalog rows.
import { createHash } from 'node:crypto'
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../clock.ts'
import { EmbeddedEngine, type EngineLogger } from '../embedded/embedded-engine.ts'
import { parseBpmn, type ProcessModel } from '../embedded/process-model.ts'
import type { JobHandler } from '../job.ts'
import {
  DeploymentError,
  EngineError,
  type DeployResource,
  type DeployResult,
  type DeploymentGuard,
  type DeploymentProblem,
} from '../port.ts'
import type { OperatonClient } from './operaton-client.ts'
import { specOfServiceTask, type ServiceTaskSpec } from './service-task-spec.ts'
import { parseDmn } from '../embedded/dmn/parse-dmn.ts'
import { translateBpmn, translateDmn } from './translate-bpmn.ts'

export const ENGINE = 'operaton'

interface RemoteDefinition {
  id: string
  key: string
  version: number
  deploymentId: string
}

interface DeploymentAnswer {
  id: string
  deployedProcessDefinitions?: Record<string, RemoteDefinition> | null
}

/** What the mirror and the adapter need to know about one of our process versions. */
export interface CatalogProcess {
  /** ProcessDefinition.id */
  definitionId: string
  processId: string
  version: number
  model: ProcessModel
}

export interface OperatonDefinitionsOptions {
  prisma: PrismaClient
  clock: Clock
  client: OperatonClient
  logger?: EngineLogger
  deploymentGuard?: DeploymentGuard
  /** Deploy under this tenant (tests sharing the nodes); null: no tenant (production). */
  tenantId?: string | null
  /** The catalog to use instead of a new one: the embedded engine that still runs the cases started on it before
   * the centre moved to Operaton (engine/routing-engine.ts), so one embedded engine serves the database. */
  catalog?: EmbeddedEngine
}

const silent: EngineLogger = { info() {}, warn() {}, error() {} }

export class OperatonDefinitions {
  /** The catalog: validation and version rows only. Never started by this adapter (the routing engine starts the
   * one it hands in, for the embedded cases still running). */
  readonly catalog: EmbeddedEngine
  private readonly prisma: PrismaClient
  private readonly client: OperatonClient
  private readonly logger: EngineLogger
  private readonly tenantId: string | null
  private readonly byRemote = new Map<string, Promise<CatalogProcess | null>>()

  constructor(options: OperatonDefinitionsOptions) {
    this.prisma = options.prisma
    this.client = options.client
    this.logger = options.logger ?? silent
    this.tenantId = options.tenantId ?? null
    this.catalog = options.catalog ?? new EmbeddedEngine({
      prisma: options.prisma,
      clock: options.clock,
      schedulerIntervalMs: 0,
      deploymentGuard: options.deploymentGuard,
    })
    // the catalog arms timer start events when a version is deployed (the adapter starts their instances on
    // Operaton) and accepts what Operaton runs but the embedded engine does not
    this.catalog.serveAsCatalog()
  }

  /** Handlers make the catalog refuse service tasks whose job type nobody handles (as on the embedded engine). */
  registerHandler(handler: JobHandler): void {
    this.catalog.registerHandler(handler)
  }

  async deploy(resources: DeployResource[], meta: { deployedBy?: string; comment?: string } = {}): Promise<DeployResult> {
    // 1. Anything Operaton cannot run faithfully is refused before the catalog stores a thing.
    const translated = new Map<string, string>()
    const problems: DeploymentProblem[] = []
    const decisions = await this.decisionTexts(resources)
    for (const resource of resources) {
      if (resource.name.endsWith('.dmn')) {
        const result = await translateDmn(resource.name, resource.content)
        problems.push(...result.problems)
        translated.set(resource.name, result.xml)
        continue
      }
      if (!resource.name.endsWith('.bpmn')) continue
      const parsed = await parseBpmn(resource.name, resource.content)
      if (parsed.problems.length) {
        problems.push(...parsed.problems)
        continue
      }
      const result = await translateBpmn(resource.name, resource.content, { decisions })
      problems.push(...result.problems)
      translated.set(resource.name, result.xml)
    }
    if (problems.length) throw new DeploymentError(problems)
    // 2. The catalog: the same checks and version rows as on the embedded engine.
    const result = await this.catalog.deploy(resources, meta)
    // 3. Operaton: everything of this deployment (unchanged content makes no new version there either).
    await this.deployRemote(resources.map((r) => (translated.has(r.name) ? { name: r.name, content: translated.get(r.name)! } : r)), result)
    return result
  }

  /** DMN text by decision id: this deployment's .dmn files, else the newest deployed version. */
  private async decisionTexts(resources: DeployResource[]): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    const newest = await this.prisma.decisionDefinition.findMany({
      orderBy: [{ decisionId: 'asc' }, { version: 'desc' }],
      distinct: ['decisionId'],
      select: { decisionId: true, xml: true },
    })
    for (const d of newest) out.set(d.decisionId, d.xml)
    for (const r of resources) {
      if (!r.name.endsWith('.dmn')) continue
      for (const d of (await parseDmn(r.name, r.content)).decisions) out.set(d.decisionId, r.content)
    }
    return out
  }

  private async deployRemote(resources: DeployResource[], result: DeployResult): Promise<void> {
    if (!resources.length) return
    // the tenant is part of the name: Operaton's duplicate filter would otherwise answer another tenant's deployment
    const hash = createHash('sha256').update(this.tenantId ?? '').update('\0')
    for (const r of [...resources].sort((a, b) => a.name.localeCompare(b.name))) hash.update(r.name).update('\0').update(r.content).update('\0')
    const form = new FormData()
    form.set('deployment-name', `welfare-flow-${hash.digest('hex').slice(0, 24)}`)
    form.set('enable-duplicate-filtering', 'true')
    form.set('deploy-changed-only', 'false')
    form.set('deployment-source', 'welfare-flow')
    if (this.tenantId) form.set('tenant-id', this.tenantId)
    for (const r of resources) {
      const type = r.name.endsWith('.form') ? 'application/json' : 'application/xml'
      form.append(r.name, new Blob([r.content], { type }), r.name)
    }
    const deployment = await this.client.request<DeploymentAnswer>('POST', '/deployment/create', { form })
    const remote = await this.client.request<RemoteDefinition[]>('GET', '/process-definition', { query: { deploymentId: deployment.id } })
    for (const p of result.processes) {
      const def = remote.find((d) => d.key === p.processId)
      if (!def) {
        this.logger.error('process missing from the Operaton deployment', { processId: p.processId, deploymentId: deployment.id })
        continue
      }
      await this.map(p.processId, p.version, def)
    }
  }

  private async map(processId: string, version: number, def: RemoteDefinition): Promise<void> {
    const row = await this.prisma.processDefinition.findUniqueOrThrow({ where: { processId_version: { processId, version } }, select: { id: true } })
    await this.prisma.engineDefinition.upsert({
      where: { engine_definitionId: { engine: ENGINE, definitionId: row.id } },
      create: { engine: ENGINE, remoteId: def.id, definitionId: row.id, processId, version, deploymentId: def.deploymentId },
      update: { remoteId: def.id, deploymentId: def.deploymentId },
    })
  }

  /**
   * The Operaton definition id of the newest catalog version of `processId`, deploying that version now when it
   * never reached Operaton (a deployment whose remote half failed, a database that was set up elsewhere).
   */
  async remoteForLatest(processId: string): Promise<{ remoteId: string; definitionId: string }> {
    const def = await this.prisma.processDefinition.findFirst({ where: { processId }, orderBy: { version: 'desc' } })
    if (!def) throw new EngineError('NOT_FOUND', `No deployed process "${processId}"`)
    let mapped = await this.prisma.engineDefinition.findUnique({ where: { engine_definitionId: { engine: ENGINE, definitionId: def.id } } })
    if (!mapped) {
      // the decisions it calls, as the catalog has them now (forms are read from our catalog, not from Operaton)
      const model = (await this.process(def.id)).model
      const decisionIds = [...new Set([...model.elements.values()].flatMap((el) => (el.kind === 'decision' ? [el.decisionId] : [])))]
      const resources: DeployResource[] = []
      for (const decisionId of decisionIds) {
        const d = await this.prisma.decisionDefinition.findFirst({ where: { decisionId }, orderBy: { version: 'desc' } })
        if (d && !resources.some((r) => r.name === d.resourceName)) resources.push({ name: d.resourceName, content: (await translateDmn(d.resourceName, d.xml)).xml })
      }
      const translation = await translateBpmn(def.resourceName, def.xml, { decisions: await this.decisionTexts([]) })
      if (translation.problems.length) throw new DeploymentError(translation.problems)
      resources.push({ name: def.resourceName, content: translation.xml })
      await this.deployRemote(resources, { processes: [{ processId, name: def.name, version: def.version, duplicate: true }], forms: [] })
      mapped = await this.prisma.engineDefinition.findUnique({ where: { engine_definitionId: { engine: ENGINE, definitionId: def.id } } })
      if (!mapped) throw new EngineError('UNAVAILABLE', `Process "${processId}" could not be deployed to Operaton`)
    }
    return { remoteId: mapped.remoteId, definitionId: def.id }
  }

  /** Our process version (catalog row and parsed Zeebe model) by ProcessDefinition.id, parsed once by the catalog. */
  process(definitionId: string): Promise<CatalogProcess> {
    return this.catalog.processModel(definitionId)
  }

  /** Our process version for an Operaton process definition id; null when it was not deployed through us. */
  byRemoteId(remoteId: string): Promise<CatalogProcess | null> {
    let cached = this.byRemote.get(remoteId)
    if (!cached) {
      cached = (async () => {
        const mapped = await this.prisma.engineDefinition.findFirst({ where: { engine: ENGINE, remoteId }, orderBy: { version: 'desc' } })
        return mapped ? this.process(mapped.definitionId) : null
      })()
      // a miss is not remembered: the mapping may be written a moment later
      cached.then((v) => { if (!v) this.byRemote.delete(remoteId) }, () => this.byRemote.delete(remoteId))
      this.byRemote.set(remoteId, cached)
    }
    return cached
  }

  /** For the external-task worker: the service task of the ORIGINAL model (io mappings, headers, retries). */
  readonly serviceTask = async (remoteDefinitionId: string, activityId: string): Promise<ServiceTaskSpec | null> => {
    const process = await this.byRemoteId(remoteDefinitionId)
    const el = process?.model.elements.get(activityId)
    return el?.kind === 'service' ? specOfServiceTask(el, process!.model.loopScoped.get(activityId) ?? null) : null
  }

  /** Every variable name that message `messageName` is correlated by (plain `=variable` keys), over the newest versions;
   * `expressions`: some catch events need the mirror's evaluated keys (FEEL keys, catches inside inner instances). */
  async correlationVariables(messageName: string): Promise<{ variables: string[]; expressions: boolean }> {
    const rows = await this.prisma.processDefinition.findMany({
      orderBy: [{ processId: 'asc' }, { version: 'desc' }],
      distinct: ['processId'],
      select: { id: true },
    })
    const variables = new Set<string>()
    let expressions = false
    for (const row of rows) {
      const { model } = await this.process(row.id)
      for (const el of model.elements.values()) {
        if (el.kind !== 'message' || el.messageName !== messageName) continue
        // inside an inner instance of a multi-instance sub-process: correlated by the mirror's key, to that inner
        // instance only (its key is a variable of the inner instance, which Operaton's correlationKeys cannot name)
        if (model.loopScoped.has(el.id)) {
          expressions = true
          continue
        }
        const name = plainReference(el.correlationKey)
        if (name) variables.add(name)
        else expressions = true
      }
    }
    return { variables: [...variables], expressions }
  }

}

/** "=caseId" → "caseId"; null for any other FEEL. */
export function plainReference(expression: string): string | null {
  const m = /^=\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(expression)
  return m ? m[1] : null
}
