// The benefit case and the variables of its procedure, for a user who may see the case. Every read (and every
// refused read) is audited with the given action.
import type { Case } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import { mayAccessCase } from '../cases/case-access.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { BENEFIT_APPLICATION } from '../cases/registration-input.ts'

export interface BenefitCaseProcess {
  kase: Case
  instanceId: string | null
  variables: Record<string, unknown>
}

export async function loadBenefitCase(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  caseId: string,
  action: string,
): Promise<BenefitCaseProcess> {
  const kase = await deps.prisma.case.findUnique({ where: { id: caseId } })
  if (!kase) throw new ServiceError('NOT_FOUND', 'No such case.')
  if (!(await mayAccessCase(deps.prisma, actor.user, caseId, kase))) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: `${action}-denied`, caseId })
    throw new ServiceError('FORBIDDEN', 'You may not see this case.')
  }
  if (kase.procedure !== BENEFIT_APPLICATION) throw new ServiceError('NOT_FOUND', 'Not a benefit application.')
  const instance = kase.processInstanceId
    ? await deps.prisma.processInstance.findUnique({ where: { id: kase.processInstanceId } })
    : await deps.prisma.processInstance.findFirst({ where: { businessKey: caseId }, orderBy: { startedAt: 'desc' } })
  const vars = instance?.variables
  return {
    kase,
    instanceId: instance?.id ?? null,
    variables: typeof vars === 'object' && vars !== null && !Array.isArray(vars) ? (vars as Record<string, unknown>) : {},
  }
}
