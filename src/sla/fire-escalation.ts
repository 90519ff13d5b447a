// Fires one planned escalation step. The conditional update pending → fired and the step's effect commit in one
// transaction: if anything fails before the commit the step stays pending (and is marked failed, with the
// reason, so one bad row does not block the others); once committed it never fires again. A reassignment is
// also passed to the engine port after the commit (setting an assignee is idempotent).
// Restricted procedures (domain/procedure-restriction.ts) hold whatever the policy says, also a policy saved
// before the restriction: a reassign step naming someone outside the allowed groups of the task's procedure (or its
// case's) is not applied — the row is marked failed with the reason `outsideRestriction` and audited — and no
// notice reaches anyone outside those groups (sla-notify.ts notifyLogins).
import type { Prisma, PrismaClient, SlaEscalation } from '../generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import type { WorkflowEngine } from '../../engine/port.ts'
import type { Logger } from '../logger.ts'
import { parseSlaDefinition, type SlaStep } from '../../domain/sla-policy.ts'
import { toIsoDate } from '../../domain/local-date.ts'
import { escalationRecipients, groupMembers, notifyLogins } from './sla-notify.ts'
import { caseTeam, mayAccessAll } from '../../domain/procedure-restriction.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { caseProcedureOf } from '../inbox/load-task.ts'
import { createArt36Task } from './art36-task.ts'

type Tx = Prisma.TransactionClient

export type FireOutcome = 'fired' | 'canceled' | 'failed' | 'skipped'

export interface FireDeps {
  prisma: PrismaClient
  engine: WorkflowEngine
  clock: Clock
  logger: Logger
}

/** Test hook: called inside the transaction after the effect, before the commit (simulates a crash there). */
export let beforeCommitHook: ((escalationId: string) => void) | null = null
export function setBeforeCommitHook(hook: ((escalationId: string) => void) | null): void {
  beforeCommitHook = hook
}

async function stepOf(tx: Tx, esc: SlaEscalation): Promise<SlaStep | null> {
  const policy = await tx.slaPolicy.findUnique({ where: { id: esc.policyId }, select: { definition: true } })
  const parsed = policy ? parseSlaDefinition(policy.definition) : null
  return parsed?.ok ? (parsed.value.escalations.find((s) => s.id === esc.stepId) ?? null) : null
}

function state(slaDueAt: Date | null, now: Date): string {
  return slaDueAt && slaDueAt.getTime() < now.getTime() ? 'overdue' : 'at-risk'
}

async function history(tx: Tx, esc: SlaEscalation, now: Date, data: Record<string, string | number | null>): Promise<void> {
  if (esc.caseId) {
    // the history names the step's task (a BPMN element name, no personal data), so the entry says what it was about
    const task = esc.subjectType === 'task' ? await tx.task.findUnique({ where: { id: esc.subjectId }, select: { name: true } }) : null
    await tx.caseEvent.create({
      data: { caseId: esc.caseId, at: now, actorId: null, type: 'sla-escalation', data: { stepId: esc.stepId, action: esc.action, ...(task ? { taskName: task.name } : {}), ...data } },
    })
  }
  await tx.auditEvent.create({
    data: { at: now, userId: null, action: 'sla.escalation', caseId: esc.caseId, taskId: esc.subjectType === 'task' ? esc.subjectId : null, ip: null, details: { stepId: esc.stepId, escalation: esc.action, ...data } },
  })
}

