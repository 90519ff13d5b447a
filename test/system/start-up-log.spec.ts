// Issue 16: a start-up says what it is doing, one line per stage, instead of a silence a newcomer takes for a hang.
import { expect } from 'chai'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../src/config.ts'
import { createLogger } from '../../src/logger.ts'
import { createSystem } from '../../src/system.ts'

describe('system: start-up log', function () {
  this.timeout(120_000)

  it('should log each stage in order with the time since the start when the system starts', async () => {
    const lines: Record<string, unknown>[] = []
    const logger = createLogger({ level: 'info', write: (line) => lines.push(JSON.parse(line)) })
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: path.join(os.tmpdir(), 'wf-start-up-log') })
    const system = await createSystem(config, { inMemory: true, logger })
    try {
      await system.listen()
      const stages = lines.filter((l) => String(l.msg).startsWith('start-up: '))
      expect(stages.map((l) => l.msg)).to.deep.equal([
        'start-up: opening the database',
        'start-up: database ready',
        'start-up: deploying the procedures',
        'start-up: starting the engine',
        'start-up: engine started',
        'start-up: listening',
      ])
      expect(stages[0]).to.include({ database: 'pglite-memory' })
      expect(stages[1]!.migrationsApplied).to.be.a('number').above(0)
      expect(stages[2]).to.include({ engine: 'embedded' })
      expect(stages[3]!.deployed, 'a new database gets the shipped procedures').to.be.a('number').above(0)
      expect(stages[5]!.port, 'the port it answers on').to.be.a('number').above(0)
      const times = stages.map((l) => l.ms as number)
      expect(times, 'the time since the start never goes back').to.deep.equal([...times].sort((a, b) => a - b))
    } finally {
      await system.close()
    }
  })
})
