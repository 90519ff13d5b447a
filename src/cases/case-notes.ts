// Case notes: text with its author and time. A saved note is never changed in place: an edit adds a new version
// (same noteId, next version); the latest version is the note, the older ones its history. Anyone who may see
// the case may read and add notes; only a note's author or a manager / administrator may add a version. The
// audit log records ids, versions and lengths, never the text.
import { randomUUID } from 'node:crypto'
import { isPrivileged } from '../users/groups.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from './audit.ts'
import { mayAccessCase } from './case-access.ts'
import type { ServiceDeps } from './deps.ts'
import { ServiceError, type FieldIssue } from './service-error.ts'

export const NOTE_MAX_LENGTH = 4000

export interface NoteVersionView {
  version: number
  body: string
  author: string | null
  createdAt: string
}

export interface CaseNoteView extends NoteVersionView {
  noteId: string
  /** The earlier versions, newest first. */
  history: NoteVersionView[]
}

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

/** The body, trimmed; 422 when missing, not text, blank or too long. */
export function noteBody(input: unknown): string {
  const raw = (input as { body?: unknown } | null)?.body
  if (raw === undefined || raw === null) throw invalid({ code: 'required' })
  if (typeof raw !== 'string') throw invalid({ code: 'invalidType' })
  const body = raw.trim()
  if (body === '') throw invalid({ code: 'required' })
  if (body.length > NOTE_MAX_LENGTH) throw invalid({ code: 'maxLength', params: { max: NOTE_MAX_LENGTH } })
  return body
}

function invalid(issue: FieldIssue): ServiceError {
  return new ServiceError('VALIDATION_FAILED', 'The note is not valid.', { fields: { body: issue } })
}

async function caseForActor(deps: Deps, actor: Actor, caseId: string, action: string): Promise<void> {
  const kase = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { procedure: true, ownerGroup: true } })
  if (!kase) throw new ServiceError('NOT_FOUND', 'No such case.')
  if (!(await mayAccessCase(deps.prisma, actor.user, caseId, kase))) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: `${action}-denied`, caseId })
    throw new ServiceError('FORBIDDEN', 'You may not see this case.')
  }
}

export async function listCaseNotes(deps: Deps, actor: Actor, caseId: string): Promise<CaseNoteView[]> {
  await caseForActor(deps, actor, caseId, 'case.notes-read')
  const rows = await deps.prisma.caseNote.findMany({ where: { caseId }, orderBy: [{ createdAt: 'asc' }, { noteId: 'asc' }, { version: 'desc' }] })
  const authorIds = [...new Set(rows.map((r) => r.authorId))]
  const logins = new Map(
    (await deps.prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, login: true } })).map((u) => [u.id, u.login]),
  )
  const versions = new Map<string, NoteVersionView[]>()
  const firstAt = new Map<string, Date>()
  for (const r of rows) {
    const list = versions.get(r.noteId) ?? []
    list.push({ version: r.version, body: r.body, author: logins.get(r.authorId) ?? null, createdAt: r.createdAt.toISOString() })
    versions.set(r.noteId, list)
    const first = firstAt.get(r.noteId)
    if (!first || r.createdAt < first) firstAt.set(r.noteId, r.createdAt)
  }
  const notes = [...versions.entries()].map(([noteId, list]) => {
    const sorted = list.sort((a, b) => b.version - a.version)
    const [latest, ...history] = sorted as [NoteVersionView, ...NoteVersionView[]]
    return { noteId, ...latest, history }
  })
  // newest note first (by when the note was first written)
  notes.sort((a, b) => (firstAt.get(b.noteId)?.getTime() ?? 0) - (firstAt.get(a.noteId)?.getTime() ?? 0) || (a.noteId < b.noteId ? 1 : -1))
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'case.notes-read', caseId, details: { count: notes.length } })
  return notes
}

export async function addCaseNote(deps: Deps, actor: Actor, caseId: string, input: unknown): Promise<{ noteId: string; version: number }> {
  await caseForActor(deps, actor, caseId, 'case.note-add')
  const body = noteBody(input)
  const now = deps.clock.now()
  const noteId = randomUUID()
  await deps.prisma.$transaction(async (tx) => {
    await tx.caseNote.create({ data: { caseId, noteId, version: 1, body, authorId: actor.user.id, createdAt: now } })
    await recordAudit(tx, actor, now, { action: 'case.note-add', caseId, details: { noteId, version: 1, length: body.length } })
  })
  return { noteId, version: 1 }
}

export async function reviseCaseNote(deps: Deps, actor: Actor, caseId: string, noteId: string, input: unknown): Promise<{ noteId: string; version: number }> {
  await caseForActor(deps, actor, caseId, 'case.note-revise')
  const latest = await deps.prisma.caseNote.findFirst({ where: { caseId, noteId }, orderBy: { version: 'desc' } })
  if (!latest) throw new ServiceError('NOT_FOUND', 'No such note.')
  const first = await deps.prisma.caseNote.findFirstOrThrow({ where: { caseId, noteId, version: 1 }, select: { authorId: true } })
  const now = deps.clock.now()
  if (first.authorId !== actor.user.id && !isPrivileged(actor.user.groups)) {
    await recordAudit(deps.prisma, actor, now, { action: 'case.note-revise-denied', caseId, details: { noteId } })
    throw new ServiceError('FORBIDDEN', 'Only the author or a manager may change this note.')
  }
  const body = noteBody(input)
  const version = latest.version + 1
  try {
    await deps.prisma.$transaction(async (tx) => {
      await tx.caseNote.create({ data: { caseId, noteId, version, body, authorId: actor.user.id, createdAt: now } })
      await recordAudit(tx, actor, now, { action: 'case.note-revise', caseId, details: { noteId, version, length: body.length } })
    })
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === 'P2002') {
      throw new ServiceError('CONFLICT', 'The note was changed meanwhile.')
    }
    throw err
  }
  return { noteId, version }
}
