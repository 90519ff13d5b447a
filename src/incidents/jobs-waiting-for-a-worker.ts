// Jobs that wait for a worker: pending jobs of a type no handler of welfare-flow takes (a procedure a manager
// deployed with a job type of her own, as Zeebe and Operaton allow; deployment warns of it). They are not incidents:
// nothing failed, and they run as soon as a worker for the type does. Read from our Job table, which both engines
// fill (the Operaton mirror writes a row per external task). Shown to administrators beside the incidents.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { TaskType } from '../../workers/task-types.ts'
import { INTERNAL_JOB_TYPES } from '../../engine/embedded/internal-jobs.ts'

export interface WaitingJobType {
  type: string
  count: number
  /** When the oldest of them was created. */
  since: Date
}

/** Pending jobs by type, for the types outside `knownTypes` (default: every job type welfare-flow's workers take). */
export async function jobsWaitingForAWorker(prisma: PrismaClient, knownTypes: readonly string[] = Object.values(TaskType)): Promise<WaitingJobType[]> {
  const groups = await prisma.job.groupBy({
    by: ['type'],
    where: { status: 'pending', type: { notIn: [...knownTypes, ...INTERNAL_JOB_TYPES] } },
    _count: { _all: true },
    _min: { createdAt: true },
    orderBy: { type: 'asc' },
  })
  return groups.map((g) => ({ type: g.type, count: g._count._all, since: g._min.createdAt ?? new Date(0) }))
}
