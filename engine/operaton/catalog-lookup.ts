// The simplest correct ServiceTaskLookup for a worker process that has only our database and the REST API: the
// Operaton definition's key is our processId (the translation keeps process ids); of our stored versions of that
// process (ProcessDefinition rows, the catalog the deployment writes), the newest one whose ORIGINAL Zeebe model
// has this activity as a service task gives the spec. It does not know which of our versions an Operaton version
// was translated from: when the adapter's mapping of Operaton definition ids to our rows is available, inject
// that lookup instead (an older instance's task whose io mappings changed in a newer version would otherwise get
// the newer mappings).
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import { parseBpmn } from '../embedded/process-model.ts'
import type { OperatonClient } from './operaton-client.ts'
import { specOfServiceTask, type ServiceTaskLookup, type ServiceTaskSpec } from './service-task-spec.ts'

interface RemoteDefinition {
  id: string
  key: string
  version: number
}

export interface CatalogLookupOptions {
  client: OperatonClient
  prisma: Pick<PrismaClient, 'processDefinition'>
}

export function createCatalogLookup({ client, prisma }: CatalogLookupOptions): ServiceTaskLookup {
  // our versions never change once stored: parsed models are kept by ProcessDefinition.id
  const specsByRow = new Map<string, Promise<Map<string, ServiceTaskSpec>>>()
  const specsOf = (id: string) => {
    let cached = specsByRow.get(id)
    if (!cached) {
      cached = (async () => {
        const row = await prisma.processDefinition.findUniqueOrThrow({ where: { id }, select: { processId: true, resourceName: true, xml: true } })
        const parsed = await parseBpmn(row.resourceName, row.xml)
        const model = parsed.processes.find((p) => p.processId === row.processId)
        const out = new Map<string, ServiceTaskSpec>()
        for (const el of model?.elements.values() ?? []) if (el.kind === 'service') out.set(el.id, specOfServiceTask(el, model!.loopScoped.get(el.id) ?? null))
        return out
      })()
      cached.catch(() => specsByRow.delete(id))
      specsByRow.set(id, cached)
    }
    return cached
  }

  return async (processDefinitionId, activityId) => {
    const remote = await client.request<RemoteDefinition>('GET', `/process-definition/${encodeURIComponent(processDefinitionId)}`)
    const rows = await prisma.processDefinition.findMany({
      where: { processId: remote.key },
      orderBy: { version: 'desc' },
      select: { id: true },
    })
    for (const row of rows) {
      const spec = (await specsOf(row.id)).get(activityId)
      if (spec) return spec
    }
    return null
  }
}
