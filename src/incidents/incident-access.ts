// Who may see and resume incidents: administrators (group `admins`) only; managers and everyone else are refused
// (403), and the refusal is audited like the audit search's.
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import type { Actor } from '../users/actor.ts'
import type { AuthUser } from '../users/auth-user.ts'
import { ADMINS } from '../users/groups.ts'

/** The audit actions of the incident view (also listed in src/audit/audit-actions.ts). */
export const IncidentAudit = {
  list: 'incidents.list',
  listDenied: 'incidents.list-denied',
  retry: 'incident.retry',
  retryDenied: 'incident.retry-denied',
  retryRejected: 'incident.retry-rejected',
  resume: 'incident.resume',
  resumeDenied: 'incident.resume-denied',
  resumeRejected: 'incident.resume-rejected',
} as const

export function mayManageIncidents(user: Pick<AuthUser, 'groups'>): boolean {
  return user.groups.includes(ADMINS)
}

/** Refuses (403, audited with `deniedAction`) anyone who is not an administrator. */
export async function requireIncidentAdmin(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  deniedAction: string,
  details: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  if (mayManageIncidents(actor.user)) return
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: deniedAction, details })
  throw new ServiceError('FORBIDDEN', 'Only administrators may see and resume incidents.')
}
