// The people a manager may pick when assigning tasks: active users with at least one group (staff logins and
// display names; the server still checks each task's groups when assigning).
import type { PrismaClient } from '../generated/prisma/client.ts'

export interface AssignableUser {
  login: string
  displayName: string
  groups: string[]
}

export async function listAssignableUsers(prisma: PrismaClient): Promise<AssignableUser[]> {
  const users = await prisma.user.findMany({
    where: { active: true, memberships: { some: {} } },
    select: { login: true, displayName: true, memberships: { select: { group: { select: { key: true } } } } },
    orderBy: { login: 'asc' },
    take: 1000,
  })
  return users.map((u) => ({ login: u.login, displayName: u.displayName, groups: u.memberships.map((m) => m.group.key).sort() }))
}
