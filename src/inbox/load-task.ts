// Loads a task for an action: 404 when unknown, 403 (and an audit entry `<action>-denied`) when the actor may not.
// loadVisibleTask: to work on it (assignee, candidate users, candidate groups). loadReadableTask: to read it, which
// managers and administrators also may for every task of the "all" view (task-access.ts mayReadTask).
import type { PrismaClient, Task } from '../generated/prisma/client.ts'
import type { AuthUser } from '../users/auth-user.ts'
import type { Actor } from '../users/actor.ts'
import { isPrivileged } from '../users/groups.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { canSeeTask, mayReadTask, type TaskAudience } from './task-access.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

async function findTask(deps: Deps, taskId: string): Promise<Task> {
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } })
  if (!task) throw new ServiceError('NOT_FOUND', 'No such task.')
  return task
}

async function refuse(deps: Deps, actor: Actor, task: Task, action: string): Promise<never> {
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: `${action}-denied`,
    caseId: task.caseId,
    taskId: task.id,
  })
  throw new ServiceError('FORBIDDEN', 'This task is outside your groups.')
}

export async function loadVisibleTask(deps: Deps, actor: Actor, taskId: string, action: string): Promise<Task> {
  const task = await findTask(deps, taskId)
  if (!canSeeTask(actor.user, task)) return refuse(deps, actor, task, action)
  return task
}

/** mayReadTask with the owner group of the task's case read only when it matters (a manager outside the task's groups). */
export async function isTaskReadable(prisma: PrismaClient, user: AuthUser, task: TaskAudience & { caseId: string | null }): Promise<boolean> {
  if (canSeeTask(user, task)) return true
  if (!isPrivileged(user.groups)) return false
  const ownerGroup = task.caseId === null
    ? null
    : (await prisma.case.findUnique({ where: { id: task.caseId }, select: { ownerGroup: true } }))?.ownerGroup ?? null
  return mayReadTask(user, task, ownerGroup)
}

export async function loadReadableTask(deps: Deps, actor: Actor, taskId: string, action: string): Promise<Task> {
  const task = await findTask(deps, taskId)
  if (!(await isTaskReadable(deps.prisma, actor.user, task))) return refuse(deps, actor, task, action)
  return task
}
