// The name people read for each procedure: the name of its newest deployed version, by process id.
import type { PrismaClient } from '../generated/prisma/client.ts'

/** Names of the given procedures (every deployed one without `processIds`); unknown ids are absent. */
export async function procedureNames(prisma: PrismaClient, processIds?: readonly string[]): Promise<Map<string, string>> {
  const rows = await prisma.processDefinition.findMany({
    where: processIds ? { processId: { in: [...new Set(processIds)] } } : {},
    distinct: ['processId'],
    orderBy: [{ processId: 'asc' }, { version: 'desc' }],
    select: { processId: true, name: true },
  })
  return new Map(rows.map((r) => [r.processId, r.name]))
}
