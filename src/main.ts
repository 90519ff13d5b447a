// `npm start`: the system on the configured engine and database, until SIGINT/SIGTERM.
import { ConfigError, loadConfig } from './config.ts'
import { createSystem } from './system.ts'

async function main() {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
  const system = await createSystem(config)
  const port = await system.listen()
  system.logger.info('welfare-flow started', {
    url: `http://localhost:${port}`,
    engine: config.engine,
    database: system.db.kind,
    location: system.db.location,
  })
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    system.logger.info('stopping', { signal })
    await system.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err) => {
  process.stderr.write(`welfare-flow could not start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
