// SLA policies: what a task or a case is measured against, when it counts as at risk, and what happens then.
// A policy is data (src/sla/data/sla-policies.json, then edited by managers as new versions); this module
// validates a definition and picks the policy for a task. Pure: no I/O.
import { z } from 'zod'
import { DEADLINE_UNITS, MAX_DEADLINE_AMOUNT, type DeadlineUnit } from './legal-calendar.ts'

/**
 * What a target is counted from:
 * - task-due: the due date the process itself gave the task (zeebe:taskSchedule); no target if it has none;
 * - task-created: the moment the task was created;
 * - received: the day the case's application was received (Case.receivedAt);
 * - decision-delivered: the day the decision was delivered (the case's `deliveredAt` variable).
 */
export const SLA_ANCHORS = ['task-due', 'task-created', 'received', 'decision-delivered'] as const
export type SlaAnchor = (typeof SLA_ANCHORS)[number]

/** When an escalation step is due: at the at-risk instant or at the deadline, plus an optional delay. */
export const SLA_TRIGGERS = ['at-risk', 'overdue'] as const
export type SlaTrigger = (typeof SLA_TRIGGERS)[number]

/**
 * What a step does:
 * - remind-assignee: an in-app notification (and e-mail) to whoever holds the task (to the group if nobody does);
 * - notify-group: a notification to every member of the task's candidate groups;
 * - escalate-to-manager: a notification to every manager;
 * - reassign: the task goes back to its group (or to `assignee` when the step names one);
 * - art36-notice: a task "notify the party of the delay (KPA art. 36)" for the case's owner group.
 */
export const SLA_ACTIONS = ['remind-assignee', 'notify-group', 'escalate-to-manager', 'reassign', 'art36-notice'] as const
export type SlaAction = (typeof SLA_ACTIONS)[number]

const amount = z.number().int().min(0).max(MAX_DEADLINE_AMOUNT)
const unit = z.enum(DEADLINE_UNITS as unknown as [DeadlineUnit, ...DeadlineUnit[]])
const period = z.object({ amount, unit }).strict()

const stepSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a step id is 1–40 lower-case letters, digits and dashes'),
    on: z.enum(SLA_TRIGGERS),
    after: period.optional(),
    action: z.enum(SLA_ACTIONS),
    /** reassign: the login the task goes to; omitted: back to the group. */
    assignee: z.string().min(1).max(100).optional(),
  })
  .strict()

export const slaDefinitionSchema = z
  .object({
    name: z.string().min(1).max(200),
    target: z
      .object({
        anchor: z.enum(SLA_ANCHORS),
        /** Required unless the anchor is task-due. */
        amount: amount.optional(),
        unit: unit.optional(),
        /** Case level: the period of a complex case (KPA art. 35 §3: two months). */
        complexAmount: amount.optional(),
      })
      .strict(),
    atRisk: period,
    escalations: z.array(stepSchema).max(10),
  })
  .strict()
  .superRefine((d, ctx) => {
    const issue = (path: (string | number)[], code: string, message: string) => ctx.addIssue({ code: 'custom', path, message, params: { code } })
    if (d.target.anchor !== 'task-due' && (d.target.amount === undefined || d.target.unit === undefined)) {
      issue(['target'], 'targetNeedsAmount', 'a target counted from this anchor needs amount and unit')
    }
    if (d.target.amount === 0) issue(['target', 'amount'], 'targetPositive', 'a target of 0 is overdue at once: give at least 1')
    if (d.target.complexAmount !== undefined && d.target.amount !== undefined && d.target.complexAmount < d.target.amount) {
      issue(['target', 'complexAmount'], 'complexShorter', 'the period of a complex case cannot be shorter than the ordinary one')
    }
    if (d.target.amount !== undefined && d.target.amount > 0 && d.target.unit !== undefined && atLeastAsLong(d.atRisk, { amount: d.target.amount, unit: d.target.unit })) {
      issue(['atRisk', 'amount'], 'atRiskTooLong', 'the at-risk period is as long as the target or longer: everything would be at risk from the start')
    }
    const ids = new Set<string>()
    d.escalations.forEach((s, i) => {
      if (ids.has(s.id)) issue(['escalations', i, 'id'], 'duplicateStep', `step id ${s.id} is used twice`)
      ids.add(s.id)
      if (s.assignee !== undefined && s.action !== 'reassign') issue(['escalations', i, 'assignee'], 'assigneeNotReassign', 'only a reassign step names an assignee')
    })
  })

/** Fewest and most calendar days a period of each unit can span (a working day is at least one calendar day; a
 * run of them across a weekend and holidays about 1.6 on average, never more than 2 for periods this check meets). */
