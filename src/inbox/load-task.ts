// Loads a task for an action: 404 when unknown, 403 (and an audit entry `<action>-denied`) when the actor may not.
// loadVisibleTask: to work on it (assignee, candidate users, candidate groups). loadReadableTask: to read it, which
// managers and administrators also may for every task of the "all" view (task-access.ts mayReadTask). Both refuse
// everyone outside the allowed groups of a restricted procedure (the task's own, or its case's), assignee included.
import type { Prisma, PrismaClient, Task } from '../generated/prisma/client.ts'
import type { AuthUser } from '../users/auth-user.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { canSeeTask, mayReadTask, type CaseProcedure, type TaskAudience } from './task-access.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

async function findTask(deps: Deps, taskId: string): Promise<Task> {
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } })
  if (!task) throw new ServiceError('NOT_FOUND', 'No such task.')
  return task
}

/** The procedure of the task's case (task-access.ts CaseProcedure). */
export async function caseProcedureOf(prisma: PrismaClient | Prisma.TransactionClient, caseId: string | null): Promise<CaseProcedure> {
  if (caseId === null) return null
  return (await prisma.case.findUnique({ where: { id: caseId }, select: { procedure: true } }))?.procedure ?? null
}

async function refuse(deps: Deps, actor: Actor, task: Task, action: string): Promise<never> {
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: `${action}-denied`,
    caseId: task.caseId,
    taskId: task.id,
  })
  throw new ServiceError('FORBIDDEN', 'This task is outside your groups.')
}

/** canSeeTask with the restrictions in force and the task's case read. */
export async function isTaskVisible(prisma: PrismaClient, user: AuthUser, task: TaskAudience & { caseId: string | null }): Promise<boolean> {
  return canSeeTask(user, task, await loadRestrictions(prisma), await caseProcedureOf(prisma, task.caseId))
}

export async function loadVisibleTask(deps: Deps, actor: Actor, taskId: string, action: string): Promise<Task> {
  const task = await findTask(deps, taskId)
  if (!(await isTaskVisible(deps.prisma, actor.user, task))) return refuse(deps, actor, task, action)
  return task
}

/** mayReadTask with the restrictions in force and the task's case read. */
export async function isTaskReadable(prisma: PrismaClient, user: AuthUser, task: TaskAudience & { caseId: string | null }): Promise<boolean> {
  return mayReadTask(user, task, await loadRestrictions(prisma), await caseProcedureOf(prisma, task.caseId))
}

export async function loadReadableTask(deps: Deps, actor: Actor, taskId: string, action: string): Promise<Task> {
  const task = await findTask(deps, taskId)
  if (!(await isTaskReadable(deps.prisma, actor.user, task))) return refuse(deps, actor, task, action)
  return task
}
