// Shipped versions waiting for a manager (managers only): a file of the processes folder changed (a product
// upgrade) after a manager had deployed her own version, so the start-up did not deploy it
// (seed-processes-folder.ts). She sees it on the procedure pages and takes it — deployed as a new version through
// the ordinary deployment (checks, audit event with `shippedOf`) — or leaves it.
import type { ServiceDeps } from '../cases/deps.ts'
import type { DeployResult } from '../../engine/port.ts'
import { ServiceError } from '../cases/service-error.ts'
import type { Actor } from '../users/actor.ts'
import { matchesChecksum, type ResourceKind } from './canonical-content.ts'
import { deployProcedures, requireProcedureManager } from './deploy-procedures.ts'
import { newestVersions } from './newest-versions.ts'
import { SystemComment } from './version-comments.ts'

export const SHIPPED_KINDS: readonly ResourceKind[] = ['process', 'form', 'decision']

export function isShippedKind(value: unknown): value is ResourceKind {
  return typeof value === 'string' && (SHIPPED_KINDS as readonly string[]).includes(value)
}

export interface ShippedVersion {
  kind: ResourceKind
  /** The process id, form id or decision id. */
  id: string
  fileName: string
  /** When the start-up read the file. */
  readAt: string
  /** The newest deployed version (the manager's), which the shipped one would follow. */
  latestVersion: number | null
  latestDeployedBy: string | null
}

export interface TakenShippedVersion {
  kind: ResourceKind
  id: string
  version: number
  /** True when the newest version already had this content (no new version was made). */
  duplicate: boolean
}

type Deps = Pick<ServiceDeps, 'prisma' | 'engine' | 'clock' | 'logger'>

async function pendingRows(deps: Pick<Deps, 'prisma'>, filter: { kind?: ResourceKind; id?: string }) {
  const rows = await deps.prisma.shippedResource.findMany({
    where: { pending: true, ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.id ? { resourceId: filter.id } : {}) },
    orderBy: [{ kind: 'asc' }, { resourceId: 'asc' }],
    select: { kind: true, resourceId: true, fileName: true, checksum: true, readAt: true },
  })
  const out: ShippedVersion[] = []
  for (const kind of SHIPPED_KINDS) {
    const ofKind = rows.filter((r) => r.kind === kind)
    const newest = await newestVersions(deps.prisma, kind, ofKind.map((r) => r.resourceId))
    for (const row of ofKind) {
      const latest = newest.get(row.resourceId) ?? null
      // a manager may have deployed that very content since: nothing is waiting any more
      if (latest && (await matchesChecksum(latest, row.checksum))) continue
      out.push({ kind, id: row.resourceId, fileName: row.fileName, readAt: row.readAt.toISOString(), latestVersion: latest?.version ?? null, latestDeployedBy: latest?.deployedBy ?? null })
    }
  }
  return out
}

/** The shipped versions waiting for a manager, optionally of one kind or one id. */
export async function listShippedVersions(deps: Deps, actor: Actor, filter: { kind?: ResourceKind; id?: string } = {}): Promise<ShippedVersion[]> {
  await requireProcedureManager(deps, actor, 'shipped.list')
  return pendingRows(deps, filter)
}

/** One waiting shipped version with its content (the file's text), or NOT_FOUND. */
export async function getShippedVersion(deps: Deps, actor: Actor, kind: ResourceKind, id: string): Promise<ShippedVersion & { content: string }> {
  await requireProcedureManager(deps, actor, 'shipped.read')
  const [found] = await pendingRows(deps, { kind, id })
  if (!found) throw new ServiceError('NOT_FOUND', 'No shipped version of this is waiting.')
  const row = await deps.prisma.shippedResource.findUniqueOrThrow({ where: { kind_resourceId: { kind, resourceId: id } }, select: { content: true } })
  return { ...found, content: row.content }
}

/** Deploys the waiting shipped version as a new version (the deployment checks and audit event apply). */
export async function takeShippedVersion(deps: Deps, actor: Actor, kind: ResourceKind, id: string, comment: string | null): Promise<TakenShippedVersion> {
  await requireProcedureManager(deps, actor, 'shipped.take')
  const shipped = await getShippedVersion(deps, actor, kind, id)
  const result = await deployProcedures(
    deps,
    actor,
    { files: [{ name: shipped.fileName, content: shipped.content }], comment: comment ?? SystemComment.shippedTaken },
    { shippedOf: `${kind}:${id}` },
  )
  const taken = versionIn(result, kind, id, shipped.latestVersion)
  if (!taken) throw new ServiceError('NOT_FOUND', 'The shipped file no longer defines this.')
  // the file is deployed as a whole: whatever else it defines is no longer waiting either
  const sameFile = await deps.prisma.shippedResource.findMany({ where: { fileName: shipped.fileName }, select: { kind: true, resourceId: true } })
  await deps.prisma.$transaction(
    sameFile.map((row) =>
      deps.prisma.shippedResource.update({
        where: { kind_resourceId: { kind: row.kind, resourceId: row.resourceId } },
        data: { pending: false, version: versionIn(result, row.kind as ResourceKind, row.resourceId, null)?.version ?? null },
      }),
    ),
  )
  const { version, duplicate } = taken
  deps.logger.info('shipped version taken', { by: actor.user.id, kind, id, version })
  return { kind, id, version, duplicate }
}

/** The version a deployment gave one resource (forms carry no duplicate flag: not newer than `latestBefore`). */
function versionIn(result: DeployResult, kind: ResourceKind, id: string, latestBefore: number | null): { version: number; duplicate: boolean } | null {
  if (kind === 'process') return result.processes.find((p) => p.processId === id) ?? null
  if (kind === 'decision') return result.decisions?.find((d) => d.decisionId === id) ?? null
  const form = result.forms.find((f) => f.formId === id)
  return form ? { version: form.version, duplicate: latestBefore !== null && form.version <= latestBefore } : null
}
