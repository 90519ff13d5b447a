// Who acted: every task completion (src/inbox/complete-task.ts) and every message the web publishes
// (src/benefits/decision-events.ts) sets the process variable `recordedBy` to the acting user's id (an id, never a
// name). A service step that writes the case-history entry of that action (the delivery, the appeal, the SKO
// ruling, the decision the approval issued) records it as the entry's actor, so the history names the person, not
// "system". Steps that run on their own (timers, closing) do not read it.

export const RECORDED_BY = 'recordedBy'

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The acting user's id from the variables (or an ioMapping input `actorId`), or null (then the system acted). */
export function recordedByOf(variables: object | null | undefined, key = RECORDED_BY): string | null {
  const value = variables ? (variables as Record<string, unknown>)[key] : undefined
  return typeof value === 'string' && USER_ID.test(value) ? value : null
}
