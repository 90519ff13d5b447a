// The start-up step for the processes folder (PROCESSES_DIR): files seed procedures, forms and DMN decisions and
// ship product upgrades, without ever replacing a version a manager deployed. ShippedResource remembers, per
// procedure / form / decision, the file text last read:
// - a file whose text is the same as last time: nothing (not even parsed);
// - a new or changed file: for each thing it defines (shipped-rule.ts) — not deployed yet: deploy; its newest
//   version already has this content: record it; the newest version is still what was shipped before (nobody
//   changed it since): deploy the upgrade; a manager deployed a newer version since: do not deploy, record the
//   shipped content as pending (the procedure pages offer it to managers: shipped-versions.ts) and log it (ids only).
import type { PrismaClient } from '../generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import { readProcessResources, PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import type { DeployResource, DeployResult, WorkflowEngine } from '../../engine/port.ts'
import type { Logger } from '../logger.ts'
import { canonicalResource, matchesChecksum, textChecksum, type ResourceKind } from './canonical-content.ts'
import { newestVersions, type NewestVersion } from './newest-versions.ts'
import { fileAction, shippedAction, type ShippedAction } from './shipped-rule.ts'
import { SystemComment } from './version-comments.ts'

/** `deployedBy` of the versions the start-up deploys. */
export const SYSTEM_DEPLOYER = 'system'

export interface SeedDeps {
  prisma: PrismaClient
  engine: Pick<WorkflowEngine, 'deploy'>
  clock: Clock
  logger: Pick<Logger, 'info' | 'warn'>
}

export interface SeedReport {
  /** What engine.deploy answered for the files deployed (empty lists when none was). */
  deployed: DeployResult
  /** Shipped versions recorded as waiting for a manager at this start-up. */
  pending: { kind: ResourceKind; id: string; newestVersion: number }[]
  /** Files whose text was the same as last time (not parsed). */
  unchangedFiles: number
}

interface ChangedFile {
  resource: DeployResource
  fileChecksum: string
  checksum: string
  kind: ResourceKind | null
  /** What the file defines, with the action for each. */
  items: { id: string; action: ShippedAction; newest: NewestVersion | null }[]
  action: ShippedAction
}

export async function seedProcessesFolder(deps: SeedDeps, dir = PROCESSES_DIR): Promise<SeedReport> {
  const files = await readProcessResources(dir)
  const known = await deps.prisma.shippedResource.findMany({ select: { kind: true, resourceId: true, fileName: true, fileChecksum: true, checksum: true } })
  const byFile = new Map<string, typeof known>()
  for (const row of known) byFile.set(row.fileName, [...(byFile.get(row.fileName) ?? []), row])
  const shipped = new Map(known.map((row) => [`${row.kind}:${row.resourceId}`, row]))

  const changed: ChangedFile[] = []
  for (const resource of files) {
    const fileChecksum = textChecksum(resource.content)
    const rows = byFile.get(resource.name) ?? []
    if (rows.length > 0 && rows.every((r) => r.fileChecksum === fileChecksum)) continue
    // a file that does not parse is deployed, so that the engine refuses it with its problems (start-up fails)
    const described = await canonicalResource(resource.name, resource.content).catch(() => null)
    changed.push({ resource, fileChecksum, checksum: described?.checksum ?? '', kind: described?.kind ?? null, items: (described?.ids ?? []).map((id) => ({ id, action: 'deploy', newest: null })), action: 'deploy' })
  }
  const report: SeedReport = { deployed: { processes: [], forms: [], decisions: [] }, pending: [], unchangedFiles: files.length - changed.length }
  if (changed.length === 0) return report

  for (const kind of ['process', 'form', 'decision'] as const) {
    const ofKind = changed.filter((f) => f.kind === kind)
    const newest = await newestVersions(deps.prisma, kind, ofKind.flatMap((f) => f.items.map((i) => i.id)))
    for (const file of ofKind) {
      for (const item of file.items) {
        item.newest = newest.get(item.id) ?? null
        const before = shipped.get(`${kind}:${item.id}`)
        const facts = item.newest && {
          sameAsFile: await matchesChecksum(item.newest, file.checksum),
          sameAsShipped: before ? await matchesChecksum(item.newest, before.checksum) : false,
          deployedBySystem: item.newest.deployedBy === SYSTEM_DEPLOYER,
        }
        item.action = shippedAction(facts, before !== undefined)
      }
      file.action = fileAction(file.items.map((i) => i.action))
    }
  }

  const toDeploy = changed.filter((f) => f.action === 'deploy').map((f) => f.resource)
  if (toDeploy.length > 0) {
    report.deployed = await deps.engine.deploy(toDeploy, { deployedBy: SYSTEM_DEPLOYER, comment: SystemComment.shipped })
  }
  const deployedVersion = (kind: ResourceKind, id: string): number | null => {
    const { processes, forms, decisions = [] } = report.deployed
    if (kind === 'process') return processes.find((p) => p.processId === id)?.version ?? null
    if (kind === 'decision') return decisions.find((d) => d.decisionId === id)?.version ?? null
    return forms.find((f) => f.formId === id)?.version ?? null
  }

  const now = deps.clock.now()
  const writes = []
  for (const file of changed) {
    if (!file.kind) continue
    for (const item of file.items) {
      const pending = file.action === 'pending' && item.action !== 'unchanged'
      const version = pending ? null : file.action === 'deploy' ? deployedVersion(file.kind, item.id) : (item.newest?.version ?? null)
      if (pending) report.pending.push({ kind: file.kind, id: item.id, newestVersion: item.newest?.version ?? 0 })
      const data = { fileName: file.resource.name, fileChecksum: file.fileChecksum, checksum: file.checksum, content: file.resource.content, pending, version, readAt: now }
      writes.push(
        deps.prisma.shippedResource.upsert({
          where: { kind_resourceId: { kind: file.kind, resourceId: item.id } },
          create: { kind: file.kind, resourceId: item.id, ...data },
          update: data,
        }),
      )
    }
  }
  await deps.prisma.$transaction(writes)
  for (const p of report.pending) {
    deps.logger.warn('shipped version available: a manager deployed a newer version, the shipped file was not deployed', { kind: p.kind, id: p.id, newestVersion: p.newestVersion })
  }
  return report
}
