// What a document attached to a case is: the fixed list the upload form offers (labels in the i18n files,
// caseDocuments.kinds).

export const CASE_DOCUMENT_KINDS = ['application', 'certificate', 'interview', 'correspondence', 'other'] as const

export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number]

export function isCaseDocumentKind(value: unknown): value is CaseDocumentKind {
  return typeof value === 'string' && (CASE_DOCUMENT_KINDS as readonly string[]).includes(value)
}
