// Four eyes: a task whose zeebe:properties name `fourEyesWith: <elementId>` may not be claimed or completed by
// whoever completed that element's task in the same process instance (e.g. the drafter of a decision may not
// approve it).
import type { PrismaClient, Task } from '../generated/prisma/client.ts'
import type { AuthUser } from '../users/auth-user.ts'
import { ServiceError } from '../cases/service-error.ts'

export function fourEyesElement(task: Pick<Task, 'properties'>): string | null {
  const props = task.properties
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return null
  const value = (props as Record<string, unknown>).fourEyesWith
  return typeof value === 'string' && value !== '' ? value : null
}

export async function assertFourEyes(prisma: PrismaClient, user: AuthUser, task: Task): Promise<void> {
  const elementId = fourEyesElement(task)
  if (!elementId) return
  // completedBy is written before the engine is told (see complete-task.ts), so an earlier task still
  // finishing already counts.
  const earlier = await prisma.task.count({
    where: { instanceId: task.instanceId, elementId, completedBy: user.login, status: { not: 'canceled' } },
  })
  if (earlier > 0) {
    throw new ServiceError('FOUR_EYES', 'The person who completed the earlier step may not do this one (four eyes).', {
      details: { elementId },
    })
  }
}
