// Who may edit, check and deploy procedures: managers (kierownicy) and administrators. Refusals are audited.
import { recordAudit, type AuditEntry } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import type { Actor } from '../users/actor.ts'
import type { AuthUser } from '../users/auth-user.ts'
import { ADMINS, MANAGERS } from '../users/groups.ts'

export function canManageProcedures(user: Pick<AuthUser, 'groups'>): boolean {
  return user.groups.includes(MANAGERS) || user.groups.includes(ADMINS)
}

export function audit(deps: Pick<ServiceDeps, 'prisma' | 'clock'>, actor: Actor, entry: AuditEntry): Promise<void> {
  return recordAudit(deps.prisma, actor, deps.clock.now(), entry)
}

/** Refuses (403, audited) anyone who is not a manager or an administrator. Call before reading an upload. */
export async function requireProcedureManager(deps: Pick<ServiceDeps, 'prisma' | 'clock'>, actor: Actor, action: string): Promise<void> {
  if (canManageProcedures(actor.user)) return
  await audit(deps, actor, { action: `${action}.forbidden` })
  throw new ServiceError('FORBIDDEN', 'Only managers may edit and deploy procedures.')
}
