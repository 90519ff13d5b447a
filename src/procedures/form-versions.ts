// The deployed forms (FormDefinition rows) for managers: every form with its versions (who, when, why, open tasks
// on each version), the user tasks (and start events: registration forms) of the newest process versions that link
// it (zeebe:formDefinition formId),
// and one version's JSON for the form editor. A task keeps the form version that was current when it was created
// (Task.formVersion), so a new version changes only tasks created after it.
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { FORM_ID_PATTERN } from '../../engine/embedded/form-schema.ts'
import { parseBpmn } from '../../engine/embedded/process-model.ts'
import type { Actor } from '../users/actor.ts'
import { requireProcedureManager } from './procedure-access.ts'

export { FORM_ID_PATTERN }

export interface FormVersionSummary {
  version: number
  deployedAt: string
  deployedBy: string | null
  comment: string | null
  /** Open tasks that show this version. */
  openTasks: number
}

export interface FormReference {
  processId: string
  processName: string
  processVersion: number
  elementId: string
  taskName: string
}

export interface FormSummary {
  formId: string
  latestVersion: number
  versions: FormVersionSummary[]
  references: FormReference[]
}

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

/** User tasks linking a form, per process definition row (rows never change: cached by id). */
const tasksByDefinition = new Map<string, Promise<{ elementId: string; taskName: string; formId: string }[]>>()

function formTasksOf(row: { id: string; resourceName: string; xml: string; processId: string }) {
  let cached = tasksByDefinition.get(row.id)
  if (!cached) {
    cached = parseBpmn(row.resourceName, row.xml).then((parsed) => {
      const out: { elementId: string; taskName: string; formId: string }[] = []
      for (const model of parsed.processes.filter((p) => p.processId === row.processId)) {
        for (const el of model.elements.values()) {
          if (el.kind === 'user' && el.formId) out.push({ elementId: el.id, taskName: el.name, formId: el.formId })
        }
        // the registration form: linked from the start event
        const start = model.startForm
        if (start) out.push({ elementId: start.elementId, taskName: model.names.get(start.elementId) ?? start.elementId, formId: start.formId })
      }
      return out
    })
    cached.catch(() => tasksByDefinition.delete(row.id))
    tasksByDefinition.set(row.id, cached)
  }
  return cached
}

/** Which user tasks of the newest version of every procedure link which form. */
export async function formReferences(deps: Pick<Deps, 'prisma'>): Promise<Map<string, FormReference[]>> {
  const latest = await deps.prisma.processDefinition.findMany({
    orderBy: [{ processId: 'asc' }, { version: 'desc' }],
    distinct: ['processId'],
    select: { id: true, processId: true, version: true, name: true, resourceName: true, xml: true },
  })
  const out = new Map<string, FormReference[]>()
  for (const row of latest) {
    for (const task of await formTasksOf(row)) {
      const list = out.get(task.formId) ?? []
      list.push({ processId: row.processId, processName: row.name, processVersion: row.version, elementId: task.elementId, taskName: task.taskName })
      out.set(task.formId, list)
    }
  }
  return out
}

async function versionsOf(deps: Deps, formIds?: string[]): Promise<Map<string, FormVersionSummary[]>> {
  const where = formIds ? { formId: { in: formIds } } : {}
  const rows = await deps.prisma.formDefinition.findMany({
    where,
    orderBy: [{ formId: 'asc' }, { version: 'desc' }],
    select: { formId: true, version: true, deployedAt: true, deployedBy: true, comment: true },
  })
  const open = await deps.prisma.task.groupBy({
    by: ['formKey', 'formVersion'],
    where: { status: 'open', formKey: formIds ? { in: formIds } : { not: null } },
    _count: { _all: true },
  })
  const latestOf = new Map<string, number>()
  for (const r of rows) if (!latestOf.has(r.formId)) latestOf.set(r.formId, r.version)
  const openOf = new Map<string, number>()
  for (const o of open) {
    if (!o.formKey) continue
    // tasks from before versions were recorded show the newest version
    const version = o.formVersion ?? latestOf.get(o.formKey)
    const key = `${o.formKey}\u0000${version}`
    openOf.set(key, (openOf.get(key) ?? 0) + o._count._all)
  }
  const out = new Map<string, FormVersionSummary[]>()
  for (const r of rows) {
    const list = out.get(r.formId) ?? []
    list.push({
      version: r.version,
      deployedAt: r.deployedAt.toISOString(),
      deployedBy: r.deployedBy,
      comment: r.comment,
      openTasks: openOf.get(`${r.formId}\u0000${r.version}`) ?? 0,
    })
    out.set(r.formId, list)
  }
  return out
}

/** Every deployed form with its versions (newest first) and the user tasks that link it (managers only). */
export async function listForms(deps: Deps, actor: Actor): Promise<FormSummary[]> {
  await requireProcedureManager(deps, actor, 'form.list')
  const versions = await versionsOf(deps)
  const references = await formReferences(deps)
  return [...versions.entries()].map(([formId, list]) => ({
    formId,
    latestVersion: list[0].version,
    versions: list,
    references: references.get(formId) ?? [],
  }))
}

/** The versions of one form, newest first (managers only). */
export async function listFormVersions(deps: Deps, actor: Actor, formId: string): Promise<FormVersionSummary[]> {
  await requireProcedureManager(deps, actor, 'form.versions')
  const list = (await versionsOf(deps, [formId])).get(formId)
  if (!list) throw new ServiceError('NOT_FOUND', 'No such form.')
  return list
}

export interface FormSource {
  formId: string
  version: number
  latestVersion: number
  /** The form-js JSON as deployed (pretty-printed). */
  schema: string
  deployedAt: string
  deployedBy: string | null
  comment: string | null
}

/** One version's form-js JSON (the newest when `version` is null), for the form editor (managers only). */
export async function getFormSource(deps: Deps, actor: Actor, formId: string, version: number | null): Promise<FormSource> {
  await requireProcedureManager(deps, actor, 'form.read')
  const latest = await deps.prisma.formDefinition.findFirst({ where: { formId }, orderBy: { version: 'desc' }, select: { version: true } })
  const row = latest
    ? await deps.prisma.formDefinition.findUnique({ where: { formId_version: { formId, version: version ?? latest.version } } })
    : null
  if (!latest || !row) throw new ServiceError('NOT_FOUND', 'No such form version.')
  return {
    formId,
    version: row.version,
    latestVersion: latest.version,
    schema: JSON.stringify(row.schema, null, 2),
    deployedAt: row.deployedAt.toISOString(),
    deployedBy: row.deployedBy,
    comment: row.comment,
  }
}
