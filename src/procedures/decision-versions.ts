// The deployed DMN decisions (DecisionDefinition rows) and their versions, newest first, and one version's XML for
// the decision table editor (managers only). Business rule tasks always evaluate the newest version.
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import type { Actor } from '../users/actor.ts'
import { requireProcedureManager } from './procedure-access.ts'

export interface DecisionVersionSummary {
  version: number
  name: string
  resourceName: string
  deployedAt: string
  deployedBy: string | null
  comment: string | null
}

export interface DecisionSummary {
  decisionId: string
  name: string
  latestVersion: number
  versions: DecisionVersionSummary[]
}

export interface DecisionSource {
  decisionId: string
  version: number
  name: string
  resourceName: string
  xml: string
  latestVersion: number
}

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

async function summaries(deps: Deps, decisionId?: string): Promise<DecisionSummary[]> {
  const rows = await deps.prisma.decisionDefinition.findMany({
    where: decisionId ? { decisionId } : {},
    orderBy: [{ decisionId: 'asc' }, { version: 'desc' }],
    select: { decisionId: true, version: true, name: true, resourceName: true, deployedAt: true, deployedBy: true, comment: true },
  })
  const out = new Map<string, DecisionSummary>()
  for (const row of rows) {
    let entry = out.get(row.decisionId)
    if (!entry) {
      entry = { decisionId: row.decisionId, name: row.name, latestVersion: row.version, versions: [] }
      out.set(row.decisionId, entry)
    }
    entry.versions.push({
      version: row.version,
      name: row.name,
      resourceName: row.resourceName,
      deployedAt: row.deployedAt.toISOString(),
      deployedBy: row.deployedBy,
      comment: row.comment,
    })
  }
  return [...out.values()]
}

/** Every deployed decision with its versions, newest first (managers only). */
export async function listDecisions(deps: Deps, actor: Actor): Promise<DecisionSummary[]> {
  await requireProcedureManager(deps, actor, 'decision.list')
  return summaries(deps)
}

/** The versions of one decision, newest first (managers only). */
export async function listDecisionVersions(deps: Deps, actor: Actor, decisionId: string): Promise<DecisionVersionSummary[]> {
  await requireProcedureManager(deps, actor, 'decision.versions')
  const [found] = await summaries(deps, decisionId)
  if (!found) throw new ServiceError('NOT_FOUND', 'No such decision.')
  return found.versions
}

/** One version's DMN (the newest when `version` is null), for the editor (managers only). */
export async function getDecisionSource(deps: Deps, actor: Actor, decisionId: string, version: number | null): Promise<DecisionSource> {
  await requireProcedureManager(deps, actor, 'decision.read')
  const latest = await deps.prisma.decisionDefinition.findFirst({ where: { decisionId }, orderBy: { version: 'desc' }, select: { version: true } })
  const row = latest
    ? await deps.prisma.decisionDefinition.findUnique({ where: { decisionId_version: { decisionId, version: version ?? latest.version } } })
    : null
  if (!latest || !row) throw new ServiceError('NOT_FOUND', 'No such decision version.')
  return { decisionId, version: row.version, name: row.name, resourceName: row.resourceName, xml: row.xml, latestVersion: latest.version }
}
