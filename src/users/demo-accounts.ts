// Demo accounts for a fresh development or test database: created only when the user table is empty
// and config.demoAccounts is on (loadConfig refuses it in production).
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import type { Database } from '../storage/database.ts'
import { createUser } from './create-user.ts'
import { ADMINS, CASEWORKERS, FAMILY_ASSISTANTS, MANAGERS, STANDARD_GROUPS } from './groups.ts'

export const DEMO_PASSWORD = 'demo'

export const DEMO_ACCOUNTS: readonly { login: string; displayName: string; groups: string[] }[] = [
  { login: 'admin', displayName: 'Administrator', groups: [ADMINS, MANAGERS] },
  { login: 'kierownik', displayName: 'Kierownik Działu', groups: [MANAGERS] },
  { login: 'pracownik', displayName: 'Pracownik Socjalny', groups: [CASEWORKERS] },
  { login: 'pracownik2', displayName: 'Pracownik Socjalny 2', groups: [CASEWORKERS] },
  { login: 'asystent', displayName: 'Asystent Rodziny', groups: [FAMILY_ASSISTANTS] },
]

/** Returns the logins it created (none when the table had users or demo accounts are off). */
export async function ensureDemoAccounts(
  db: Database,
  config: Pick<Config, 'demoAccounts' | 'nodeEnv'>,
  logger: Logger,
): Promise<string[]> {
  if (!config.demoAccounts || config.nodeEnv === 'production') return []
  if ((await db.prisma.user.count()) > 0) return []
  for (const group of STANDARD_GROUPS) {
    await db.prisma.group.upsert({ where: { key: group.key }, update: {}, create: group })
  }
  for (const account of DEMO_ACCOUNTS) {
    await createUser(db.prisma, { ...account, password: DEMO_PASSWORD })
  }
  const logins = DEMO_ACCOUNTS.map((a) => a.login)
  logger.warn('demo accounts created (password "demo"); never use them in production', { logins: logins.join(',') })
  return logins
}
