// The documents of a case: those the system produced (the decision of a benefit case, HTML and PDF, once
// drafted) and the files staff attach (model CaseDocument: PDF, JPEG or PNG, recognised by their bytes, the
// bytes stored in the database). Exactly who may see the case may list, attach and download (case-access.ts,
// the Blue Card group's restriction included); the uploader or a manager / administrator may withdraw one.
// A withdrawn document is hidden, never deleted. Every list, upload, download and withdrawal — and every
// refusal — is audited with ids, kinds, types and sizes only: titles and file names may name people.
import { createHash } from 'node:crypto'
import { detectDocumentContentType } from '../../domain/document-content-type.ts'
import { documentFileName } from '../../domain/document-file-name.ts'
import { isCaseDocumentKind } from '../../domain/case-document-kinds.ts'
import { isPrivileged } from '../users/groups.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from './audit.ts'
import { mayAccessCase } from './case-access.ts'
import type { ServiceDeps } from './deps.ts'
import { ServiceError, type FieldIssue } from './service-error.ts'

export const DOCUMENT_TITLE_MAX_LENGTH = 200

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

export interface CaseDocumentItem {
  /** The attachment's id, or `decision-html` / `decision-pdf` for the decision. */
  id: string
  source: 'system' | 'attachment'
  /** `decision` for the system's documents, else one of CASE_DOCUMENT_KINDS. */
  kind: string
  /** The title given at upload; null for the system's documents (the page names them). */
  title: string | null
  fileName: string | null
  contentType: string
  size: number | null
  sha256: string | null
  /** Login of the uploader; null for the system's documents. */
  uploadedBy: string | null
  uploadedAt: string | null
  /** The decision is a draft (PROJEKT) until it is issued. */
  draft: boolean
  href: string
  /** The user may withdraw it (the uploader, a manager or an administrator). */
  canWithdraw: boolean
}

/** Why an attached file was refused. */
export type DocumentRejection = 'missing' | 'empty' | 'too-large' | 'type'

export class DocumentRejected extends Error {
  constructor(readonly reason: DocumentRejection, readonly limit: number) {
    super(`The document was refused: ${reason}`)
    this.name = 'DocumentRejected'
  }
}

export interface NewCaseDocument {
  kind: unknown
  title: unknown
  /** The file's name as the browser sent it (null: none). */
  fileName: string | null
  /** The file's bytes; null when no file was sent. */
  content: Buffer | null
}

