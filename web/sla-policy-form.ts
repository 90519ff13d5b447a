// The SLA policy form of /sla/policies: a policy definition as flat form fields (so a manager edits fields, not
// JSON) and back. Pure. Six step rows; a row with neither an id nor an action is ignored. The server validates
// what comes back with domain/sla-policy.ts like any other definition.
import { DEADLINE_UNITS } from '../domain/legal-calendar.ts'
import { SLA_ACTIONS, SLA_ANCHORS, SLA_TRIGGERS, type SlaDefinition } from '../domain/sla-policy.ts'
import type { SlaProblem } from '../domain/sla-policy.ts'
import { format, type Messages } from './i18n/index.ts'

export const STEP_ROWS = 6

export type PolicyFormValues = Record<string, string>

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v))

export function policyFormValues(def: SlaDefinition | null): PolicyFormValues {
  const v: PolicyFormValues = {
    name: str(def?.name),
    anchor: def?.target.anchor ?? 'task-due',
    amount: str(def?.target.amount),
    unit: def?.target.unit ?? '',
    complexAmount: str(def?.target.complexAmount),
    atRiskAmount: str(def?.atRisk.amount ?? 2),
    atRiskUnit: def?.atRisk.unit ?? 'working-days',
  }
  for (let i = 0; i < STEP_ROWS; i++) {
    const s = def?.escalations[i]
    v[`step${i}Id`] = str(s?.id)
    v[`step${i}On`] = s?.on ?? ''
    v[`step${i}AfterAmount`] = str(s?.after?.amount)
    v[`step${i}AfterUnit`] = s?.after?.unit ?? ''
    v[`step${i}Action`] = s?.action ?? ''
    v[`step${i}Assignee`] = str(s?.assignee)
  }
  return v
}

function num(value: string | undefined): number | string | undefined {
  const s = (value ?? '').trim()
  if (s === '') return undefined
  return /^\d{1,5}$/.test(s) ? Number(s) : s // a non-number goes through and fails validation with its path
}

/** The definition the form describes (not validated here). */
export function definitionFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const f = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '')
  const target: Record<string, unknown> = { anchor: f('anchor') }
  if (num(f('amount')) !== undefined) target.amount = num(f('amount'))
  if (f('unit')) target.unit = f('unit')
  if (num(f('complexAmount')) !== undefined) target.complexAmount = num(f('complexAmount'))
  const escalations: Record<string, unknown>[] = []
  for (let i = 0; i < STEP_ROWS; i++) {
    const id = f(`step${i}Id`)
    const action = f(`step${i}Action`)
    if (!id && !action) continue
    const step: Record<string, unknown> = { id, on: f(`step${i}On`) || 'overdue', action }
    const afterAmount = num(f(`step${i}AfterAmount`))
    if (afterAmount !== undefined && afterAmount !== 0) step.after = { amount: afterAmount, unit: f(`step${i}AfterUnit`) || 'working-days' }
    if (f(`step${i}Assignee`)) step.assignee = f(`step${i}Assignee`)
    escalations.push(step)
  }
  return { name: f('name'), target, atRisk: { amount: num(f('atRiskAmount')) ?? 0, unit: f('atRiskUnit') || 'working-days' }, escalations }
}

function options(values: readonly string[], selected: string, labels: Record<string, string>, blank?: string) {
  return [...(blank !== undefined ? [{ value: '', label: blank, selected: selected === '' }] : []), ...values.map((value) => ({ value, label: labels[value] ?? value, selected: value === selected }))]
}

/** What the template needs: values and the options of every select, marked. */
export function policyFormView(t: Messages, v: PolicyFormValues) {
  const s = t.sla
  return {
    ...v,
    anchors: options(SLA_ANCHORS, v.anchor ?? '', s.anchors),
    units: options(DEADLINE_UNITS, v.unit ?? '', s.units, '—'),
    atRiskUnits: options(DEADLINE_UNITS, v.atRiskUnit ?? '', s.units),
    steps: Array.from({ length: STEP_ROWS }, (_, i) => ({
      index: i,
      number: i + 1,
      id: v[`step${i}Id`] ?? '',
      afterAmount: v[`step${i}AfterAmount`] ?? '',
      assignee: v[`step${i}Assignee`] ?? '',
      triggers: options(SLA_TRIGGERS, v[`step${i}On`] ?? '', s.triggers, '—'),
      afterUnits: options(DEADLINE_UNITS, v[`step${i}AfterUnit`] ?? '', s.units, '—'),
      actions: options(SLA_ACTIONS, v[`step${i}Action`] ?? '', s.actions, '—'),
    })),
  }
}

/** A problem of a posted policy in the page's language: "Krok 2: komu: nie ma aktywnego użytkownika o tym loginie". */
export function policyProblemText(t: Messages, problem: Pick<SlaProblem, 'path' | 'code' | 'params'>): string {
  const s = t.sla
  const step = /^definition\.escalations\.(\d+)(?:\.(.+))?$/.exec(problem.path)
  const where = step
    ? [format(s.stepRow, { number: Number(step[1]) + 1 }), step[2] ? (s.problemFields[step[2]] ?? step[2]) : null].filter(Boolean).join(': ')
    : (s.problemFields[problem.path] ?? problem.path)
  const what = format(s.problemCodes[problem.code] ?? s.problemCodes.invalid!, problem.params ?? {})
  return `${where}: ${what}`
}
