// The data of the documents partial (views/partials/case-documents.hbs) for the case page and the task page:
// the system's documents and the attachments, formatted for the request's locale; on the case page also the
// upload form and the withdraw buttons. Include it with `{{> case-documents documents=documents t=t}}`.
import type { Response } from 'express'
import { mayAccessCase } from '../../src/cases/case-access.ts'
import { listCaseDocuments, type CaseDocumentItem } from '../../src/cases/case-documents.ts'
import { CASE_DOCUMENT_KINDS } from '../../domain/case-document-kinds.ts'
import { serviceDeps, type AppDeps } from '../app-deps.ts'
import { formatDate, formatDateTime } from '../format.ts'
import { format, type Messages } from '../i18n/index.ts'
import { actor, ctx } from '../request-context.ts'

/** "512 B", "340 kB", "1,2 MB" (binary units, the locale's decimal mark). */
export function formatFileSize(bytes: number, locale: string): string {
  const number = (n: number, digits: number) =>
    n.toLocaleString(locale === 'pl' ? 'pl-PL' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${number(Math.max(1, Math.round(bytes / 1024)), 0)} kB`
  return `${number(bytes / (1024 * 1024), 1)} MB`
}

function itemView(t: Messages, item: CaseDocumentItem) {
  const texts = t.caseDocuments
  const system = item.source === 'system'
  const pdf = item.contentType === 'application/pdf'
  return {
    id: item.id,
    title: system ? (item.draft ? texts.decisionDraft : texts.decision) : item.title,
    kindText: texts.kinds[item.kind] ?? item.kind,
    sizeText: item.size === null ? t.common.none : formatFileSize(item.size, t.locale),
    byText: item.uploadedBy ?? texts.systemAuthor,
    at: item.uploadedAt,
    atText: item.uploadedAt === null ? '' : item.uploadedAt.length === 10 ? formatDate(item.uploadedAt) : formatDateTime(item.uploadedAt),
    href: item.href,
    linkText: system ? (pdf ? texts.openPdf : texts.openHtml) : (item.fileName ?? texts.download),
    download: !system,
    canWithdraw: item.canWithdraw,
    withdrawAction: system ? null : `${item.href}/withdraw`,
    withdrawLabel: format(texts.withdrawLabel, { title: item.title ?? '' }),
  }
}

export interface CaseDocumentsViewOptions {
  /** Show the upload form and the withdraw buttons (the case page); else a link to the case page. */
  manage?: boolean
  /** What was typed into a refused upload (kind, title), shown again in the form. */
  typed?: Record<string, string>
}

/**
 * The partial's data for a case, or null when the user may not see the case (the section is then left out,
 * nothing audited: the task page shows tasks of cases its user may not read). Listing is audited.
 */
export async function caseDocumentsView(deps: AppDeps, res: Response, caseId: string, options: CaseDocumentsViewOptions = {}) {
  const { t } = ctx(res)
  const kase = await deps.db.prisma.case.findUnique({ where: { id: caseId }, select: { procedure: true, ownerGroup: true } })
  if (!kase || !(await mayAccessCase(deps.db.prisma, actor(res).user, caseId, kase))) return null
  const items = (await listCaseDocuments(serviceDeps(deps), actor(res), caseId)).map((item) => itemView(t, item))
  const manage = options.manage === true
  return {
    caseId,
    items,
    manage: manage && items.some((i) => i.canWithdraw),
    casePageLink: !manage,
    uploadForm: manage
      ? {
          kinds: CASE_DOCUMENT_KINDS.map((value) => ({ value, label: t.caseDocuments.kinds[value] ?? value, selected: options.typed?.kind === value })),
          title: options.typed?.title ?? '',
          hint: format(t.caseDocuments.fileHint, { max: formatFileSize(deps.config.maxDocumentBytes, t.locale) }),
          // for client/case-documents.js: a file over the limit is refused before it is sent, in the server's words
          maxBytes: deps.config.maxDocumentBytes,
          tooLarge: format(t.errors.DOCUMENT_TOO_LARGE, { max: formatFileSize(deps.config.maxDocumentBytes, t.locale) }),
        }
      : null,
  }
}
