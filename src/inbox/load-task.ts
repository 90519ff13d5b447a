// Loads a task the actor may see: 404 when unknown, 403 (and an audit entry) when outside their groups.
import type { Task } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { canSeeTask } from './task-access.ts'

export async function loadVisibleTask(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  taskId: string,
  action: string,
): Promise<Task> {
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } })
  if (!task) throw new ServiceError('NOT_FOUND', 'No such task.')
  if (!canSeeTask(actor.user, task)) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), {
      action: `${action}-denied`,
      caseId: task.caseId,
      taskId: task.id,
    })
    throw new ServiceError('FORBIDDEN', 'This task is outside your groups.')
  }
  return task
}
