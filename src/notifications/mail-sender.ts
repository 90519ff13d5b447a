// Sends the e-mail outbox (MailOutbox) through the SMTP server of SMTP_URL. Each round takes the due pending rows,
// claims each with a conditional UPDATE (still pending, same attempt count, still due) so two workers never send
// the same row, sends it, and marks it sent. A failure is retried after 1 min, 5 min, 30 min, 2 h; the 5th failed
// attempt marks the row 'failed'. A claim pushes nextAttemptAt one lease ahead, so a row whose worker died
// mid-send is tried again later. Logs ids and SMTP codes only, never addresses.
import nodemailer from 'nodemailer'
import type { PrismaClient } from '../generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import type { Logger } from '../logger.ts'

export const MAX_MAIL_ATTEMPTS = 5
/** Wait after the 1st, 2nd, 3rd and 4th failed attempt. */
export const MAIL_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const
/** How long a claimed row is left alone by other workers. */
export const MAIL_CLAIM_LEASE_MS = 10 * 60_000

export interface MailMessage {
  from: string
  to: string
  subject: string
  text: string
}

/** What the sender needs from an SMTP transport (nodemailer's Transporter fits). */
export interface MailTransport {
  sendMail(message: MailMessage): Promise<unknown>
  close(): void
}

export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 })
  return { sendMail: (message) => transporter.sendMail(message), close: () => transporter.close() }
}

export interface MailSenderOptions {
  prisma: PrismaClient
  clock: Clock
  logger: Logger
  transport: MailTransport
  from: string
  /** How often the outbox is looked at; 5 s by default. */
  intervalMs?: number
  /** Rows per round; 20 by default. */
  batchSize?: number
}

export interface MailRound {
  sent: number
  retried: number
  failed: number
}

function smtpCode(err: unknown): string {
  const e = err as { responseCode?: unknown; code?: unknown }
  if (typeof e?.responseCode === 'number') return String(e.responseCode)
  return typeof e?.code === 'string' ? e.code : 'ERROR'
}

export class MailSender {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<MailRound> | null = null

  constructor(private readonly options: MailSenderOptions) {}

  /** One round: every due pending row (up to the batch size) claimed, sent and marked. */
  async runOnce(): Promise<MailRound> {
    const { prisma, clock } = this.options
    const round: MailRound = { sent: 0, retried: 0, failed: 0 }
    const due = await prisma.mailOutbox.findMany({
      where: { status: 'pending', nextAttemptAt: { lte: clock.now() } },
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      take: this.options.batchSize ?? 20,
    })
    for (const row of due) {
      const claimedAt = clock.now()
      const attempt = row.attempts + 1
      const { count } = await prisma.mailOutbox.updateMany({
        where: { id: row.id, status: 'pending', attempts: row.attempts, nextAttemptAt: { lte: claimedAt } },
        data: { attempts: attempt, nextAttemptAt: new Date(claimedAt.getTime() + MAIL_CLAIM_LEASE_MS) },
      })
      if (count === 0) continue // another worker has it
      try {
        await this.options.transport.sendMail({ from: this.options.from, to: row.to, subject: row.subject, text: row.body })
        await prisma.mailOutbox.updateMany({ where: { id: row.id, attempts: attempt }, data: { status: 'sent', sentAt: clock.now(), lastError: null } })
        round.sent++
        this.options.logger.info('mail sent', { mailId: row.id, attempt })
      } catch (err) {
        const now = clock.now()
        const last = attempt >= MAX_MAIL_ATTEMPTS
        const delay = MAIL_RETRY_DELAYS_MS[Math.min(attempt, MAIL_RETRY_DELAYS_MS.length) - 1]!
        const message = err instanceof Error ? err.message : String(err)
        await prisma.mailOutbox.updateMany({
          where: { id: row.id, attempts: attempt },
          data: last
            ? { status: 'failed', lastError: message.slice(0, 1000) }
            : { nextAttemptAt: new Date(now.getTime() + delay), lastError: message.slice(0, 1000) },
        })
        if (last) round.failed++
        else round.retried++
        this.options.logger.warn(last ? 'mail failed' : 'mail will be retried', { mailId: row.id, attempt, smtpCode: smtpCode(err) })
      }
    }
    return round
  }

  /** Rounds every intervalMs until stop(). */
  start(): void {
    if (this.timer) return
    const tick = () => {
      if (this.running) return
      this.running = this.runOnce()
        .catch((err) => {
          this.options.logger.warn('mail round failed', {}, err)
          return { sent: 0, retried: 0, failed: 0 }
        })
        .finally(() => {
          this.running = null
        })
    }
    this.timer = setInterval(tick, this.options.intervalMs ?? 5_000)
    this.timer.unref()
    tick()
  }

  /** Stops the rounds, waits for the current one and closes the transport. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    if (this.running) await this.running
    this.options.transport.close()
  }
}
