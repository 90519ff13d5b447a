// Creates a local account with its group memberships. Standard groups are created on first use;
// any other group key must already exist.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { toAuthUser, withGroups, type AuthUser } from './auth-user.ts'
import { STANDARD_GROUPS } from './groups.ts'
import { hashPassword } from './password.ts'

export interface NewUser {
  login: string
  displayName: string
  password: string
  groups: string[]
}

export class UserInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserInputError'
  }
}

const LOGIN = /^[a-z0-9][a-z0-9._-]{1,39}$/

export async function createUser(prisma: PrismaClient, input: NewUser): Promise<AuthUser> {
  const login = input.login.trim().toLowerCase()
  if (!LOGIN.test(login)) {
    throw new UserInputError('login: 2–40 characters, lower-case letters, digits, ".", "_" or "-"')
  }
  const displayName = input.displayName.trim()
  if (displayName.length === 0 || displayName.length > 120) throw new UserInputError('display name: 1–120 characters')
  if (input.password.length === 0) throw new UserInputError('password must not be empty')
  const groupKeys = [...new Set(input.groups.map((g) => g.trim()).filter((g) => g !== ''))]

  const passwordHash = await hashPassword(input.password)
  const user = await prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { login } })) throw new UserInputError(`login "${login}" is taken`)
    const groupIds: string[] = []
    for (const key of groupKeys) {
      const standard = STANDARD_GROUPS.find((g) => g.key === key)
      const group = standard
        ? await tx.group.upsert({ where: { key }, update: {}, create: { key, name: standard.name } })
        : await tx.group.findUnique({ where: { key } })
      if (!group) throw new UserInputError(`unknown group "${key}"`)
      groupIds.push(group.id)
    }
    return tx.user.create({
      data: { login, displayName, passwordHash, memberships: { create: groupIds.map((groupId) => ({ groupId })) } },
      include: withGroups,
    })
  })
  return toAuthUser(user)
}
