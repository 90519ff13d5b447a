// E-mail notifications end to end against a real SMTP listener (smtp-server on 127.0.0.1, any free port):
// notification → outbox row (same transaction) → MailSender → the listener received it; retries with backoff.
import { expect } from 'chai'
import request from 'supertest'
import { FakeClock } from '../../engine/clock.ts'
import { notify } from '../../src/inbox/notifications.ts'
import { MAX_MAIL_ATTEMPTS, MailSender, smtpTransport } from '../../src/notifications/mail-sender.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { insertTask, APPLICANT_PESEL } from '../helpers/web-fixtures.ts'
import { capturingLogger, insertCase } from '../helpers/inbox-fixtures.ts'
import { startSmtp, subjectOf } from './smtp-listener.ts'

describe('e-mail notifications (outbox and SMTP sender)', function () {
  let db: TestDatabase
  let app: Awaited<ReturnType<typeof createWebTestApp>>['app']

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    app = (await createWebTestApp(db)).app // the demo accounts
  })

  it('should write an outbox row with the assignment and deliver it to the SMTP server when a manager assigns a task', async () => {
    // given
    const smtp = await startSmtp()
    await db.prisma.user.update({ where: { login: 'pracownik' }, data: { email: 'pracownik@mops.example' } })
    const kase = await insertCase(db.prisma, { applicant: { firstName: 'Jan', lastName: 'Kowalski' } })
    const task = await insertTask(db.prisma, { caseId: kase.id, name: 'Wywiad środowiskowy' })
    const token = await tokenFor(app, 'kierownik')
    // when
    const res = await request(app).post(`/api/tasks/${task.id}/assign`).set(bearer(token)).send({ assignee: 'pracownik' })
    // then: the row, written with the notification
    expect(res.status).to.equal(200)
    expect(await db.prisma.notification.count({ where: { login: 'pracownik' } })).to.equal(1)
    const row = await db.prisma.mailOutbox.findFirstOrThrow()
    expect(row).to.include({ to: 'pracownik@mops.example', status: 'pending', attempts: 0, subject: 'Nowe zadanie: Wywiad środowiskowy' })
    expect(row.body).to.contain(`/tasks/${task.id}`).and.to.contain('Przydzielono Ci zadanie „Wywiad środowiskowy”')
    expect(row.body + row.subject).not.to.match(/Kowalski|Jan |\d{11}/)
    expect(row.body).not.to.contain(APPLICANT_PESEL)
    // when: the worker runs
    const clock = new FakeClock('2026-03-10T09:05:00Z')
    const { logger, lines } = capturingLogger()
    const sender = new MailSender({ prisma: db.prisma, clock, logger, transport: smtpTransport(smtp.url), from: 'MOPS <mops@example.org>' })
    try {
      expect(await sender.runOnce()).to.deep.equal({ sent: 1, retried: 0, failed: 0 })
      // then
      expect(smtp.received).to.have.length(1)
      expect(smtp.received[0]!.to).to.deep.equal(['pracownik@mops.example'])
      expect(smtp.received[0]!.from).to.equal('mops@example.org')
      expect(subjectOf(smtp.received[0]!.raw)).to.equal('Nowe zadanie: Wywiad środowiskowy')
      const sent = await db.prisma.mailOutbox.findUniqueOrThrow({ where: { id: row.id } })
      expect(sent).to.include({ status: 'sent', attempts: 1, lastError: null })
      expect(sent.sentAt?.toISOString()).to.equal('2026-03-10T09:05:00.000Z')
      expect(await sender.runOnce()).to.deep.equal({ sent: 0, retried: 0, failed: 0 })
      expect(smtp.received).to.have.length(1)
      expect(lines.join('\n')).not.to.contain('pracownik@mops.example')
    } finally {
      await sender.stop()
      await smtp.close()
    }
  })

  it('should retry after 1, 5, 30 and 120 minutes and mark the row failed after the 5th attempt when the server refuses', async () => {
    // given
    const smtp = await startSmtp(true)
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    await db.prisma.user.update({ where: { login: 'pracownik' }, data: { email: 'pracownik@mops.example' } })
    const task = await insertTask(db.prisma, { name: 'Decyzja' })
    await notify(db.prisma, clock.now(), { login: 'pracownik', type: 'task-assigned', taskId: task.id, data: { by: 'kierownik', substituteFor: null } })
    const { logger, lines } = capturingLogger()
    const sender = new MailSender({ prisma: db.prisma, clock, logger, transport: smtpTransport(smtp.url), from: 'welfare-flow <noreply@localhost>' })
    const row = () => db.prisma.mailOutbox.findFirstOrThrow()
    try {
      // when / then
      const delaysMinutes = [1, 5, 30, 120]
      for (const [i, minutes] of delaysMinutes.entries()) {
        expect(await sender.runOnce(), `attempt ${i + 1}`).to.deep.equal({ sent: 0, retried: 1, failed: 0 })
        const r = await row()
        expect(r).to.include({ status: 'pending', attempts: i + 1 })
        expect(r.lastError).to.contain('Mailbox temporarily unavailable')
        expect(r.nextAttemptAt.getTime() - clock.now().getTime()).to.equal(minutes * 60_000)
        clock.advance(minutes * 60_000 - 1000)
        expect(await sender.runOnce(), 'not due yet').to.deep.equal({ sent: 0, retried: 0, failed: 0 })
        clock.advance(1000)
      }
      expect(await sender.runOnce()).to.deep.equal({ sent: 0, retried: 0, failed: 1 })
      expect(await row()).to.include({ status: 'failed', attempts: MAX_MAIL_ATTEMPTS })
      expect(smtp.attempts()).to.equal(MAX_MAIL_ATTEMPTS)
      clock.advanceDays(1)
      expect(await sender.runOnce()).to.deep.equal({ sent: 0, retried: 0, failed: 0 })
      expect(smtp.attempts()).to.equal(MAX_MAIL_ATTEMPTS)
      expect(lines.join('\n')).to.contain('"smtpCode":"451"').and.not.to.contain('pracownik@mops.example')
    } finally {
      await sender.stop()
      await smtp.close()
    }
  })

  it('should send a row once when two workers run at the same time', async () => {
    const smtp = await startSmtp()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    await db.prisma.user.update({ where: { login: 'pracownik' }, data: { email: 'pracownik@mops.example' } })
    for (let i = 0; i < 3; i++) {
      const task = await insertTask(db.prisma)
      await notify(db.prisma, clock.now(), { login: 'pracownik', type: 'task-assigned', taskId: task.id, data: { by: 'kierownik' } })
    }
    const make = () => new MailSender({ prisma: db.prisma, clock, logger: capturingLogger().logger, transport: smtpTransport(smtp.url), from: 'a@b.example' })
    const a = make()
    const b = make()
    try {
      const rounds = await Promise.all([a.runOnce(), b.runOnce()])
      expect(rounds[0]!.sent + rounds[1]!.sent).to.equal(3)
      expect(smtp.received).to.have.length(3)
      expect(await db.prisma.mailOutbox.count({ where: { status: 'sent', attempts: 1 } })).to.equal(3)
    } finally {
      await a.stop()
      await b.stop()
      await smtp.close()
    }
  })

  it('should write the in-app notification but no outbox row when the user has no e-mail address', async () => {
    const task = await insertTask(db.prisma)
    expect((await db.prisma.user.findUniqueOrThrow({ where: { login: 'pracownik2' } })).email).to.equal(null)
    await notify(db.prisma, new Date('2026-03-10T09:00:00Z'), { login: 'pracownik2', type: 'task-assigned', taskId: task.id, data: { by: 'kierownik' } })
    expect(await db.prisma.notification.count({ where: { login: 'pracownik2' } })).to.equal(1)
    expect(await db.prisma.mailOutbox.count()).to.equal(0)
  })
})