const MIN_DAYS: Record<DeadlineUnit, number> = { days: 1, 'working-days': 1, weeks: 7, months: 28 }
const MAX_DAYS: Record<DeadlineUnit, number> = { days: 1, 'working-days': 2, weeks: 7, months: 31 }

/** Whether `a` is surely at least as long as `b` whatever the start date (same unit: compared exactly). */
function atLeastAsLong(a: { amount: number; unit: DeadlineUnit }, b: { amount: number; unit: DeadlineUnit }): boolean {
  if (a.unit === b.unit) return a.amount >= b.amount
  return a.amount * MIN_DAYS[a.unit] >= b.amount * MAX_DAYS[b.unit]
}

export type SlaDefinition = z.infer<typeof slaDefinitionSchema>
export type SlaStep = SlaDefinition['escalations'][number]

export interface SlaProblem {
  path: string
  /** English, for the API and logs */
  message: string
  /** what is wrong, for people (the policies page words it): required, number, min, max, choice, format, or a
   * rule's own code (targetPositive, atRiskTooLong, unknownProcess, unknownUser …) */
  code: string
  params?: Record<string, string | number>
}

export type SlaDefinitionResult = { ok: true; value: SlaDefinition } | { ok: false; problems: SlaProblem[] }

export function parseSlaDefinition(input: unknown): SlaDefinitionResult {
  const parsed = slaDefinitionSchema.safeParse(input)
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, problems: parsed.error.issues.map(problemOf) }
}

function problemOf(i: z.core.$ZodIssue): SlaProblem {
  const path = i.path.join('.')
  switch (i.code) {
    case 'custom':
      return { path, message: i.message, code: String((i.params as { code?: string } | undefined)?.code ?? 'invalid') }
    case 'invalid_type':
      // zod leaves the input out of its issues; its message says what was received
      return { path, message: i.message, code: /received undefined$/.test(i.message) ? 'required' : i.expected === 'number' ? 'number' : 'invalid' }
    case 'too_small':
      return { path, message: i.message, code: i.origin === 'number' ? 'min' : 'required', params: { min: Number(i.minimum) } }
    case 'too_big':
      return { path, message: i.message, code: 'max', params: { max: Number(i.maximum) } }
    case 'invalid_value':
      return { path, message: i.message, code: 'choice' }
    case 'invalid_format':
      return { path, message: i.message, code: 'format' }
    case 'unrecognized_keys':
      return { path, message: i.message, code: 'unknownField' }
    default:
      return { path, message: i.message, code: 'invalid' }
  }
}

/** Case-level policies exist only for the case's statutory deadline; their anchor is not a task's. */
export function checkPolicyLevel(definition: SlaDefinition, caseLevel: boolean): SlaProblem[] {
  const taskAnchors: SlaAnchor[] = ['task-due', 'task-created']
  if (caseLevel && taskAnchors.includes(definition.target.anchor)) {
    return [{ path: 'target.anchor', code: 'caseAnchor', message: 'a case-level deadline is counted from receipt or delivery, not from a task' }]
  }
  if (!caseLevel && definition.escalations.some((s) => s.action === 'art36-notice')) {
    return [{ path: 'escalations', code: 'art36OnTask', message: 'the art. 36 notice belongs to a case-level policy' }]
  }
  if (caseLevel && definition.escalations.some((s) => s.action === 'reassign' || s.action === 'remind-assignee')) {
    return [{ path: 'escalations', code: 'caseNoAssignee', message: 'a case has no assignee: use notify-group, escalate-to-manager or art36-notice' }]
  }
  return []
}

export const CASE_ELEMENT = 'case'
export const ANY = '*'

export function policyKey(processId: string, elementId: string | null): string {
  return `${processId}/${elementId ?? CASE_ELEMENT}`
}

export interface PolicyRef {
  processId: string
  /** null: case level; "*": every user task of the process. */
  elementId: string | null
}

/**
 * The policy for a user task: the one for this element, else the process's "*", else the global "*"/"*".
 * For a case (elementId null): the process's case-level policy only (no global default: only administrative
 * cases have a statutory deadline).
 */
export function pickPolicy<P extends PolicyRef>(policies: readonly P[], processId: string, elementId: string | null): P | null {
  if (elementId === null) return policies.find((p) => p.processId === processId && p.elementId === null) ?? null
  return (
    policies.find((p) => p.processId === processId && p.elementId === elementId) ??
    policies.find((p) => p.processId === processId && p.elementId === ANY) ??
    policies.find((p) => p.processId === ANY && p.elementId === ANY) ??
    null
  )
}
