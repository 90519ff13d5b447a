// The audit log (RODO): every read or change of a case or task. `details` carries ids, codes and counts only.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'

type Client = PrismaClient | Prisma.TransactionClient

export interface AuditEntry {
  action: string
  caseId?: string | null
  taskId?: string | null
  details?: Record<string, string | number | boolean | null>
}

export function auditData(actor: Actor, at: Date, entry: AuditEntry): Prisma.AuditEventUncheckedCreateInput {
  return {
    at,
    userId: actor.user.id,
    action: entry.action,
    caseId: entry.caseId ?? null,
    taskId: entry.taskId ?? null,
    ip: actor.ip,
    details: entry.details ?? {},
  }
}

export async function recordAudit(client: Client, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await client.auditEvent.create({ data: auditData(actor, at, entry) })
}
