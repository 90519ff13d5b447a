// The registration form of a procedure: the form its newest version's plain start event links
// (zeebe:formDefinition formId), in the newest deployed version of that form. Read from our catalog
// (ProcessDefinition, FormDefinition), which both engines' deployments write, so registration works the same on
// either engine. Null when the procedure is unknown or its start event links no form.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { parseBpmn } from '../../engine/embedded/process-model.ts'
import { isFormSchema, type FormSchema } from '../inbox/form-schema.ts'

export interface StartForm {
  formId: string
  version: number
  schema: FormSchema
}

/** Start form id per process definition row (rows never change once stored: cached by id). */
const startFormIdByRow = new Map<string, Promise<string | null>>()

function startFormIdOf(row: { id: string; processId: string; resourceName: string; xml: string }): Promise<string | null> {
  let cached = startFormIdByRow.get(row.id)
  if (!cached) {
    cached = parseBpmn(row.resourceName, row.xml).then((parsed) => parsed.processes.find((p) => p.processId === row.processId)?.startForm?.formId ?? null)
    cached.catch(() => startFormIdByRow.delete(row.id))
    startFormIdByRow.set(row.id, cached)
  }
  return cached
}

export async function loadStartForm(prisma: Pick<PrismaClient, 'processDefinition' | 'formDefinition'>, processId: string): Promise<StartForm | null> {
  const row = await prisma.processDefinition.findFirst({
    where: { processId },
    orderBy: { version: 'desc' },
    select: { id: true, processId: true, resourceName: true, xml: true },
  })
  if (!row) return null
  const formId = await startFormIdOf(row)
  if (!formId) return null
  const form = await prisma.formDefinition.findFirst({ where: { formId }, orderBy: { version: 'desc' }, select: { version: true, schema: true } })
  return form && isFormSchema(form.schema) ? { formId, version: form.version, schema: form.schema } : null
}
