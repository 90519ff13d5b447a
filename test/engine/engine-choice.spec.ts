// Which engine set-up a start gets (engine/engine-choice.ts): ENGINE=embedded is refused while cases still run on
// Operaton; ENGINE=operaton routes when embedded cases have not ended.
import { expect } from 'chai'
import { ConfigError } from '../../src/config.ts'
import { FakeClock } from '../../engine/clock.ts'
import { chooseEngine } from '../../engine/engine-choice.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'

const waiting = bpmnFile('rt_choice_wait', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${userTask('wait')}${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />`)

describe('engine choice at start-up', () => {
  let db: TestDatabase
  let engine: EmbeddedEngine
  const clock = new FakeClock('2026-03-02T08:00:00Z')

  before(async function () {
    this.timeout(120_000)
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    await engine.start()
    await engine.deploy([waiting])
  })
  afterEach(async () => engine.stop())

  /** A case as the Operaton adapter mirrors it: a ProcessInstance row with engine "operaton". */
  const operatonCase = async (id: string, status: string) => {
    const definition = await db.prisma.processDefinition.findFirstOrThrow({ where: { processId: 'rt_choice_wait' } })
    await db.prisma.processInstance.create({
      data: { id, definitionId: definition.id, processId: 'rt_choice_wait', status, startedAt: clock.now(), engine: 'operaton' },
    })
  }

  it('should refuse ENGINE=embedded naming how many cases still run on Operaton and what to set when some do', async () => {
    await operatonCase('op-1', 'waiting')
    await operatonCase('op-2', 'incident')
    await operatonCase('op-3', 'completed')

    const refused = await chooseEngine(db.prisma, 'embedded').then(
      () => null,
      (err: unknown) => err,
    )

    expect(refused).to.be.instanceOf(ConfigError)
    expect((refused as ConfigError).variable).to.equal('ENGINE')
    expect((refused as Error).message).to.include('2 process instances still run on Operaton')
    expect((refused as Error).message).to.include('Set ENGINE=operaton and OPERATON_URL')
  })

  it('should start the embedded engine when every Operaton case has ended', async () => {
    await operatonCase('op-1', 'completed')
    await operatonCase('op-2', 'canceled')
    await engine.startInstance({ processId: 'rt_choice_wait' })

    expect(await chooseEngine(db.prisma, 'embedded')).to.deep.equal({ kind: 'embedded' })
  })

  it('should count the embedded cases left to finish when ENGINE=operaton', async () => {
    await engine.startInstance({ processId: 'rt_choice_wait' })
    const ended = await engine.startInstance({ processId: 'rt_choice_wait' })
    await engine.cancelInstance(ended.instanceId)

    expect(await chooseEngine(db.prisma, 'operaton')).to.deep.equal({ kind: 'operaton', embeddedCases: 1 })
  })
})
