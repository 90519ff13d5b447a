// The signed-in user as the rest of the application sees it: groups are group keys.
import type { PrismaClient } from '../generated/prisma/client.ts'

export interface AuthUser {
  id: string
  login: string
  displayName: string
  groups: string[]
}

export const withGroups = { memberships: { include: { group: { select: { key: true } } } } } as const

export function toAuthUser(user: {
  id: string
  login: string
  displayName: string
  memberships: { group: { key: string } }[]
}): AuthUser {
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    groups: user.memberships.map((m) => m.group.key).sort(),
  }
}

/** Active users only; null for an unknown or deactivated id. */
export async function loadAuthUser(prisma: PrismaClient, userId: string): Promise<AuthUser | null> {
  const user = await prisma.user.findUnique({ where: { id: userId }, include: withGroups })
  return user && user.active ? toAuthUser(user) : null
}
