// People and groups for the SLA tests (no password hashing: nobody logs in here), and a monitor on the test clock.
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import type { WorkflowEngine } from '../../engine/port.ts'
import { createLogger } from '../../src/logger.ts'
import { SlaMonitor } from '../../src/sla/sla-monitor.ts'
import { seedDefaultPolicies } from '../../src/sla/sla-policies.ts'
import { STANDARD_GROUPS } from '../../src/users/groups.ts'

export const PEOPLE: Record<string, string[]> = {
  pracownik: ['caseworkers'],
  pracownik2: ['caseworkers'],
  kierownik: ['managers'],
  nk1: ['blue-card-team'],
}

export async function insertPeople(prisma: PrismaClient): Promise<void> {
  for (const g of STANDARD_GROUPS) await prisma.group.upsert({ where: { key: g.key }, update: {}, create: g })
  for (const [login, groups] of Object.entries(PEOPLE)) {
    await prisma.user.create({
      data: {
        login, displayName: login, passwordHash: 'x', email: `${login}@ops.example`,
        memberships: { create: groups.map((key) => ({ group: { connect: { key } } })) },
      },
    })
  }
}

export async function startMonitor(prisma: PrismaClient, engine: WorkflowEngine, clock: Clock): Promise<SlaMonitor> {
  await seedDefaultPolicies(prisma, clock)
  return new SlaMonitor({ prisma, engine, clock, logger: createLogger({ level: 'error' }) })
}

export async function notificationsOf(prisma: PrismaClient, type?: string) {
  const rows = await prisma.notification.findMany({ where: type ? { type } : {}, orderBy: [{ createdAt: 'asc' }, { login: 'asc' }] })
  return rows.map((r) => `${r.type}:${r.login}`)
}
