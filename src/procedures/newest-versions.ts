// The newest version of procedures, forms or DMN decisions by id, with what comparing contents needs: the
// checksum the engine stored and, for versions stored before checksums were canonical, the content itself.
import type { PrismaClient } from '../generated/prisma/client.ts'
import type { ResourceKind } from './canonical-content.ts'

export interface NewestVersion {
  id: string
  version: number
  checksum: string
  deployedBy: string | null
  /** The version's content as a deployable resource (forms: the stored JSON). */
  resource: () => { name: string; content: string }
}

/** The newest version of each of `ids` (of one kind) that has any version. */
export async function newestVersions(prisma: Pick<PrismaClient, 'processDefinition' | 'formDefinition' | 'decisionDefinition'>, kind: ResourceKind, ids: string[]): Promise<Map<string, NewestVersion>> {
  const out = new Map<string, NewestVersion>()
  if (ids.length === 0) return out
  if (kind === 'process') {
    const rows = await prisma.processDefinition.findMany({
      where: { processId: { in: ids } },
      orderBy: [{ processId: 'asc' }, { version: 'desc' }],
      distinct: ['processId'],
      select: { processId: true, version: true, checksum: true, deployedBy: true, resourceName: true, xml: true },
    })
    for (const r of rows) out.set(r.processId, { id: r.processId, version: r.version, checksum: r.checksum, deployedBy: r.deployedBy, resource: () => ({ name: r.resourceName, content: r.xml }) })
  } else if (kind === 'decision') {
    const rows = await prisma.decisionDefinition.findMany({
      where: { decisionId: { in: ids } },
      orderBy: [{ decisionId: 'asc' }, { version: 'desc' }],
      distinct: ['decisionId'],
      select: { decisionId: true, version: true, checksum: true, deployedBy: true, resourceName: true, xml: true },
    })
    for (const r of rows) out.set(r.decisionId, { id: r.decisionId, version: r.version, checksum: r.checksum, deployedBy: r.deployedBy, resource: () => ({ name: r.resourceName, content: r.xml }) })
  } else {
    const rows = await prisma.formDefinition.findMany({
      where: { formId: { in: ids } },
      orderBy: [{ formId: 'asc' }, { version: 'desc' }],
      distinct: ['formId'],
      select: { formId: true, version: true, checksum: true, deployedBy: true, schema: true },
    })
    for (const r of rows) out.set(r.formId, { id: r.formId, version: r.version, checksum: r.checksum, deployedBy: r.deployedBy, resource: () => ({ name: `${r.formId}.form`, content: JSON.stringify(r.schema) }) })
  }
  return out
}
