// The task shape of the JSON API and the inbox.
import type { Task } from '../generated/prisma/client.ts'

export interface TaskSummary {
  id: string
  name: string
  caseId: string | null
  candidateGroups: string[]
  assignee: string | null
  dueAt: string | null
  priority: number
  status: string
}

export function toTaskSummary(task: Task): TaskSummary {
  return {
    id: task.id,
    name: task.name,
    caseId: task.caseId,
    candidateGroups: task.candidateGroups,
    assignee: task.assignee,
    dueAt: task.dueAt ? task.dueAt.toISOString() : null,
    priority: task.priority,
    status: task.status,
  }
}

/** Due date first (tasks without one last), then the oldest first. */
export const taskOrder = [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }] as const
