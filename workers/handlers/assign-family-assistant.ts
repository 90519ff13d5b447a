// assign-family-assistant: makes the proposed person the family assistant of the case (UWR art. 11), enforcing
// the caseload cap of UWR art. 15 ust. 4 (15 families at a time; dated data). It refuses, with a BPMN error the
// process catches, when the person is not an active member of family-assistants (ASSISTANT_NOT_ELIGIBLE) or
// already works with as many open family-assistant cases as the cap allows (CASELOAD_FULL) — never a silent
// 16th. The count and the assignment happen in one transaction under a per-assistant advisory lock, so two
// assignments at once cannot both take the last place. Idempotent: a job delivered again finds its row.
// Header "role": "family-assistant" (default; counted against the cap) or "za-zyciem" (coordination under
// ustawa "Za życiem" art. 8; recorded, not counted: whether it counts towards the cap is UNCONFIRMED).
import { complete, bpmnError, fail, type JobHandler } from '../../engine/job.ts'
import { checkFamilyAssistantCaseload } from '../../domain/family-assistant-caseload.ts'
import { toIsoDate } from '../../domain/local-date.ts'
import { FAMILY_ASSISTANTS } from '../../src/users/groups.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { inTransaction, readerOf } from '../in-transaction.ts'
import { ErrorCode } from '../error-codes.ts'
import { recordedByOf } from '../recorded-by.ts'
import { TaskType } from '../task-types.ts'

export const FAMILY_ASSISTANT_ROLE = 'family-assistant'
const ROLES = new Set([FAMILY_ASSISTANT_ROLE, 'za-zyciem'])

export interface AssignFamilyAssistantInput {
  caseId: string
  proposedAssistantLogin: string
}

type Decision =
  | { kind: 'assigned'; activeFamilies: number; cap: number }
  | { kind: 'full'; activeFamilies: number; cap: number }

export function createAssignFamilyAssistantHandler(deps: HandlerDeps): JobHandler<AssignFamilyAssistantInput> {
  return {
    taskType: TaskType.assignFamilyAssistant,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const caseId = job.variables.caseId ?? job.businessKey
      if (!caseId) return fail('assign-family-assistant needs caseId')
      const role = job.headers.role ?? FAMILY_ASSISTANT_ROLE
      if (!ROLES.has(role)) return { kind: 'fail', message: `unknown assignment role "${role}"`, retries: 0 }
      const login = typeof job.variables.proposedAssistantLogin === 'string' ? job.variables.proposedAssistantLogin.trim().toLowerCase() : ''

      const user = login ? await readerOf(deps, context).user.findUnique({ where: { login }, include: { memberships: { include: { group: true } } } }) : null
      if (!user || !user.active || !user.memberships.some((m) => m.group.key === FAMILY_ASSISTANTS)) {
        return bpmnError(ErrorCode.assistantNotEligible, 'the proposed person is not an active family assistant', {
          assignmentRefusal: 'not-eligible',
        })
      }

      const now = deps.clock.now()
      const today = toIsoDate(now)
      const enforceCap = role === FAMILY_ASSISTANT_ROLE
      const decision = await inTransaction(deps, context, async (tx): Promise<Decision> => {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`case-assignment:${role}:${login}`}))::text AS locked`
        const others = await tx.caseAssignment.findMany({ where: { role, login, caseId: { not: caseId } }, select: { caseId: true } })
        const activeFamilies = await tx.case.count({ where: { id: { in: others.map((o) => o.caseId) }, status: 'open' } })
        const check = checkFamilyAssistantCaseload(activeFamilies, today)
        const existing = await tx.caseAssignment.findUnique({ where: { caseId_role: { caseId, role } } })
        if (existing?.login === login) return { kind: 'assigned', activeFamilies, cap: check.cap }
        if (enforceCap && !check.allowed) {
          const key = `${TaskType.assignFamilyAssistant}:refused:${job.key}`
          if (!(await tx.idempotencyKey.findUnique({ where: { key } }))) {
            await tx.idempotencyKey.create({ data: { key } })
            await tx.caseEvent.create({ data: { caseId, type: 'assignment-refused', at: now, actorId: recordedByOf(job.variables), data: { role, reason: 'caseload-full', cap: check.cap } } })
          }
          return { kind: 'full', activeFamilies, cap: check.cap }
        }
        await tx.caseAssignment.upsert({
          where: { caseId_role: { caseId, role } },
          create: { caseId, role, login, assignedAt: now },
          update: { login, assignedAt: now },
        })
        await tx.caseEvent.create({ data: { caseId, type: 'assistant-assigned', at: now, actorId: recordedByOf(job.variables), data: { role, assistantLogin: login } } })
        return { kind: 'assigned', activeFamilies, cap: check.cap }
      })

      if (decision.kind === 'full') {
        return bpmnError(ErrorCode.caseloadFull, `the assistant already works with ${decision.activeFamilies} families (cap ${decision.cap})`, {
          assignmentRefusal: 'caseload-full',
          caseloadCap: decision.cap,
        })
      }
      return complete({
        assistantLogin: login,
        assistantAssignedOn: today,
        assignmentRefusal: null,
        ...(enforceCap ? { caseloadCap: decision.cap, assistantCaseload: decision.activeFamilies + 1 } : {}),
      })
    },
  }
}
