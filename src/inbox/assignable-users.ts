// The people a manager may pick when assigning tasks: active users with at least one group (staff logins and
// display names; the server still checks each task's groups when assigning), and the same grouped by their groups
// for the inbox's assign select.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { STANDARD_GROUPS } from '../users/groups.ts'

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

export interface AssigneeGroup {
  /** the group names, e.g. "Pracownicy socjalni" or "Kierownicy, Administratorzy" */
  label: string
  people: AssignableUser[]
}

/**
 * The people grouped by the groups they belong to (one group per set of groups, in the order of STANDARD_GROUPS),
 * so a manager sees at once who may take a caseworkers' task; each person is listed once.
 */
export function assigneeGroups(users: readonly AssignableUser[], groupName: (key: string) => string, other: string): AssigneeGroup[] {
  const rank = (key: string) => {
    const i = STANDARD_GROUPS.findIndex((g) => g.key === key)
    return i === -1 ? STANDARD_GROUPS.length : i
  }
  const byLabel = new Map<string, { order: number[]; people: AssignableUser[] }>()
  for (const user of users) {
    const keys = [...user.groups].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    const label = keys.length > 0 ? keys.map(groupName).join(', ') : other
    const entry = byLabel.get(label) ?? { order: keys.map(rank), people: [] }
    entry.people.push(user)
    byLabel.set(label, entry)
  }
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i]
    return a.length - b.length
  }
  return [...byLabel].sort(([, a], [, b]) => compare(a.order, b.order)).map(([label, { people }]) => ({ label, people }))
}
