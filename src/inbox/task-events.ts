// Records a task change in the case history (CaseEvent, when the task belongs to a case) and in the audit log.
import type { Task } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { auditData } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'

export async function recordTaskChange(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  task: Task,
  change: { eventType: string; action: string; details?: Record<string, string | number | boolean | null> },
): Promise<void> {
  const at = deps.clock.now()
  const data = { taskId: task.id, elementId: task.elementId, name: task.name, ...change.details }
  await deps.prisma.$transaction([
    ...(task.caseId
      ? [deps.prisma.caseEvent.create({ data: { caseId: task.caseId, at, actorId: actor.user.id, type: change.eventType, data } })]
      : []),
    deps.prisma.auditEvent.create({
      data: auditData(actor, at, {
        action: change.action,
        caseId: task.caseId,
        taskId: task.id,
        details: { elementId: task.elementId, ...change.details },
      }),
    }),
  ])
}
