// Server-side drafts of the form editor: one per form id (the last save wins), for managers only. A draft is the
// form-js JSON text; it must parse as a JSON object (the editor reopens it) but is checked only when the editor
// asks or it is deployed. Drafts whose text is exactly what was deployed are removed after the deployment.
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import type { Actor } from '../users/actor.ts'
import { FORM_ID_PATTERN } from './form-versions.ts'
import { audit, requireProcedureManager } from './procedure-access.ts'

export interface FormDraftView {
  formId: string
  schema: string
  savedBy: string
  savedAt: string
}

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

const view = (row: { formId: string; schema: string; savedBy: string; savedAt: Date }): FormDraftView => ({
  formId: row.formId,
  schema: row.schema,
  savedBy: row.savedBy,
  savedAt: row.savedAt.toISOString(),
})

export async function getFormDraft(deps: Deps, actor: Actor, formId: string): Promise<FormDraftView | null> {
  await requireProcedureManager(deps, actor, 'form.draft')
  const row = await deps.prisma.formDraft.findUnique({ where: { formId } })
  return row ? view(row) : null
}

export async function saveFormDraft(deps: Deps, actor: Actor, formId: string, schema: unknown): Promise<FormDraftView> {
  await requireProcedureManager(deps, actor, 'form.draft')
  if (!FORM_ID_PATTERN.test(formId)) {
    throw new ServiceError('VALIDATION_FAILED', 'Invalid form id.', { fields: { formId: { code: 'pattern' } } })
  }
  if (typeof schema !== 'string' || schema.trim() === '') {
    throw new ServiceError('VALIDATION_FAILED', 'The draft needs its form JSON.', { fields: { schema: { code: 'required' } } })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(schema)
  } catch {
    parsed = null
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError('VALIDATION_FAILED', 'The draft is not a JSON object.', { fields: { schema: { code: 'invalidType' } } })
  }
  const savedAt = deps.clock.now()
  const data = { schema, savedBy: actor.user.login, savedAt }
  const row = await deps.prisma.formDraft.upsert({ where: { formId }, create: { formId, ...data }, update: data })
  await audit(deps, actor, { action: 'form.draft-saved', details: { formId, bytes: Buffer.byteLength(schema) } })
  return view(row)
}

export async function deleteFormDraft(deps: Deps, actor: Actor, formId: string): Promise<void> {
  await requireProcedureManager(deps, actor, 'form.draft')
  await deps.prisma.formDraft.deleteMany({ where: { formId } })
}

/** After a deployment: form drafts whose text is exactly what was deployed are done. */
export async function removeDeployedFormDrafts(deps: Pick<Deps, 'prisma'>, files: { name: string; content: string }[], formIds: string[]): Promise<void> {
  const contents = files.filter((f) => f.name.endsWith('.form')).map((f) => f.content)
  if (formIds.length === 0 || contents.length === 0) return
  await deps.prisma.formDraft.deleteMany({ where: { formId: { in: formIds }, schema: { in: contents } } })
}

/** "New form": a small form-js schema with a heading and one text field, under the id the manager chose. */
export function formTemplate(formId: string, texts: { heading: string; field: string }): string {
  return JSON.stringify(
    {
      id: formId,
      type: 'default',
      schemaVersion: 16,
      executionPlatform: 'Camunda Cloud',
      components: [
        { type: 'text', id: 'Text_heading', text: `## ${texts.heading}` },
        { type: 'textfield', id: 'Field_note', key: 'note', label: texts.field, validate: { required: true, maxLength: 2000 } },
      ],
    },
    null,
    2,
  )
}
