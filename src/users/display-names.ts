// People are shown by name: the display names of the given logins in one read (a login nobody has, or the engine's
// "system", is left out: callers show it as they see fit).
import type { PrismaClient } from '../generated/prisma/client.ts'

export async function displayNames(prisma: PrismaClient, logins: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set([...logins].filter((l): l is string => typeof l === 'string' && l !== '' && l !== 'system'))]
  if (wanted.length === 0) return new Map()
  const users = await prisma.user.findMany({ where: { login: { in: wanted } }, select: { login: true, displayName: true } })
  return new Map(users.map((u) => [u.login, u.displayName]))
}
