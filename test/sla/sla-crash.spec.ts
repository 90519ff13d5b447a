// Escalations across a crash: a separate process is killed with SIGKILL inside an escalation's transaction (after
// the effect, before the commit); the next process fires every due step exactly once, and a third fires nothing.
import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FakeClock } from '../../engine/clock.ts'
import { loadConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/storage/open-database.ts'
import { seedDefaultPolicies } from '../../src/sla/sla-policies.ts'
import { endOfWarsawDay } from '../../domain/warsaw-time.ts'
import { insertTask } from '../helpers/web-fixtures.ts'
import { insertPeople } from './sla-fixtures.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const CHILD = path.join(ROOT, 'test/sla/fixtures/sla-round-child.ts')
const NOW = '2026-03-20T09:00:00Z'

function runChild(dataDir: string, kill: boolean): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, FAKE_NOW: NOW, KILL_BEFORE_COMMIT: kill ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve({ code, signal, out }))
  })
}

describe('SLA escalations across a crash (SIGKILL mid-escalation, real PGlite folder)', function () {
  this.timeout(180_000)
  let dataDir: string

  before(() => { dataDir = mkdtempSync(path.join(tmpdir(), 'welfare-sla-crash-')) })
  after(() => { rmSync(dataDir, { recursive: true, force: true }) })

  async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
    const db = await openDatabase(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }))
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  }

  it('should fire every due escalation exactly once when the process dies inside an escalation and a new one takes over', async () => {
    await withDb(async (db) => {
      await insertPeople(db.prisma)
      await seedDefaultPolicies(db.prisma, new FakeClock(NOW))
      // assigned, overdue for a week: remind, group and manager steps are all due
      await insertTask(db.prisma, { elementId: 'Task_draftDecision', assignee: 'pracownik', createdAt: new Date('2026-03-01T09:00:00Z'), dueAt: endOfWarsawDay('2026-03-12') })
    })

    const killed = await runChild(dataDir, true)
    expect(killed.signal).to.equal('SIGKILL')
    await withDb(async (db) => {
      const steps = await db.prisma.slaEscalation.findMany({ orderBy: { stepId: 'asc' } })
      expect(steps.map((s) => `${s.stepId}:${s.status}`)).to.deep.equal(['group:pending', 'manager:pending', 'remind:pending'])
      expect(await db.prisma.notification.count()).to.equal(0)
      expect(await db.prisma.caseEvent.count()).to.equal(0)
    })

    const resumed = await runChild(dataDir, false)
    expect(resumed.code).to.equal(0)
    expect(JSON.parse(resumed.out)).to.include({ fired: 3 })
    const again = await runChild(dataDir, false)
    expect(JSON.parse(again.out)).to.include({ fired: 0 })

    await withDb(async (db) => {
      const steps = await db.prisma.slaEscalation.findMany({ orderBy: { stepId: 'asc' } })
      expect(steps.map((s) => `${s.stepId}:${s.status}`)).to.deep.equal(['group:fired', 'manager:fired', 'remind:fired'])
      const notes = await db.prisma.notification.findMany({ orderBy: [{ type: 'asc' }, { login: 'asc' }] })
      expect(notes.map((n) => `${n.type}:${n.login}`)).to.deep.equal([
        'sla-escalated:kierownik', 'sla-group:pracownik', 'sla-group:pracownik2', 'sla-reminder:pracownik',
      ])
      expect(await db.prisma.mailOutbox.count()).to.equal(4)
    })
  })
})
