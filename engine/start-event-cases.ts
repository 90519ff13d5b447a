// The app's hook for instances that start events start (message-starts.ts, timer-starts.ts, signal-starts.ts), the same on both
// engines: instead of starting the instance itself, the engine hands the start to the hook, which makes the case
// first (src/cases/start-event-cases.ts) and starts the instance through `start` with the case id as business key.
// Without a hook (the engine suites) the engine starts the instance itself, the business key being the correlation
// key or "<processId>@<due time>".
import type { StartInstanceRequest } from './port.ts'

/** What started the instance: a message (its name and correlation key), a timer start event at a due time, or a signal. */
export type StartTrigger =
  | { kind: 'message'; messageName: string; correlationKey: string }
  | { kind: 'timer'; elementId: string; dueAt: Date }
  /** A signal start event: the signal's name and the id of the throw that broadcast it (one case per throw). */
  | { kind: 'signal'; signalName: string; throwId: string }

export interface StartEventRequest {
  processId: string
  trigger: StartTrigger
  /** The message's variables; none for a timer. */
  variables: Record<string, unknown>
}

/** How the engine starts an instance of the newest version of a process. */
export type StartInstance = (request: StartInstanceRequest) => Promise<{ instanceId: string }>

/**
 * Makes the case of a start and starts its instance through `start`. True when it started one; false when the start
 * had been made before (a message or due time delivered again) or, for a message, a case of the process with that
 * correlation key is still open.
 */
export type StartEventCases = (request: StartEventRequest, start: StartInstance) => Promise<boolean>
