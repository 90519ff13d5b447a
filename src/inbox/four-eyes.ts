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

/** Whether the user did the earlier step this task must be done apart from (and so may neither claim nor complete it). */
export async function breaksFourEyes(prisma: PrismaClient, user: Pick<AuthUser, 'login'>, task: Pick<Task, 'properties' | 'instanceId'>): Promise<boolean> {
  const elementId = fourEyesElement(task)
  if (!elementId) return false
  // completedBy is written before the engine is told (see complete-task.ts), so an earlier task still
  // finishing already counts.
  const earlier = await prisma.task.count({
    where: { instanceId: task.instanceId, elementId, completedBy: user.login, status: { not: 'canceled' } },
  })
  return earlier > 0
}

export async function assertFourEyes(prisma: PrismaClient, user: AuthUser, task: Task): Promise<void> {
  if (await breaksFourEyes(prisma, user, task)) {
    throw new ServiceError('FOUR_EYES', 'The person who completed the earlier step may not do this one (four eyes).', {
      details: { elementId: fourEyesElement(task) ?? '' },
    })
  }
}

/** Of the given tasks, those the user may not take under four eyes (one query, for a page of the inbox). */
export async function fourEyesBlockedTasks(prisma: PrismaClient, login: string, taskIds: readonly string[]): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set()
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT t.id FROM "Task" t
    WHERE t.id = ANY(${[...taskIds]}::text[]) AND t.status = 'open'
      AND EXISTS (SELECT 1 FROM "Task" e
                  WHERE e."instanceId" = t."instanceId" AND e."elementId" = t.properties->>'fourEyesWith'
                    AND e."completedBy" = ${login} AND e.status <> 'canceled')`
  return new Set(rows.map((r) => r.id))
}
