// Bulk claim / unclaim / assign: each task on its own, with the same conditional update and checks as the
// single-task call; one refused task does not undo the others. Answers one result per task id, in order.
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError, type FieldIssues, type ServiceErrorCode } from '../cases/service-error.ts'
import { assignTask } from './assign-task.ts'
import { claimTask, unclaimTask } from './claim-task.ts'

export const BULK_ACTIONS = ['claim', 'unclaim', 'assign'] as const
export type BulkAction = (typeof BULK_ACTIONS)[number]
export const MAX_BULK_TASKS = 100

export interface BulkRequest {
  action: BulkAction
  taskIds: string[]
  assignee?: string
}

export type BulkResult =
  | { taskId: string; ok: true; assignee: string | null }
  | { taskId: string; ok: false; code: ServiceErrorCode | 'INTERNAL'; fields?: FieldIssues }

/**
 * Why one task failed, for the page's notice: the field issue when the input was refused (assign to someone outside
 * the task's groups: `notInTaskGroups`; absent without an eligible substitute: `absentNoSubstitute`), else the code.
 */
export function bulkFailureReason(result: Extract<BulkResult, { ok: false }>): string {
  const issue = result.code === 'VALIDATION_FAILED' ? Object.values(result.fields ?? {})[0]?.code : undefined
  return issue ?? result.code
}

/** Validates a bulk request body; throws VALIDATION_FAILED naming the bad fields. */
export function parseBulkRequest(body: unknown): BulkRequest {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const fields: FieldIssues = {}
  const action = b.action
  if (!(BULK_ACTIONS as readonly unknown[]).includes(action)) fields.action = { code: 'notAllowed' }
  const rawIds = typeof b.taskIds === 'string' ? [b.taskIds] : b.taskIds
  let taskIds: string[] = []
  if (!Array.isArray(rawIds) || rawIds.length === 0) fields.taskIds = { code: 'required' }
  else if (rawIds.length > MAX_BULK_TASKS) fields.taskIds = { code: 'tooMany', params: { max: MAX_BULK_TASKS } }
  else if (!rawIds.every((id) => typeof id === 'string' && id !== '' && id.length <= 100)) fields.taskIds = { code: 'invalidType' }
  else taskIds = [...new Set(rawIds as string[])]
  let assignee: string | undefined
  if (action === 'assign') {
    if (typeof b.assignee !== 'string' || b.assignee.trim() === '') fields.assignee = { code: 'required' }
    else assignee = b.assignee.trim()
  }
  if (Object.keys(fields).length > 0) throw new ServiceError('VALIDATION_FAILED', 'The bulk request has errors.', { fields })
  return { action: action as BulkAction, taskIds, assignee }
}

export async function bulkTasks(deps: ServiceDeps, actor: Actor, request: BulkRequest): Promise<BulkResult[]> {
  const results: BulkResult[] = []
  for (const taskId of request.taskIds) {
    try {
      const task = request.action === 'claim'
        ? await claimTask(deps, actor, taskId)
        : request.action === 'unclaim'
          ? await unclaimTask(deps, actor, taskId)
          : await assignTask(deps, actor, taskId, request.assignee)
      results.push({ taskId, ok: true, assignee: task.assignee })
    } catch (err) {
      if (err instanceof ServiceError) {
        results.push({ taskId, ok: false, code: err.code, ...(Object.keys(err.fields).length ? { fields: err.fields } : {}) })
      } else {
        deps.logger.error('bulk task action failed', { taskId, action: request.action }, err)
        results.push({ taskId, ok: false, code: 'INTERNAL' })
      }
    }
  }
  const succeeded = results.filter((r) => r.ok).length
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: 'tasks.bulk',
    details: { bulkAction: request.action, tasks: results.length, succeeded, failed: results.length - succeeded },
  })
  return results
}
