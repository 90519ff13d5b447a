// Call activities on the embedded engine. A call activity is a job of an internal type, so that the call is a row
// written in the same transaction as the parent's state: running that job starts the called process (its newest
// version) as a child instance whose id is the job's id, and the job waits (status "waiting") until the child
// completes; then it completes like any job, with the child's variables as its result (Zeebe's
// propagateAllChildVariables, or the output mappings). A called process that is not deployed is an incident on the
// parent, retried like a job once it is. A sweep in every scheduler round completes calls whose child completed
// while the parent could not be told (a crash in between). Cancelling the parent cancels the child.

/** The job type of call activities; no handler takes it, the engine runs it. */
export const CALL_ACTIVITY_JOB_TYPE = 'welfare-flow:call-activity'

/** Job types the engine runs itself: never "waiting for a worker", never a deployment warning. */
export const INTERNAL_JOB_TYPES: readonly string[] = [CALL_ACTIVITY_JOB_TYPE]

/** The status of a call activity's job while its child instance runs. */
export const CALL_WAITING = 'waiting'
