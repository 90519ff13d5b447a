// The versions of a procedure (ProcessDefinition rows of the embedded engine) with how many process instances
// run on each, one version's XML, and roll-back: an older version's XML deployed again as the newest version.
// Cases already running stay on the version they started on (each instance keeps its own definition).
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import type { Actor } from '../users/actor.ts'
import { deployProcedures, requireProcedureManager } from './deploy-procedures.ts'

export interface VersionSummary {
  version: number
  name: string
  deployedAt: string
  deployedBy: string | null
  comment: string | null
  instances: { running: number; total: number }
}

export interface ProcedureSummary {
  id: string
  name: string
  latestVersion: number
  versions: VersionSummary[]
}

const ENDED = new Set(['completed', 'canceled'])

type Deps = Pick<ServiceDeps, 'prisma' | 'engine' | 'clock' | 'logger'>

async function versionsOf(deps: Deps, processIds?: string[]): Promise<Map<string, VersionSummary[]>> {
  const where = processIds ? { processId: { in: processIds } } : {}
  const rows = await deps.prisma.processDefinition.findMany({
    where,
    orderBy: [{ processId: 'asc' }, { version: 'desc' }],
    select: { id: true, processId: true, version: true, name: true, deployedAt: true, deployedBy: true, comment: true },
  })
  const counts = await deps.prisma.processInstance.groupBy({ by: ['definitionId', 'status'], where, _count: { _all: true } })
  const byDefinition = new Map<string, { running: number; total: number }>()
  for (const c of counts) {
    const entry = byDefinition.get(c.definitionId) ?? { running: 0, total: 0 }
    entry.total += c._count._all
    if (!ENDED.has(c.status)) entry.running += c._count._all
    byDefinition.set(c.definitionId, entry)
  }
  const out = new Map<string, VersionSummary[]>()
  for (const row of rows) {
    const list = out.get(row.processId) ?? []
    list.push({
      version: row.version,
      name: row.name,
      deployedAt: row.deployedAt.toISOString(),
      deployedBy: row.deployedBy,
      comment: row.comment,
      instances: byDefinition.get(row.id) ?? { running: 0, total: 0 },
    })
    out.set(row.processId, list)
  }
  return out
}

/** Every procedure with its versions, newest first (managers only). */
export async function listProcedures(deps: Deps, actor: Actor): Promise<ProcedureSummary[]> {
  await requireProcedureManager(deps, actor, 'procedure.list')
  const all = await versionsOf(deps)
  return [...all.entries()].map(([id, versions]) => ({ id, name: versions[0].name, latestVersion: versions[0].version, versions }))
}

/** The versions of one procedure, newest first (managers only). */
export async function listVersions(deps: Deps, actor: Actor, processId: string): Promise<VersionSummary[]> {
  await requireProcedureManager(deps, actor, 'procedure.versions')
  const versions = (await versionsOf(deps, [processId])).get(processId)
  if (!versions) throw new ServiceError('NOT_FOUND', 'No such procedure.')
  return versions
}

export interface VersionSource {
  processId: string
  version: number
  name: string
  resourceName: string
  xml: string
  latestVersion: number
}

/** One version's BPMN (the newest when `version` is null), for the editor (managers only). */
export async function getVersionSource(deps: Deps, actor: Actor, processId: string, version: number | null): Promise<VersionSource> {
  await requireProcedureManager(deps, actor, 'procedure.read')
  const latest = await deps.prisma.processDefinition.findFirst({ where: { processId }, orderBy: { version: 'desc' }, select: { version: true } })
  const row = latest
    ? await deps.prisma.processDefinition.findUnique({ where: { processId_version: { processId, version: version ?? latest.version } } })
    : null
  if (!latest || !row) throw new ServiceError('NOT_FOUND', 'No such procedure version.')
  return { processId, version: row.version, name: row.name, resourceName: row.resourceName, xml: row.xml, latestVersion: latest.version }
}

export interface Redeployed {
  processId: string
  version: number
  redeployedFrom: number
  /** True when that version's XML is already the newest version (nothing new was made). */
  duplicate: boolean
}

/** Roll-back: deploys an older version's XML again as the newest version (managers only, checked again). */
export async function redeployVersion(deps: Deps, actor: Actor, processId: string, version: number, comment: string): Promise<Redeployed> {
  const source = await getVersionSource(deps, actor, processId, version)
  const result = await deployProcedures(
    deps,
    actor,
    { files: [{ name: source.resourceName, content: source.xml }], comment },
    { redeployOf: `${processId}:${version}` },
  )
  const deployed = result.processes.find((p) => p.processId === processId)
  if (!deployed) throw new ServiceError('NOT_FOUND', 'The version no longer defines this procedure.')
  return { processId, version: deployed.version, redeployedFrom: version, duplicate: deployed.duplicate }
}
