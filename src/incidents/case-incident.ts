// Whether a case's process is stopped by an incident: the case page tells staff (without technical details) that
// an administrator can resume it.
import type { ServiceDeps } from '../cases/deps.ts'

export async function caseHasIncident(deps: Pick<ServiceDeps, 'prisma'>, caseId: string): Promise<boolean> {
  const count = await deps.prisma.processInstance.count({ where: { businessKey: caseId, status: 'incident' } })
  return count > 0
}
