// The save's write of an existing ProcessInstance row, as one conditional UPDATE that sends only what changed:
// the state (always), the variables only when they differ from the last save's, and the trail as the run's new
// entries appended to the stored array (jsonb ||) instead of the whole trail again. The condition is the revision
// the run was loaded at (and, for a live run, the row still waiting): 0 rows updated means another write won.
import { Prisma } from '../../src/generated/prisma/client.ts'

export interface InstanceRowUpdate {
  id: string
  /** The revision the run was loaded at; the row gets revision + 1. */
  revision: number
  /** The row must also still be waiting (a live run: a cancel or an incident in between keeps its revision). */
  mustBeWaiting: boolean
  status: 'waiting' | 'completed'
  /** bpmn-engine's state; null once ended. */
  state: unknown
  /** The variables as JSON text, or undefined when they are the stored ones. */
  variablesJson: string | undefined
  /** Entries to append to the stored trail, or `replaceTrail` to write the whole trail. */
  trailAppend: readonly unknown[]
  replaceTrail?: readonly unknown[]
  /** The instance was in incident: its incidentAt stays (the save decides afterwards); otherwise it is cleared. */
  keepIncidentAt: boolean
  now: Date
}

/** Returns how many rows were updated (1, or 0 when the condition failed). */
export function updateInstanceRow(tx: Prisma.TransactionClient, row: InstanceRowUpdate): Promise<number> {
  const ended = row.status === 'completed'
  const sets: Prisma.Sql[] = [
    Prisma.sql`"state" = ${ended ? null : JSON.stringify(row.state)}::jsonb`,
    Prisma.sql`"status" = ${row.status}`,
    Prisma.sql`"revision" = ${row.revision + 1}`,
    Prisma.sql`"endedAt" = ${ended ? row.now : null}::timestamp(3)`,
    Prisma.sql`"incident" = NULL`,
  ]
  if (!row.keepIncidentAt) sets.push(Prisma.sql`"incidentAt" = NULL`)
  if (row.variablesJson !== undefined) sets.push(Prisma.sql`"variables" = ${row.variablesJson}::jsonb`)
  if (row.replaceTrail) sets.push(Prisma.sql`"trail" = ${JSON.stringify([...row.replaceTrail, ...row.trailAppend])}::jsonb`)
  else if (row.trailAppend.length) sets.push(Prisma.sql`"trail" = "trail" || ${JSON.stringify(row.trailAppend)}::jsonb`)
  const waiting = row.mustBeWaiting ? Prisma.sql` AND "status" = 'waiting'` : Prisma.empty
  return tx.$executeRaw`UPDATE "ProcessInstance" SET ${Prisma.join(sets, ', ')} WHERE "id" = ${row.id} AND "revision" = ${row.revision}${waiting}`
}
