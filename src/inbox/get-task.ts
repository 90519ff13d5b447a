// One task with its form (the version of the form its formKey names that was current when the task was created,
// Task.formVersion; the newest for tasks from before that was recorded) and its variables.
import type { Task } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { isFormSchema, type FormSchema } from './form-schema.ts'
import { loadVisibleTask } from './load-task.ts'

export interface TaskDetail {
  task: Task
  form: FormSchema | null
  variables: Record<string, unknown>
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

export async function getTask(deps: Deps, actor: Actor, taskId: string): Promise<TaskDetail> {
  const task = await loadVisibleTask(deps, actor, taskId, 'task.read')
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'task.read', caseId: task.caseId, taskId: task.id })
  return { task, form: await loadForm(deps, task.formKey, task.formVersion), variables: taskVariables(task) }
}
