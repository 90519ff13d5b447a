// Claim and unclaim. The conflict check is one conditional UPDATE in our Task table (only an open task that
// nobody holds can be claimed), then the engine is told; if the engine refuses, our change is undone.
import type { Task } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { fromEngineError } from './engine-errors.ts'
import { assertFourEyes } from './four-eyes.ts'
import { caseProcedureOf, loadVisibleTask } from './load-task.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { canSeeTask, mayManageTask } from './task-access.ts'
import { recordTaskChange } from './task-events.ts'

function assertOpen(task: Task): void {
  if (task.status !== 'open') throw new ServiceError('CONFLICT', `The task is ${task.status}.`)
}

function heldByOther(): ServiceError {
  return new ServiceError('CONFLICT', 'Someone else has already claimed this task.')
}

/**
 * Sets the assignee if nobody holds the task, in our table and then in the engine. Returns false when the
 * actor already held it (nothing changed); throws CONFLICT when someone else does.
 */
export async function takeTask(deps: ServiceDeps, actor: Actor, task: Task): Promise<boolean> {
  const login = actor.user.login
  const { count } = await deps.prisma.task.updateMany({
    where: { id: task.id, status: 'open', assignee: null },
    data: { assignee: login, substituteFor: null },
  })
  if (count === 0) {
    const current = await deps.prisma.task.findUnique({ where: { id: task.id } })
    if (!current) throw new ServiceError('NOT_FOUND', 'No such task.')
    assertOpen(current)
    if (current.assignee === login) return false
    throw heldByOther()
  }
  try {
    await deps.engine.assignUserTask(task.engineKey, login, { expectedAssignee: null })
  } catch (err) {
    await deps.prisma.task.updateMany({ where: { id: task.id, assignee: login }, data: { assignee: null } })
    fromEngineError(err)
  }
  return true
}

async function reload(deps: ServiceDeps, taskId: string): Promise<Task> {
  return deps.prisma.task.findUniqueOrThrow({ where: { id: taskId } })
}

export async function claimTask(deps: ServiceDeps, actor: Actor, taskId: string): Promise<Task> {
  const task = await loadVisibleTask(deps, actor, taskId, 'task.claim')
  assertOpen(task)
  if (task.assignee === actor.user.login) return task
  if (task.assignee !== null) throw heldByOther()
  await assertFourEyes(deps.prisma, actor.user, task)
  if (await takeTask(deps, actor, task)) {
    await recordTaskChange(deps, actor, task, { eventType: 'task-claimed', action: 'task.claim' })
  }
  return reload(deps, taskId)
}

export async function unclaimTask(deps: ServiceDeps, actor: Actor, taskId: string): Promise<Task> {
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } })
  if (!task) throw new ServiceError('NOT_FOUND', 'No such task.')
  const restrictions = await loadRestrictions(deps.prisma)
  const caseProcedure = await caseProcedureOf(deps.prisma, task.caseId)
  const privileged = mayManageTask(actor.user, task, restrictions, caseProcedure)
  if (!privileged && !canSeeTask(actor.user, task, restrictions, caseProcedure)) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'task.unclaim-denied', caseId: task.caseId, taskId })
    throw new ServiceError('FORBIDDEN', 'This task is outside your groups.')
  }
  assertOpen(task)
  if (task.assignee === null) return task
  if (task.assignee !== actor.user.login && !privileged) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'task.unclaim-denied', caseId: task.caseId, taskId })
    throw new ServiceError('FORBIDDEN', 'Only the assignee or a manager may release this task.')
  }
  const previous = task.assignee
  const { count } = await deps.prisma.task.updateMany({
    where: { id: task.id, status: 'open', assignee: previous },
    data: { assignee: null, substituteFor: null },
  })
  if (count === 0) throw new ServiceError('CONFLICT', 'The task changed meanwhile; reload it.')
  try {
    await deps.engine.assignUserTask(task.engineKey, null)
  } catch (err) {
    await deps.prisma.task.updateMany({ where: { id: task.id, assignee: null }, data: { assignee: previous } })
    fromEngineError(err)
  }
  await recordTaskChange(deps, actor, task, {
    eventType: 'task-unclaimed',
    action: 'task.unclaim',
    details: { byManager: previous !== actor.user.login },
  })
  return reload(deps, taskId)
}
