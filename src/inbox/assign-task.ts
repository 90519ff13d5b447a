// A manager assigns (or reassigns) a task to a named person: an active user who is a member of one of the
// task's candidate groups (or one of its candidate users), and who is not barred by four eyes. One conditional
// UPDATE (the task is still open and still held by whoever held it when we read it), then the engine is told;
// if the engine refuses, our change is undone. Case history and audit record it; the new assignee gets an
// in-app notification. While the person is absent (absences.ts) the task goes to their substitute instead,
// marked with Task.substituteFor (422 when the substitute may not do this task). A task of a restricted procedure
// (or of a case of one) goes only to a member of its allowed groups: not to anyone else (422 outsideRestriction),
// not to a substitute outside them (422 absentNoSubstitute); managers outside them may not assign it at all (403).
import type { Task } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { toAuthUser, withGroups } from '../users/auth-user.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { substituteOf } from './absences.ts'
import { fromEngineError } from './engine-errors.ts'
import { assertFourEyes } from './four-eyes.ts'
import { isCandidate, mayAccessTask, mayManageTask } from './task-access.ts'
import { caseProcedureOf } from './load-task.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { recordTaskChange } from './task-events.ts'
import { notify } from './notifications.ts'

function notEligible(): ServiceError {
  return new ServiceError('VALIDATION_FAILED', 'The person is not a member of the task’s groups.', {
    fields: { assignee: { code: 'notInTaskGroups' } },
  })
}

function outsideRestriction(): ServiceError {
  return new ServiceError('VALIDATION_FAILED', 'The procedure is restricted to groups the person is not a member of.', {
    fields: { assignee: { code: 'outsideRestriction' } },
  })
}

export async function assignTask(deps: ServiceDeps, actor: Actor, taskId: string, assignee: unknown): Promise<Task> {
  if (typeof assignee !== 'string' || assignee.trim() === '' || assignee.length > 100) {
    throw new ServiceError('VALIDATION_FAILED', 'assignee must be a login.', { fields: { assignee: { code: 'required' } } })
  }
  const login = assignee.trim()
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } })
  if (!task) throw new ServiceError('NOT_FOUND', 'No such task.')
  const now = deps.clock.now()
  const restrictions = await loadRestrictions(deps.prisma)
  const caseProcedure = await caseProcedureOf(deps.prisma, task.caseId)
  if (!mayManageTask(actor.user, task, restrictions, caseProcedure)) {
    await recordAudit(deps.prisma, actor, now, { action: 'task.assign-denied', caseId: task.caseId, taskId })
    throw new ServiceError('FORBIDDEN', 'Only managers and administrators may assign tasks.')
  }
  if (task.status !== 'open') throw new ServiceError('CONFLICT', `The task is ${task.status}.`)

  const person = await deps.prisma.user.findUnique({ where: { login }, include: withGroups })
  const target = person && person.active ? toAuthUser(person) : null
  if (target && !mayAccessTask(target, task, restrictions, caseProcedure)) {
    await recordAudit(deps.prisma, actor, now, { action: 'task.assign-rejected', caseId: task.caseId, taskId, details: { reason: 'outsideRestriction' } })
    throw outsideRestriction()
  }
  if (!target || !isCandidate(target, task, restrictions, caseProcedure)) {
    await recordAudit(deps.prisma, actor, now, { action: 'task.assign-rejected', caseId: task.caseId, taskId, details: { reason: 'notInTaskGroups' } })
    throw notEligible()
  }
  // cover: an absent person's task goes to their substitute
  let final = target
  let substituteFor: string | null = null
  const route = await substituteOf(deps, login, now)
  if (route) {
    const sub = route.to ? await deps.prisma.user.findUnique({ where: { login: route.to }, include: withGroups }) : null
    const substitute = sub && sub.active ? toAuthUser(sub) : null
    // isCandidate: a substitute outside a restricted procedure's allowed groups never receives its task
    if (!substitute || !isCandidate(substitute, task, restrictions, caseProcedure)) {
      await recordAudit(deps.prisma, actor, now, { action: 'task.assign-rejected', caseId: task.caseId, taskId, details: { reason: 'absentNoSubstitute' } })
      throw new ServiceError('VALIDATION_FAILED', 'The person is absent and their substitute may not do this task.', {
        fields: { assignee: { code: 'absentNoSubstitute' } },
      })
    }
    final = substitute
    substituteFor = login
  }
  await assertFourEyes(deps.prisma, final, task)
  if (task.assignee === final.login && task.substituteFor === substituteFor) return task

  const previous = task.assignee
  const previousSubstituteFor = task.substituteFor
  const { count } = await deps.prisma.task.updateMany({
    where: { id: task.id, status: 'open', assignee: previous },
    data: { assignee: final.login, substituteFor },
  })
  if (count === 0) throw new ServiceError('CONFLICT', 'The task changed meanwhile; reload it.')
  try {
    await deps.engine.assignUserTask(task.engineKey, final.login)
  } catch (err) {
    await deps.prisma.task.updateMany({
      where: { id: task.id, assignee: final.login },
      data: { assignee: previous, substituteFor: previousSubstituteFor },
    })
    fromEngineError(err)
  }
  await recordTaskChange(deps, actor, task, {
    eventType: 'task-assigned',
    action: 'task.assign',
    details: { assignee: final.login, previousAssignee: previous, substituteFor },
  })
  if (final.login !== actor.user.login) {
    await notify(deps.prisma, now, {
      login: final.login,
      type: 'task-assigned',
      taskId: task.id,
      caseId: task.caseId,
      data: { by: actor.user.login, substituteFor },
    })
  }
  return deps.prisma.task.findUniqueOrThrow({ where: { id: task.id } })
}
