// The hot instances kept live between events: the running bpmn-engine execution of an instance, as it was after
// its last save, with the revision that save wrote. The next event continues it instead of recovering a fresh
// engine from the stored state. It is safe because the save that follows is conditional on that revision (and on
// the instance still waiting): any other write in between makes the save fail and the event is applied again to a
// run recovered from the stored row. An entry is taken out while an event uses it and put back only after the
// event's transaction committed, so a failed event, a failed transaction or an incident never leaves one behind.
// Bounded: the least recently used entry goes when the capacity is reached (0 keeps nothing).
import type { InstanceRun } from './instance-run.ts'
import type { OpenWait } from './open-waits.ts'

export interface LiveInstance {
  run: InstanceRun
  definitionId: string
  processId: string
  businessKey: string | null
  /** The revision the last save wrote: the stored row must still have it. */
  revision: number
  /** What the instance waited on after that save (open-waits.ts): the next save diffs against it, not the rows. */
  waits: readonly OpenWait[]
  /** The variables as that save wrote them (JSON): the next save writes them only if they changed. */
  variablesJson: string
}

export class LiveInstances {
  private readonly entries = new Map<string, LiveInstance>()

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size
  }

  /** The instance's live entry without taking it or marking it used (a live instance is waiting). */
  peek(instanceId: string): { businessKey: string | null; status: 'waiting' } | undefined {
    const entry = this.entries.get(instanceId)
    return entry && { businessKey: entry.businessKey, status: 'waiting' }
  }

  /** Removes and returns the instance's live run, if any (the caller puts it back after a successful save). */
  take(instanceId: string): LiveInstance | undefined {
    const entry = this.entries.get(instanceId)
    if (entry) this.entries.delete(instanceId)
    return entry
  }

  /** Keeps a live run as the most recently used, dropping the least recently used beyond the capacity. */
  put(instanceId: string, entry: LiveInstance): void {
    this.entries.delete(instanceId)
    if (this.capacity <= 0) return stopRun(entry)
    this.entries.set(instanceId, entry)
    while (this.entries.size > this.capacity) {
      const [oldest, dropped] = this.entries.entries().next().value as [string, LiveInstance]
      this.entries.delete(oldest)
      stopRun(dropped)
    }
  }

  /** Forgets an instance (canceled, in incident, changed outside a live run). */
  drop(instanceId: string): void {
    const entry = this.entries.get(instanceId)
    if (!entry) return
    this.entries.delete(instanceId)
    stopRun(entry)
  }

  clear(): void {
    for (const entry of this.entries.values()) stopRun(entry)
    this.entries.clear()
  }
}

function stopRun(entry: LiveInstance): void {
  entry.run.cancel()
}
