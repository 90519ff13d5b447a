// Completes a task: only its assignee (or, when nobody holds it, a candidate, who claims and completes in one
// go), with the variables validated against the task's form, respecting four eyes. The completer's login
// is written to Task.completedBy before the engine is told (and cleared again if the engine refuses), so
// a four-eyes step that the engine creates during completion already sees it. The validated variables are written
// with it to Task.submitted (cleared again with it), so the completed task shows what was recorded.
import { Prisma, type Task } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { takeTask } from './claim-task.ts'
import { fromEngineError } from './engine-errors.ts'
import { validateFormSubmission } from './form-validation.ts'
import { assertFourEyes } from './four-eyes.ts'
import { loadForm, taskVariables } from './get-task.ts'
import { loadVisibleTask } from './load-task.ts'
import { recordTaskChange } from './task-events.ts'
import { SLA_ENGINE, checkArt36Values, completeArt36Task } from '../sla/art36-task.ts'
import { toIsoDate } from '../../domain/local-date.ts'
import { deleteDraftsOfTask } from './task-drafts.ts'
import { RECORDED_BY } from '../../workers/recorded-by.ts'

const MAX_VARIABLES_JSON = 50_000

async function checkedVariables(deps: ServiceDeps, actor: Actor, task: Task, submitted: unknown): Promise<Record<string, unknown>> {
  if (typeof submitted !== 'object' || submitted === null || Array.isArray(submitted)) {
    throw new ServiceError('VALIDATION_FAILED', 'variables must be an object.', { fields: { variables: { code: 'invalidType' } } })
  }
  const values = submitted as Record<string, unknown>
  if (JSON.stringify(values).length > MAX_VARIABLES_JSON) {
    throw new ServiceError('VALIDATION_FAILED', 'variables are too large.', {
      fields: { variables: { code: 'maxLength', params: { max: MAX_VARIABLES_JSON } } },
    })
  }
  const form = await loadForm(deps, task.formKey, task.formVersion)
  if (!form) return values
  const result = validateFormSubmission(form, values, taskVariables(task), { today: toIsoDate(deps.clock.now()) })
  if (!result.ok) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), {
      action: 'task.complete-rejected',
      caseId: task.caseId,
      taskId: task.id,
      details: { fields: Object.keys(result.fields).length },
    })
    throw new ServiceError('VALIDATION_FAILED', 'The form has errors.', { fields: result.fields })
  }
  return result.variables
}

export async function completeTask(deps: ServiceDeps, actor: Actor, taskId: string, submitted: unknown): Promise<Task> {
  const login = actor.user.login
  const task = await loadVisibleTask(deps, actor, taskId, 'task.complete')
  if (task.status !== 'open') throw new ServiceError('CONFLICT', `The task is ${task.status}.`)
  if (task.assignee !== null && task.assignee !== login) {
    throw new ServiceError('CONFLICT', 'Someone else has claimed this task.')
  }
  await assertFourEyes(deps.prisma, actor.user, task)
  const variables = await checkedVariables(deps, actor, task, submitted)

  const claimedNow = task.assignee === null && (await takeTask(deps, actor, task))
  const { count } = await deps.prisma.task.updateMany({
    where: { id: task.id, status: 'open', assignee: login },
    data: { completedBy: login, submitted: variables as Prisma.InputJsonObject },
  })
  if (count === 0) throw new ServiceError('CONFLICT', 'The task changed meanwhile; reload it.')
  try {
    if (task.engine === SLA_ENGINE) {
      // an art. 36 notice task of the SLA monitor: no engine behind it
      checkArt36Values(task, variables, toIsoDate(deps.clock.now()))
      const now = deps.clock.now()
      if (!(await deps.prisma.$transaction((tx) => completeArt36Task(tx, now, task, { login, userId: actor.user.id }, variables)))) {
        throw new ServiceError('CONFLICT', 'The task changed meanwhile; reload it.')
      }
    } else {
      // recordedBy: history entries the procedure writes for this completion name the person (workers/recorded-by.ts)
      await deps.engine.completeUserTask(task.engineKey, { ...variables, [RECORDED_BY]: actor.user.id })
    }
  } catch (err) {
    if (err instanceof ServiceError) {
      await deps.prisma.task.updateMany({ where: { id: task.id, status: 'open' }, data: { completedBy: null, submitted: Prisma.DbNull } })
      throw err
    }
    // an engine whose answer was lost (an Operaton node killed mid-call) may have completed the task all the same:
    // the adapter syncs the instance before it throws, so our row then says completed, with this submission
    const after = await deps.prisma.task.findUnique({ where: { id: task.id }, select: { status: true, completedBy: true } })
    if (after?.status !== 'completed' || after.completedBy !== login) {
      await deps.prisma.task.updateMany({ where: { id: task.id, status: 'open' }, data: { completedBy: null, submitted: Prisma.DbNull } })
      fromEngineError(err)
    }
  }
  await deps.prisma.task.updateMany({ where: { id: task.id, completedBy: null }, data: { completedBy: login } })
  const draftsDeleted = await deleteDraftsOfTask(deps.prisma, task.id)
  await recordTaskChange(deps, actor, task, {
    eventType: 'task-completed',
    action: 'task.complete',
    details: { claimedNow, variables: Object.keys(variables).length, draftsDeleted },
  })
  deps.logger.info('task completed', { taskId: task.id, caseId: task.caseId, elementId: task.elementId })
  return deps.prisma.task.findUniqueOrThrow({ where: { id: task.id } })
}