const caseHref = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`

/** The case, when the actor may see it; NOT_FOUND / FORBIDDEN (audited as `<action>-denied`) otherwise. */
async function caseForActor(deps: Deps, actor: Actor, caseId: string, action: string) {
  const kase = await deps.prisma.case.findUnique({
    where: { id: caseId },
    select: { id: true, ownerGroup: true, procedure: true, processInstanceId: true },
  })
  if (!kase) throw new ServiceError('NOT_FOUND', 'No such case.')
  if (!(await mayAccessCase(deps.prisma, actor.user, caseId, kase))) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: `${action}-denied`, caseId })
    throw new ServiceError('FORBIDDEN', 'You may not see this case.')
  }
  return kase
}

/** May the actor attach documents to this case (the check before an upload's body is read)? Audits a refusal. */
export async function requireCaseDocumentAccess(deps: Deps, actor: Actor, caseId: string): Promise<void> {
  await caseForActor(deps, actor, caseId, 'case.document-upload')
}

/** Records an upload refused before it reached the service (e.g. too large while it streamed). */
export async function auditDocumentRejected(deps: Deps, actor: Actor, caseId: string, reason: DocumentRejection | 'bad-request'): Promise<void> {
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'case.document-upload-rejected', caseId, details: { reason } })
}

/** The decision of a benefit case once drafted: HTML and PDF (the same rule as src/documents/load-decision.ts). */
async function systemDocuments(deps: Deps, kase: { id: string; procedure: string; processInstanceId: string | null }): Promise<CaseDocumentItem[]> {
  if (kase.procedure !== 'benefit-application') return []
  const instance = kase.processInstanceId
    ? await deps.prisma.processInstance.findUnique({ where: { id: kase.processInstanceId }, select: { variables: true } })
    : await deps.prisma.processInstance.findFirst({ where: { businessKey: kase.id }, orderBy: { startedAt: 'desc' }, select: { variables: true } })
  const vars = (instance?.variables ?? {}) as Record<string, unknown>
  if (typeof vars.proposedOutcome !== 'string') return []
  const redrafting = (await deps.prisma.task.count({
    where: { caseId: kase.id, status: 'open', elementId: { in: ['Task_draftDecision', 'Task_approveDecision'] } },
  })) > 0
  const issued = typeof vars.decisionIssuedDate === 'string' && !redrafting
  const at = issued ? String(vars.decisionIssuedDate) : null
  const base = { source: 'system' as const, kind: 'decision', title: null, fileName: null, size: null, sha256: null, uploadedBy: null, uploadedAt: at, draft: !issued, canWithdraw: false }
  return [
    { ...base, id: 'decision-html', contentType: 'text/html', href: `${caseHref(kase.id)}/decision` },
    { ...base, id: 'decision-pdf', contentType: 'application/pdf', href: `${caseHref(kase.id)}/decision.pdf` },
  ]
}

/** The case's documents: the system's first, then the attachments not withdrawn, newest first. Audited. */
export async function listCaseDocuments(deps: Deps, actor: Actor, caseId: string): Promise<CaseDocumentItem[]> {
  const kase = await caseForActor(deps, actor, caseId, 'case.documents-read')
  const rows = await deps.prisma.caseDocument.findMany({
    where: { caseId, deletedAt: null },
    orderBy: [{ uploadedAt: 'desc' }, { id: 'asc' }],
    select: { id: true, kind: true, title: true, fileName: true, contentType: true, size: true, sha256: true, uploadedById: true, uploadedAt: true },
  })
  const uploaderIds = [...new Set(rows.map((r) => r.uploadedById))]
  const logins = new Map(
    (await deps.prisma.user.findMany({ where: { id: { in: uploaderIds } }, select: { id: true, login: true } })).map((u) => [u.id, u.login]),
  )
  const manager = isPrivileged(actor.user.groups)
  const attachments: CaseDocumentItem[] = rows.map((r) => ({
    id: r.id,
    source: 'attachment',
    kind: r.kind,
    title: r.title,
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    uploadedBy: logins.get(r.uploadedById) ?? null,
    uploadedAt: r.uploadedAt.toISOString(),
    draft: false,
    href: `${caseHref(caseId)}/documents/${encodeURIComponent(r.id)}`,
    canWithdraw: manager || r.uploadedById === actor.user.id,
  }))
  const system = await systemDocuments(deps, kase)
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: 'case.documents-read',
    caseId,
    details: { attachments: attachments.length, system: system.length },
  })
  return [...system, ...attachments]
}

function invalid(field: 'kind' | 'title', issue: FieldIssue): ServiceError {
  return new ServiceError('VALIDATION_FAILED', 'The document is not valid.', { fields: { [field]: issue } })
}

/** Kind (one of the list) and title (trimmed, 1–200 characters; the file's name when blank). */
function metadata(input: NewCaseDocument): { kind: string; title: string | null } {
  if (!isCaseDocumentKind(input.kind)) throw invalid('kind', { code: input.kind === undefined || input.kind === '' ? 'required' : 'notAllowed' })
  if (input.title !== undefined && input.title !== null && typeof input.title !== 'string') throw invalid('title', { code: 'invalidType' })
  const title = typeof input.title === 'string' ? input.title.replace(/\s+/g, ' ').trim() : ''
  if (title.length > DOCUMENT_TITLE_MAX_LENGTH) throw invalid('title', { code: 'maxLength', params: { max: DOCUMENT_TITLE_MAX_LENGTH } })
  return { kind: input.kind, title: title === '' ? null : title }
}

/** Attaches a file to the case: 201-worthy `{id}`; VALIDATION_FAILED for kind/title, DocumentRejected for the file. */
export async function addCaseDocument(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: NewCaseDocument,
  maxBytes: number,
): Promise<{ id: string; kind: string; contentType: string; size: number; sha256: string }> {
  await caseForActor(deps, actor, caseId, 'case.document-upload')
  const { kind, title } = metadata(input)
  const reject = async (reason: DocumentRejection): Promise<never> => {
    await auditDocumentRejected(deps, actor, caseId, reason)
    throw new DocumentRejected(reason, maxBytes)
  }
  const content = input.content
  if (content === null) return reject('missing')
  if (content.length === 0) return reject('empty')
  if (content.length > maxBytes) return reject('too-large')
  const contentType = detectDocumentContentType(content)
  if (contentType === null) return reject('type')
  const fileName = documentFileName(input.fileName, contentType)
  const sha256 = createHash('sha256').update(content).digest('hex')
  const now = deps.clock.now()
  const created = await deps.prisma.$transaction(async (tx) => {
    const doc = await tx.caseDocument.create({
      data: {
        caseId,
        kind,
        title: title ?? fileName.replace(/\.[^.]+$/, ''),
        fileName,
        contentType,
        size: content.length,
        sha256,
        content: new Uint8Array(content),
        uploadedById: actor.user.id,
        uploadedAt: now,
      },
      select: { id: true },
    })
    await tx.caseEvent.create({ data: { caseId, at: now, actorId: actor.user.id, type: 'document-added', data: { documentId: doc.id, kind } } })
    await recordAudit(tx, actor, now, {
      action: 'case.document-upload',
      caseId,
      details: { documentId: doc.id, kind, contentType, size: content.length },
    })
    return doc
  })
  return { id: created.id, kind, contentType, size: content.length, sha256 }
}

/** One attachment's file, for a user who may see the case; NOT_FOUND when unknown, of another case or withdrawn. */
export async function readCaseDocument(
  deps: Deps,
  actor: Actor,
  caseId: string,
  documentId: string,
): Promise<{ id: string; fileName: string; contentType: string; size: number; sha256: string; content: Uint8Array }> {
  await caseForActor(deps, actor, caseId, 'case.document-download')
  const doc = await deps.prisma.caseDocument.findFirst({
    where: { id: documentId, caseId, deletedAt: null },
    select: { id: true, fileName: true, contentType: true, size: true, sha256: true, content: true },
  })
  if (!doc) throw new ServiceError('NOT_FOUND', 'No such document.')
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'case.document-download', caseId, details: { documentId: doc.id } })
  return doc
}

/** Withdraws an attachment (hidden from lists and downloads, the row kept): the uploader, a manager or an administrator. */
export async function withdrawCaseDocument(deps: Deps, actor: Actor, caseId: string, documentId: string): Promise<{ id: string; withdrawnAt: string }> {
  await caseForActor(deps, actor, caseId, 'case.document-withdraw')
  const doc = await deps.prisma.caseDocument.findFirst({ where: { id: documentId, caseId, deletedAt: null }, select: { id: true, uploadedById: true } })
  if (!doc) throw new ServiceError('NOT_FOUND', 'No such document.')
  const now = deps.clock.now()
  if (doc.uploadedById !== actor.user.id && !isPrivileged(actor.user.groups)) {
    await recordAudit(deps.prisma, actor, now, { action: 'case.document-withdraw-denied', caseId, details: { documentId } })
    throw new ServiceError('FORBIDDEN', 'Only the uploader or a manager may withdraw this document.')
  }
  await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.caseDocument.updateMany({ where: { id: documentId, caseId, deletedAt: null }, data: { deletedAt: now, deletedById: actor.user.id } })
    if (count === 0) throw new ServiceError('NOT_FOUND', 'No such document.')
    await tx.caseEvent.create({ data: { caseId, at: now, actorId: actor.user.id, type: 'document-withdrawn', data: { documentId } } })
    await recordAudit(tx, actor, now, { action: 'case.document-withdraw', caseId, details: { documentId } })
  })
  return { id: documentId, withdrawnAt: now.toISOString() }
}
