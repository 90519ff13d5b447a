// The inbox's run-time guard for restricted procedures (domain/procedure-restriction.ts): an open task of a
// restricted procedure — or of a case of one — held by someone who is not an active member of its allowed groups
// loses that assignee and goes back to its candidate groups. Whoever put the person there: a FEEL assignee
// expression evaluated by the engine, a task mirrored from a remote engine, an assignment made before the
// restriction (or the person's membership) changed. Engine-agnostic: it reads and writes the Task table both
// engines fill, then tells the engine port (idempotent). Run by the SLA monitor at the start of every round; the
// access checks (task-access.ts) already keep the person away from the task in between.
// Each release: one conditional UPDATE on the assignee read, the case history entry `task-unclaimed` (by: system,
// reason: outsideRestriction) and the audit event `task.release-restricted` in one transaction. Logs ids only.
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import type { WorkflowEngine } from '../../engine/port.ts'
import type { Logger } from '../logger.ts'
import type { Restrictions } from '../../domain/procedure-restriction.ts'
import { SLA_ENGINE } from '../sla/art36-task.ts'

const { sql } = Prisma

export const RELEASE_BATCH = 200

interface Held {
  id: string
  engine: string
  engineKey: string
  caseId: string | null
  elementId: string
  name: string
  assignee: string
}

/** Open tasks of the procedure (or of its cases) held by someone who is not an active member of `allowed`. */
function heldOutsideQuery(processId: string, allowed: readonly string[]): Prisma.Sql {
  return sql`
    SELECT t.id, t.engine, t."engineKey", t."caseId", t."elementId", t.name, t.assignee
    FROM "Task" t
    WHERE t.status = 'open' AND t.assignee IS NOT NULL
      AND (t."processId" = ${processId} OR EXISTS (SELECT 1 FROM "Case" c WHERE c.id = t."caseId" AND c.procedure = ${processId}))
      AND NOT EXISTS (
        SELECT 1 FROM "User" u
        JOIN "Membership" m ON m."userId" = u.id
        JOIN "Group" g ON g.id = m."groupId"
        WHERE u.login = t.assignee AND u.active AND g.key = ANY(${[...allowed]}::text[]))
    ORDER BY t."createdAt", t.id
    LIMIT ${RELEASE_BATCH}`
}

export async function releaseRestrictedTasks(
  deps: { prisma: PrismaClient; engine: WorkflowEngine; clock: Clock; logger: Logger },
  restrictions: Restrictions,
): Promise<number> {
  const { prisma, clock, logger } = deps
  let released = 0
  for (const [processId, allowed] of restrictions.byProcess) {
    const held = await prisma.$queryRaw<Held[]>(heldOutsideQuery(processId, allowed))
    for (const task of held) {
      const now = clock.now()
      const done = await prisma.$transaction(async (tx) => {
        const { count } = await tx.task.updateMany({
          where: { id: task.id, status: 'open', assignee: task.assignee },
          data: { assignee: null, substituteFor: null, revision: { increment: 1 } },
        })
        if (count === 0) return false
        const data = { taskId: task.id, elementId: task.elementId, name: task.name, previousAssignee: task.assignee, by: 'system', reason: 'outsideRestriction' }
        if (task.caseId) await tx.caseEvent.create({ data: { caseId: task.caseId, at: now, actorId: null, type: 'task-unclaimed', data } })
        await tx.auditEvent.create({
          data: { at: now, userId: null, action: 'task.release-restricted', caseId: task.caseId, taskId: task.id, ip: null, details: { elementId: task.elementId, processId, previousAssignee: task.assignee } },
        })
        return true
      })
      if (!done) continue
      released++
      logger.warn('task of a restricted procedure released from an assignee outside its groups', { taskId: task.id, caseId: task.caseId, processId })
      if (task.engine !== SLA_ENGINE) {
        await deps.engine.assignUserTask(task.engineKey, null).catch((err: unknown) =>
          logger.warn('release not accepted by the engine', { taskId: task.id, error: err instanceof Error ? err.message : String(err) }))
      }
    }
  }
  return released
}
