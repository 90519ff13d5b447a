// The inbox: open tasks, "mine" (assigned to me) or "group" (my candidate groups or me as a candidate user,
// assigned or not), by due date (none last), then age.
import type { Prisma, Task } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { taskOrder } from './task-view.ts'

export type InboxView = 'mine' | 'group'

const MAX_ROWS = 500

export function inboxFilter(view: InboxView, actor: Actor): Prisma.TaskWhereInput {
  if (view === 'mine') return { status: 'open', assignee: actor.user.login }
  return {
    status: 'open',
    OR: [{ candidateGroups: { hasSome: actor.user.groups } }, { candidateUsers: { has: actor.user.login } }],
  }
}

export async function listTasks(deps: Pick<ServiceDeps, 'prisma' | 'clock'>, actor: Actor, view: InboxView): Promise<Task[]> {
  const tasks = await deps.prisma.task.findMany({ where: inboxFilter(view, actor), orderBy: [...taskOrder], take: MAX_ROWS })
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'tasks.list', details: { view, count: tasks.length } })
  return tasks
}
