// Drafts of task forms (model TaskDraft, one per task and person): saved only by the person who may complete
// the task (it is open and claimed by her), read and deleted only by their owner, deleted for everyone when the
// task completes (complete-task.ts). Values are not validated, only limited (task-draft-values.ts). Every save,
// read and delete is audited with ids and counts only.
import type { Actor } from '../users/actor.ts'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { loadForm } from './get-task.ts'
import { loadVisibleTask } from './load-task.ts'
import { draftValues, MAX_DRAFT_JSON } from './task-draft-values.ts'

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

export interface TaskDraftView {
  taskId: string
  values: Record<string, unknown>
  savedAt: Date
}

/** The draft is larger than MAX_DRAFT_JSON characters (the web layer answers 413). */
export class DraftTooLargeError extends Error {
  readonly limit = MAX_DRAFT_JSON
  constructor() {
    super(`The draft is larger than ${MAX_DRAFT_JSON} characters.`)
    this.name = 'DraftTooLargeError'
  }
}

/** Why a draft may not be saved, in ServiceError.details.reason (the web layer picks its message by it). */
export type DraftRefusal = 'NOT_OPEN' | 'NOT_CLAIMED' | 'NO_FORM'

function refuse(reason: DraftRefusal, message: string): ServiceError {
  return new ServiceError('CONFLICT', message, { details: { reason } })
}

function asValues(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

/** The owner's draft without an audit entry (for a page that has already audited its read of the task). */
export async function findOwnDraft(prisma: PrismaClient, taskId: string, login: string): Promise<TaskDraftView | null> {
  const row = await prisma.taskDraft.findUnique({ where: { taskId_login: { taskId, login } } })
  return row ? { taskId: row.taskId, values: asValues(row.values), savedAt: row.savedAt } : null
}

export async function saveTaskDraft(deps: Deps, actor: Actor, taskId: string, submitted: unknown): Promise<TaskDraftView> {
  const login = actor.user.login
  const task = await loadVisibleTask(deps, actor, taskId, 'task.draft-save')
  const refusal: [DraftRefusal, string] | null =
    task.status !== 'open' ? ['NOT_OPEN', `The task is ${task.status}.`]
      : task.assignee !== login ? ['NOT_CLAIMED', 'Only the person who has claimed the task may save a draft of it.']
        : null
  if (refusal) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), {
      action: 'task.draft-save-denied',
      caseId: task.caseId,
      taskId: task.id,
      details: { reason: refusal[0] },
    })
    throw refuse(...refusal)
  }
  const form = await loadForm(deps, task.formKey, task.formVersion)
  if (!form) throw refuse('NO_FORM', 'The task has no form.')
  const parsed = draftValues(form, submitted)
  if (!parsed.ok) {
    if (parsed.reason === 'tooLarge') throw new DraftTooLargeError()
    throw new ServiceError('VALIDATION_FAILED', 'The draft values must be an object.', { fields: { values: { code: 'invalidType' } } })
  }
  const savedAt = deps.clock.now()
  const data = { values: parsed.values as object, savedAt }
  const where = { taskId_login: { taskId: task.id, login } }
  try {
    await deps.prisma.taskDraft.upsert({ where, create: { taskId: task.id, login, ...data }, update: data })
  } catch (err) {
    // two saves racing to create the row: the loser updates the winner's row
    if ((err as { code?: string }).code !== 'P2002') throw err
    await deps.prisma.taskDraft.update({ where, data })
  }
  await recordAudit(deps.prisma, actor, savedAt, {
    action: 'task.draft-save',
    caseId: task.caseId,
    taskId: task.id,
    details: { keys: Object.keys(parsed.values).length, dropped: parsed.dropped },
  })
  return { taskId: task.id, values: parsed.values, savedAt }
}

export async function getTaskDraft(deps: Deps, actor: Actor, taskId: string): Promise<TaskDraftView | null> {
  const task = await loadVisibleTask(deps, actor, taskId, 'task.draft-read')
  const draft = await findOwnDraft(deps.prisma, task.id, actor.user.login)
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: 'task.draft-read',
    caseId: task.caseId,
    taskId: task.id,
    details: { found: draft !== null },
  })
  return draft
}

/** Deletes the actor's own draft; false when there was none. */
export async function deleteTaskDraft(deps: Deps, actor: Actor, taskId: string): Promise<boolean> {
  const task = await loadVisibleTask(deps, actor, taskId, 'task.draft-delete')
  const { count } = await deps.prisma.taskDraft.deleteMany({ where: { taskId: task.id, login: actor.user.login } })
  if (count > 0) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'task.draft-delete', caseId: task.caseId, taskId: task.id })
  }
  return count > 0
}

/** Every draft of a task (all owners): the task is completed, nobody's draft of it is of use any more. */
export async function deleteDraftsOfTask(prisma: PrismaClient, taskId: string): Promise<number> {
  const { count } = await prisma.taskDraft.deleteMany({ where: { taskId } })
  return count
}
