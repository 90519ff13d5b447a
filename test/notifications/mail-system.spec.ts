// The composition root starts the mail sender when SMTP_URL is set and stops it on close.
import { expect } from 'chai'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../src/config.ts'
import { notify } from '../../src/inbox/notifications.ts'
import { silentLogger } from '../../src/logger.ts'
import { createSystem } from '../../src/system.ts'
import { startSmtp } from './smtp-listener.ts'

describe('system: e-mail sender', function () {
  this.timeout(120_000)

  it('should deliver an outbox row through SMTP_URL when the system runs with SMTP_URL set', async () => {
    // given
    const smtp = await startSmtp()
    const config = loadConfig(
      { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', SMTP_URL: smtp.url, MAIL_FROM: 'MOPS <mops@example.org>', DATA_DIR: path.join(os.tmpdir(), 'wf-mail-system') },
    )
    const system = await createSystem(config, { inMemory: true, logger: silentLogger })
    try {
      await system.db.prisma.user.update({ where: { login: 'pracownik' }, data: { email: 'pracownik@mops.example' } })
      // when
      await notify(system.db.prisma, system.clock.now(), { login: 'pracownik', type: 'task-assigned', data: { by: 'kierownik' } })
      // then: one of the worker's next rounds (every 5 s) sends it and then marks the row sent (the SMTP server has
      // the message a moment before the row says so); the wait is bounded only by the test's timeout
      const sent = () => system.db.prisma.mailOutbox.count({ where: { status: 'sent' } })
      const deadline = Date.now() + 100_000
      while ((smtp.received.length === 0 || (await sent()) === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(smtp.received.map((m) => m.to)).to.deep.equal([['pracownik@mops.example']])
      expect(await sent()).to.equal(1)
    } finally {
      await system.close()
      await smtp.close()
    }
  })
})
