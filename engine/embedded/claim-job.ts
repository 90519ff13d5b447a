// The job runner's claim of a job whose handler it knows: read and claim in one statement (UPDATE … RETURNING).
// The job is taken only while it is still pending and due; the row comes back as claimed (status running, attempts
// already counted), or null when another runner, a cancel or a retry's backoff got there first.
import type { PrismaClient } from '../../src/generated/prisma/client.ts'

export async function claimDueJob(prisma: PrismaClient, jobId: string, now: Date, lockedUntil: Date) {
  const [row] = await prisma.job.updateManyAndReturn({
    where: { id: jobId, status: 'pending', dueAt: { lte: now } },
    data: { status: 'running', lockedUntil, attempts: { increment: 1 }, updatedAt: now },
  })
  return row ?? null
}
