// The decision of a benefit case as a document, for a user who may see the case (audited). NOT_FOUND until a
// draft exists. Names are read from our tables here, never from process variables.
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { toIsoDate } from '../../domain/local-date.ts'
import { loadBenefitCase } from '../benefits/case-process.ts'
import { buildDecisionDocument, type DecisionDocument } from './decision-document.ts'

export interface DecisionSettings {
  centreName: string
  place: string | null
}

export async function loadDecision(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  caseId: string,
  settings: DecisionSettings,
  format: 'html' | 'pdf',
): Promise<DecisionDocument> {
  const { kase, variables } = await loadBenefitCase(deps, actor, caseId, 'decision.read')
  if (typeof variables.proposedOutcome !== 'string') throw new ServiceError('NOT_FOUND', 'The decision has not been drafted yet.')
  const applicant = await deps.prisma.person.findFirst({ where: { caseId, role: 'applicant' }, select: { firstName: true, lastName: true } })
  const approval = await deps.prisma.task.findFirst({
    where: { caseId, elementId: 'Task_approveDecision', status: 'completed' },
    orderBy: { completedAt: 'desc' },
    select: { completedBy: true },
  })
  const approver = approval?.completedBy
    ? await deps.prisma.user.findUnique({ where: { login: approval.completedBy }, select: { displayName: true } })
    : null
  const redrafting = (await deps.prisma.task.count({
    where: { caseId, status: 'open', elementId: { in: ['Task_draftDecision', 'Task_approveDecision'] } },
  })) > 0
  const issued = typeof variables.decisionIssuedDate === 'string' && !redrafting
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: 'decision.read',
    caseId,
    details: { format, issued },
  })
  return buildDecisionDocument({
    centreName: settings.centreName,
    place: settings.place,
    caseNumber: kase.number,
    receivedAt: kase.receivedAt.toISOString().slice(0, 10),
    applicantName: applicant ? `${applicant.firstName} ${applicant.lastName}` : null,
    approvedBy: issued ? (approver?.displayName ?? approval?.completedBy ?? null) : null,
    today: toIsoDate(deps.clock.now()),
    redrafting,
    variables,
  })
}
