// Server-side drafts of the procedure editor: one per process id (the last save wins), for managers only.
// A draft is text: it is never parsed on the server until it is checked or deployed, but unsafe XML is refused.
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import type { Actor } from '../users/actor.ts'
import { audit, requireProcedureManager } from './procedure-access.ts'
import { unsafeXmlDeclaration } from './unsafe-xml.ts'

/** Process ids appear in URLs (/procedures/:id): a conservative subset of XML ids. */
export const PROCESS_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/

export interface DraftView {
  processId: string
  xml: string
  savedBy: string
  savedAt: string
}

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

const view = (row: { processId: string; xml: string; savedBy: string; savedAt: Date }): DraftView => ({
  processId: row.processId,
  xml: row.xml,
  savedBy: row.savedBy,
  savedAt: row.savedAt.toISOString(),
})

export async function getDraft(deps: Deps, actor: Actor, processId: string): Promise<DraftView | null> {
  await requireProcedureManager(deps, actor, 'procedure.draft')
  const row = await deps.prisma.processDraft.findUnique({ where: { processId } })
  return row ? view(row) : null
}

export async function saveDraft(deps: Deps, actor: Actor, processId: string, xml: unknown): Promise<DraftView> {
  await requireProcedureManager(deps, actor, 'procedure.draft')
  if (!PROCESS_ID_PATTERN.test(processId)) {
    throw new ServiceError('VALIDATION_FAILED', 'Invalid process id.', { fields: { processId: { code: 'pattern' } } })
  }
  if (typeof xml !== 'string' || xml.trim() === '') {
    throw new ServiceError('VALIDATION_FAILED', 'The draft needs its BPMN XML.', { fields: { xml: { code: 'required' } } })
  }
  if (unsafeXmlDeclaration(xml)) {
    throw new ServiceError('VALIDATION_FAILED', 'The draft declares a DTD or entities.', { fields: { xml: { code: 'notAllowed' } } })
  }
  const savedAt = deps.clock.now()
  const data = { xml, savedBy: actor.user.login, savedAt }
  const row = await deps.prisma.processDraft.upsert({ where: { processId }, create: { processId, ...data }, update: data })
  await audit(deps, actor, { action: 'procedure.draft-saved', details: { processId, bytes: Buffer.byteLength(xml) } })
  return view(row)
}

export async function deleteDraft(deps: Deps, actor: Actor, processId: string): Promise<void> {
  await requireProcedureManager(deps, actor, 'procedure.draft')
  await deps.prisma.processDraft.deleteMany({ where: { processId } })
}

/** After a deployment: drafts whose XML is exactly what was deployed are done. */
export async function removeDeployedDrafts(deps: Pick<Deps, 'prisma'>, files: { content: string }[], processIds: string[]): Promise<void> {
  if (processIds.length === 0) return
  await deps.prisma.processDraft.deleteMany({ where: { processId: { in: processIds }, xml: { in: files.map((f) => f.content) } } })
}
