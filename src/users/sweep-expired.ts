// What the sign-in records may keep, and no longer: expired sessions (with the filters stored for them) and
// sign-in attempts older than the configured history (LOGIN_HISTORY_DAYS). A session is otherwise only removed at
// sign-out or at its user's next sign-in, so a person who never comes back would leave theirs for ever; the
// attempts hold IP addresses, which are personal data and kept only as long as the centre decided. Registration
// keys (a client's Idempotency-Key) go once they expire (a day after the registration).
import type { PrismaClient } from '../generated/prisma/client.ts'

const DAY_MS = 24 * 3_600_000

export interface SweepResult {
  sessions: number
  loginAttempts: number
  registrationKeys: number
}

export async function sweepExpired(prisma: PrismaClient, now: Date, options: { loginHistoryDays: number }): Promise<SweepResult> {
  const sessions = await prisma.session.deleteMany({ where: { expiresAt: { lte: now } } })
  const before = new Date(now.getTime() - options.loginHistoryDays * DAY_MS)
  const attempts = await prisma.loginAttempt.deleteMany({ where: { at: { lt: before } } })
  const keys = await prisma.registrationKey.deleteMany({ where: { expiresAt: { lte: now } } })
  return { sessions: sessions.count, loginAttempts: attempts.count, registrationKeys: keys.count }
}
