// One task with its form (the version of the form its formKey names that was current when the task was created,
// Task.formVersion; the newest for tasks from before that was recorded), its variables and, once completed, what
// the person submitted (Task.submitted).
import type { Task } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { isFormSchema, type FormSchema } from './form-schema.ts'
import { loadReadableTask } from './load-task.ts'

export interface TaskDetail {
  task: Task
  form: FormSchema | null
  variables: Record<string, unknown>
  /** The variables submitted at completion; null while open and for tasks completed before they were kept. */
  submitted: Record<string, unknown> | null
}

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

export async function loadForm(deps: Deps, formKey: string | null, formVersion: number | null = null): Promise<FormSchema | null> {
  if (!formKey) return null
  const form = formVersion !== null
    ? await deps.prisma.formDefinition.findUnique({ where: { formId_version: { formId: formKey, version: formVersion } } })
    : await deps.prisma.formDefinition.findFirst({ where: { formId: formKey }, orderBy: { version: 'desc' } })
  return form && isFormSchema(form.schema) ? form.schema : null
}

export function taskVariables(task: Task): Record<string, unknown> {
  const v = task.variables
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

export function taskSubmitted(task: Task): Record<string, unknown> | null {
  const v = task.submitted
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

export async function getTask(deps: Deps, actor: Actor, taskId: string): Promise<TaskDetail> {
  const task = await loadReadableTask(deps, actor, taskId, 'task.read')
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'task.read', caseId: task.caseId, taskId: task.id })
  return { task, form: await loadForm(deps, task.formKey, task.formVersion), variables: taskVariables(task), submitted: taskSubmitted(task) }
}