export async function fireEscalation(deps: FireDeps, id: string): Promise<FireOutcome> {
  const { prisma, clock, logger } = deps
  const now = clock.now()
  let engineCall: { key: string; assignee: string | null } | null = null
  let refusedStep = false
  try {
    // read before the transaction (PGlite has one connection: no other query may wait inside it)
    const restrictions = await loadRestrictions(prisma)
    const outcome = await prisma.$transaction(async (tx): Promise<FireOutcome> => {
      const esc = await tx.slaEscalation.findUnique({ where: { id } })
      if (!esc || esc.status !== 'pending') return 'skipped'
      const claimed = await tx.slaEscalation.updateMany({ where: { id, status: 'pending' }, data: { status: 'fired', firedAt: now } })
      if (claimed.count === 0) return 'skipped'
      const step = await stepOf(tx, esc)
      let result: Record<string, string | number | null> = {}
      if (esc.subjectType === 'task') {
        const task = await tx.task.findUnique({ where: { id: esc.subjectId } })
        if (!task || task.status !== 'open') {
          await tx.slaEscalation.update({ where: { id }, data: { status: 'canceled', result: { reason: 'task-closed' } } })
          return 'canceled'
        }
        const procedures = [task.processId, await caseProcedureOf(tx, task.caseId)]
        const s = state(task.slaDueAt, now)
        const note = { type: '', taskId: task.id, caseId: task.caseId, data: { state: s, due: task.slaDueAt ? toIsoDate(task.slaDueAt) : null } as Record<string, string | null> }
        switch (esc.action) {
          case 'remind-assignee': {
            const to = task.assignee ? [task.assignee] : await groupMembers(tx, task.candidateGroups)
            result = { notified: await notifyLogins(tx, now, to, { ...note, type: 'sla-reminder' }) }
            break
          }
          case 'notify-group':
            result = { notified: await notifyLogins(tx, now, await groupMembers(tx, task.candidateGroups), { ...note, type: 'sla-group' }) }
            break
          case 'escalate-to-manager':
            result = { notified: await notifyLogins(tx, now, await escalationRecipients(tx, restrictions, procedures), { ...note, type: 'sla-escalated' }) }
            break
          case 'reassign': {
            let to: string | null = null
            if (step?.assignee) {
              const person = await tx.user.findUnique({ where: { login: step.assignee }, select: { active: true, memberships: { select: { group: { select: { key: true } } } } } })
              if (person?.active && !mayAccessAll(restrictions, person.memberships.map((m) => m.group.key), procedures)) {
                // a restricted procedure's task never goes to someone outside its allowed groups: not applied
                const refused = { reason: 'outsideRestriction', assignee: step.assignee }
                await tx.slaEscalation.update({ where: { id }, data: { status: 'failed', result: refused } })
                await tx.auditEvent.create({
                  data: { at: now, userId: null, action: 'sla.escalation-rejected', caseId: esc.caseId, taskId: task.id, ip: null, details: { stepId: esc.stepId, escalation: esc.action, ...refused } },
                })
                refusedStep = true
                return 'failed'
              }
              if (person?.active) to = step.assignee
            }
            const previous = task.assignee
            if (previous === to) {
              result = { reassigned: 0 }
              break
            }
            await tx.task.update({ where: { id: task.id }, data: { assignee: to, substituteFor: null, revision: { increment: 1 } } })
            engineCall = { key: task.engineKey, assignee: to }
            const told = [...(previous ? [previous] : []), ...(to ? [to] : await groupMembers(tx, task.candidateGroups))]
            result = { reassigned: 1, from: previous, to, notified: await notifyLogins(tx, now, told, { ...note, type: 'sla-reassigned', data: { ...note.data, from: previous, to } }) }
            break
          }
          default:
            result = { ignored: esc.action }
        }
      } else {
        const kase = await tx.case.findUnique({ where: { id: esc.subjectId } })
        if (!kase || kase.status !== 'open' || kase.slaDoneAt) {
          await tx.slaEscalation.update({ where: { id }, data: { status: 'canceled', result: { reason: 'case-done' } } })
          return 'canceled'
        }
        const s = state(kase.slaDueAt, now)
        const note = { caseId: kase.id, data: { state: s, due: kase.slaDueAt ? toIsoDate(kase.slaDueAt) : null, caseNumber: kase.number } as Record<string, string | null> }
        // the case's own work goes to its owner group, or to an allowed group when the restriction changed since
        const team = caseTeam(restrictions, kase)
        switch (esc.action) {
          case 'art36-notice': {
            const taskId = await createArt36Task(tx, now, { ...kase, ownerGroup: team }, esc.id)
            result = { taskId, notified: await notifyLogins(tx, now, await groupMembers(tx, [team]), { ...note, taskId, type: 'sla-art36' }) }
            break
          }
          case 'notify-group':
            result = { notified: await notifyLogins(tx, now, await groupMembers(tx, [team]), { ...note, type: 'sla-case-group' }) }
            break
          case 'escalate-to-manager':
            result = { notified: await notifyLogins(tx, now, await escalationRecipients(tx, restrictions, [kase.procedure]), { ...note, type: 'sla-case-escalated' }) }
            break
          default:
            result = { ignored: esc.action }
        }
      }
      await tx.slaEscalation.update({ where: { id }, data: { result } })
      await history(tx, esc, now, { subject: esc.subjectType, ...(typeof result.taskId === 'string' ? { newTaskId: result.taskId } : {}) })
      beforeCommitHook?.(id)
      return 'fired'
    })
    if (refusedStep) logger.warn('sla reassignment refused: the assignee is outside the restricted procedure\'s groups', { escalationId: id })
    const call = engineCall as { key: string; assignee: string | null } | null
    if (call) {
      await deps.engine.assignUserTask(call.key, call.assignee).catch((err: unknown) => {
        logger.warn('sla reassignment not accepted by the engine', { escalationId: id, error: err instanceof Error ? err.message : String(err) })
      })
    }
    return outcome
  } catch (err) {
    logger.error('sla escalation failed', { escalationId: id, error: err instanceof Error ? err.message : String(err) })
    const marked = await prisma.slaEscalation
      .updateMany({ where: { id, status: 'pending' }, data: { status: 'failed', firedAt: now, result: { error: err instanceof Error ? err.message.slice(0, 500) : 'error' } } })
      .catch(() => ({ count: 0 }))
    return marked.count ? 'failed' : 'skipped'
  }
}
