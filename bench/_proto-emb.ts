import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDatabase } from '../src/storage/open-database.ts'
import { EmbeddedEngine } from '../src/engine/embedded/embedded-engine.ts'
import { FakeClock } from '../src/engine/clock.ts'
import { createHandlers } from '../src/workers/create-handlers.ts'
import { deployProcessesFolder } from '../src/engine/deploy-folder.ts'
const dir = mkdtempSync(path.join(tmpdir(), 'wf-bench-'))
const t0 = performance.now()
const db = await openDatabase({ dataDir: dir, databaseUrl: null })
console.log('open', performance.now() - t0)
const clock = new FakeClock('2026-03-02T09:00:00Z')
const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
for (const h of createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' })) engine.registerHandler(h)
await deployProcessesFolder(engine)
const interview = { interviewDate: '2026-03-05', assistanceReason: 'poverty', householdSizeConfirmed: 2, situationDescription: 'Rodzina bez stałego dochodu', cooperates: true }
async function one() {
  const c = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-02'), urgent: false } })
  const { instanceId } = await engine.startInstance({ processId: 'benefit-application', businessKey: c.id, variables: { receivedAt: '2026-03-02', urgent: false, benefit: 'zasilek-okresowy', householdSize: 2, incomes: [{ monthlyNet: 900 }, { monthlyNet: 0 }] } })
  await engine.idle()
  for (const vars of [interview, { proposedOutcome: 'grant', proposedAmount: 300, justification: 'Dochód na osobę nie przekracza kryterium dochodowego.' }, { approvalDecision: 'approve' }]) {
    const t = await db.prisma.task.findFirstOrThrow({ where: { instanceId, status: 'open' } })
    await engine.completeUserTask(t.engineKey, vars)
    await engine.idle()
  }
  const inst = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
  if (inst.status !== 'completed') throw new Error('not completed ' + inst.status + inst.incident)
}
await one()
const t1 = performance.now(); const N = 30
for (let i = 0; i < N; i++) await one()
console.log('ms/instance', (performance.now() - t1) / N)
await db.close(); rmSync(dir, { recursive: true, force: true })
