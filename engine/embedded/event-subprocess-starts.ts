// What the run keeps about the event sub-processes of each scope, among the process's settings (saved with the
// instance's state, so a restarted engine goes on from them): how many times each started in the scope (its
// subscription's name counts them: `<start event>@<scope execution id>#<starts>`), and when the scope armed a timer
// start (a duration, a date or a cycle's occurrences count from then). Keys are `<event sub-process id>@<scope
// execution id>`; a scope that ended is forgotten.
type Settings = Record<string, any>

const STARTS = 'eventSubProcessStarts'
const ARMED_AT = 'eventSubProcessTimersArmedAt'

/** How many times the event sub-process of `key` started in its scope (`activity`: its bpmn-elements activity there). */
export function startsSoFar(settings: Settings, key: string, activity?: any): number {
  const starts: Record<string, number> = settings[STARTS] ?? {}
  if (typeof starts[key] === 'number') return starts[key]
  // an instance saved before the count was kept: its runs so far
  const counters = activity?.counters ?? {}
  return Number(counters.taken ?? 0) + Number(counters.discarded ?? 0) + (activity?.isRunning ? 1 : 0)
}

/** Counts one more start of the event sub-process of `key` (its starts so far were `before`). */
export function recordStart(settings: Settings, key: string, before: number): void {
  const starts: Record<string, number> = (settings[STARTS] ??= {})
  starts[key] = before + 1
}

/** When the scope of `key` armed its timer start: kept from the first time it was asked, `now` then. */
export function timerArmedAt(settings: Settings, key: string, now: Date): Date {
  const armed: Record<string, string> = (settings[ARMED_AT] ??= {})
  armed[key] ??= now.toISOString()
  return new Date(armed[key])
}

/** Forgets the keys of scopes not among `activeScopes` (execution ids of the scopes that still run). */
export function forgetEndedScopes(settings: Settings, activeScopes: ReadonlySet<string>): void {
  for (const name of [STARTS, ARMED_AT]) {
    const byKey: Record<string, unknown> | undefined = settings[name]
    if (!byKey) continue
    for (const key of Object.keys(byKey)) if (!activeScopes.has(key.slice(key.indexOf('@') + 1))) delete byKey[key]
  }
}
