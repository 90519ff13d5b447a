// After a person registers a case or completes a task on a page, the engine moves the case on in the background
// (jobs run, the next task is created). The page they land on should show that result, not the state of a moment
// before: this waits, briefly, until the case has settled, by reading the engine's mirror in the database (both
// engines write it: Task, Job, ProcessInstance).
//
// Settled means one of: a task of the case opened that was not open before; the case is no longer open; or (on the
// embedded engine) no job of the case's running instances is due or running (the engine has nothing left to do at
// once: it waits for people, timers or messages). Otherwise it gives up after `timeoutMs` and the page shows what
// there is.
import type { PrismaClient } from '../generated/prisma/client.ts'

export type EngineStepOutcome = 'new-task' | 'closed' | 'idle' | 'timeout'

export interface AwaitEngineStepOptions {
  timeoutMs: number
  /** Between reads; 50 ms unless given. */
  intervalMs?: number
  now: () => Date
}

/** The ids of the open tasks of a case: what "not open before" is measured against. */
export async function openTaskIds(prisma: PrismaClient, caseId: string): Promise<Set<string>> {
  const rows = await prisma.task.findMany({ where: { caseId, status: 'open' }, select: { id: true } })
  return new Set(rows.map((r) => r.id))
}

export async function awaitEngineStep(
  prisma: PrismaClient,
  caseId: string,
  openBefore: ReadonlySet<string>,
  options: AwaitEngineStepOptions,
): Promise<EngineStepOutcome> {
  if (options.timeoutMs <= 0) return 'timeout'
  const giveUpAt = Date.now() + options.timeoutMs
  for (;;) {
    const open = await prisma.task.findMany({ where: { caseId, status: 'open' }, select: { id: true } })
    if (open.some((t) => !openBefore.has(t.id))) return 'new-task'
    const kase = await prisma.case.findUnique({ where: { id: caseId }, select: { status: true } })
    if (!kase || kase.status !== 'open') return 'closed'
    const instances = await prisma.processInstance.findMany({
      where: { businessKey: caseId, status: { in: ['running', 'waiting', 'incident'] } },
      select: { id: true, engine: true },
    })
    // Operaton's jobs reach the mirror after the fact (a job the worker finished is marked done before the sync
    // brings the task it led to): "nothing due" says nothing there, so only a new task or the case closing end the wait
    const mirrored = instances.some((i) => i.engine !== 'embedded')
    const busy = mirrored ? 1 : await prisma.job.count({
      where: {
        OR: [{ status: 'running' }, { status: 'pending', dueAt: { lte: options.now() } }],
        instanceId: { in: instances.map((i) => i.id) },
      },
    })
    if (busy === 0) return 'idle'
    if (Date.now() >= giveUpAt) return 'timeout'
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50))
  }
}
