// The audit actions the application writes (grep recordAudit / auditData / recordTaskChange callers), for the
// administrators' search: the action filter offers these plus any other action found in the log. Refusals are
// a base action with a suffix (`-denied`, `-rejected`, `-not-waiting`, `.forbidden`, `.rejected`).

export const AUDIT_SEARCH = 'audit.search'
export const AUDIT_EXPORT = 'audit.export'
export const AUDIT_SEARCH_DENIED = 'audit.search-denied'

export const KNOWN_AUDIT_ACTIONS: readonly string[] = [
  'absence.cancel', 'absence.cancel-denied', 'absence.create', 'absence.create-denied',
  AUDIT_EXPORT, AUDIT_SEARCH, AUDIT_SEARCH_DENIED,
  'case.appeal-filed', 'case.appeal-filed-denied', 'case.appeal-filed-not-waiting',
  'case.decision-delivered', 'case.decision-delivered-denied', 'case.decision-delivered-not-waiting',
  'case.diagram', 'case.diagram-denied',
  'case.note-add', 'case.note-add-denied', 'case.note-revise', 'case.note-revise-denied', 'case.notes-read', 'case.notes-read-denied',
  'case.read', 'case.read-denied', 'case.related-read', 'case.register', 'case.register-confirmation', 'case.register-denied', 'case.register-rejected', 'case.register-replayed',
  'case.start-failed', 'case.start-retried', 'case.create-by-message', 'case.create-by-timer', 'case.create-by-signal',
  'case.sko-ruling', 'case.sko-ruling-denied', 'case.sko-ruling-not-waiting',
  'decision.read', 'decision.read-denied',
  'deployment.check.forbidden', 'deployment.check.rejected', 'deployment.create', 'deployment.forbidden', 'deployment.rejected',
  'filter.create', 'filter.delete', 'filter.delete-denied',
  'incident.resume', 'incident.resume-denied', 'incident.resume-rejected', 'incident.retry', 'incident.retry-denied', 'incident.retry-rejected', 'incidents.list', 'incidents.list-denied',
  'restriction.save', 'restriction.save-denied', 'restriction.save-rejected', 'restrictions.list', 'restrictions.list-denied',
  'task.release-restricted', 'sla.escalation-rejected',
  'procedure.draft-saved', 'procedure.draft.forbidden', 'procedure.list.forbidden', 'procedure.new.forbidden',
  'procedure.read.forbidden', 'procedure.versions.forbidden',
  'shipped.list.forbidden', 'shipped.read.forbidden', 'shipped.take.forbidden',
  'task.assign', 'task.assign-denied', 'task.assign-rejected', 'task.claim', 'task.claim-denied',
  'task.complete', 'task.complete-denied', 'task.complete-rejected', 'task.read', 'task.read-denied',
  'task.unclaim', 'task.unclaim-denied',
  'tasks.bulk', 'tasks.count', 'tasks.list', 'tasks.list-denied',
  'case.complex', 'case.deadline-read', 'case.document-download', 'case.document-download-denied', 'case.document-upload',
  'case.document-upload-denied', 'case.document-upload-rejected', 'case.document-withdraw', 'case.document-withdraw-denied',
  'case.documents-read', 'case.documents-read-denied', 'case.pause', 'case.pause-end',
  'decision.list.forbidden', 'decision.read.forbidden', 'decision.versions.forbidden',
  'form.draft-saved', 'form.draft.forbidden', 'form.list.forbidden', 'form.new.forbidden', 'form.read.forbidden', 'form.versions.forbidden',
  'sla.dashboard', 'sla.escalation', 'sla.export', 'sla.items', 'sla.policy-saved', 'sla.summary',
  'task.draft-delete', 'task.draft-read', 'task.draft-save', 'task.draft-save-denied',
]

const OUTCOME_SUFFIXES = [
  ['-not-waiting', 'notWaiting'],
  ['-denied', 'denied'],
  ['-rejected', 'rejected'],
  ['.forbidden', 'forbidden'],
  ['.rejected', 'rejected'],
] as const

export type AuditOutcome = (typeof OUTCOME_SUFFIXES)[number][1]

/** Splits `task.assign-denied` into `task.assign` and `denied`; an action without a known suffix has no outcome. */
export function splitAuditAction(action: string): { base: string; outcome: AuditOutcome | null } {
  for (const [suffix, outcome] of OUTCOME_SUFFIXES) {
    if (action.endsWith(suffix) && action.length > suffix.length) return { base: action.slice(0, -suffix.length), outcome }
  }
  return { base: action, outcome: null }
}

/**
 * A label for people: the action's own text, else its base action's text with the outcome's, else the code.
 * `labels` and `outcomes` come from the locale (t.audit.actions, t.audit.outcomes).
 */
export function auditActionLabel(action: string, labels: Record<string, string>, outcomes: Record<string, string>): string {
  if (labels[action]) return labels[action]
  const { base, outcome } = splitAuditAction(action)
  if (outcome && labels[base]) return `${labels[base]} (${outcomes[outcome] ?? outcome})`
  return action
}
