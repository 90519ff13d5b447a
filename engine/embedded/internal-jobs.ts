// Jobs the embedded engine runs itself: call activities and signal throw events. Each is a job row written in the
// same transaction as the instance's state, so that it happens at least once whatever crashes.
//
// Call activities. A call activity is a job of an internal type, so that the call is a row
// written in the same transaction as the parent's state: running that job starts the called process (its newest
// version) as a child instance whose id is the job's id, and the job waits (status "waiting") until the child
// completes; then it completes like any job, with the child's variables as its result (Zeebe's
// propagateAllChildVariables, or the output mappings). A called process that is not deployed is an incident on the
// parent, retried like a job once it is. A sweep in every scheduler round completes calls whose child completed
// while the parent could not be told (a crash in between). Cancelling the parent cancels the child.

//
// Signal throw and end events broadcast the signal to every instance waiting for it (Zeebe's signals reach all
// instances): running the job publishes it to the open subscriptions named SIGNAL_PREFIX + name, with the event's
// input mappings only as variables, then completes. Signal catch and boundary events are such subscriptions.

/** The job type of call activities; no handler takes it, the engine runs it. */
export const CALL_ACTIVITY_JOB_TYPE = 'welfare-flow:call-activity'

/** The job type of signal throw and end events. */
export const SIGNAL_JOB_TYPE = 'welfare-flow:broadcast-signal'

/** Signal subscriptions are message subscriptions under this prefix, with an empty correlation key. */
export const SIGNAL_PREFIX = 'signal:'

/** Job types the engine runs itself: never "waiting for a worker", never a deployment warning. */
export const INTERNAL_JOB_TYPES: readonly string[] = [CALL_ACTIVITY_JOB_TYPE, SIGNAL_JOB_TYPE]

/** The status of a call activity's job while its child instance runs. */
export const CALL_WAITING = 'waiting'
