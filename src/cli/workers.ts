// The job workers for Operaton without the web app: `npm run workers` (ENGINE=operaton). Several such processes
// (and the web app with OPERATON_WORKERS=in-app) can run at once: Operaton locks each external task for one worker.
// Reads the configuration through src/config.ts only: OPERATON_URL, OPERATON_API_TOKEN,
// OPERATON_WORKER_CONCURRENCY, and DATABASE_URL for the handlers' database and the catalog of our process
// versions. Stops on SIGINT/SIGTERM after the running handlers have finished and reported.
import { hostname } from 'node:os'
import { loadConfig } from '../config.ts'
import { systemClock } from '../../engine/clock.ts'
import { createCatalogLookup } from '../../engine/operaton/catalog-lookup.ts'
import { ExternalTaskWorker } from '../../engine/operaton/external-task-worker.ts'
import { OperatonClient } from '../../engine/operaton/operaton-client.ts'
import { createLogger } from '../logger.ts'
import { openDatabase } from '../storage/open-database.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { CliError, runCli } from './run-cli.ts'

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      resolve(signal)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}

async function main(): Promise<number> {
  const config = loadConfig()
  if (config.engine !== 'operaton') {
    throw new CliError('npm run workers runs the job workers of the Operaton engine: set ENGINE=operaton and OPERATON_URL (the embedded engine runs its jobs inside the web app).', 2)
  }
  if (!config.databaseUrl) {
    throw new CliError('npm run workers needs DATABASE_URL (PostgreSQL): the handlers write to the same database as the web app, and a PGlite folder can be open in one process only.', 2)
  }
  const logger = createLogger({ level: config.logLevel }).child({ component: 'workers' })
  const db = await openDatabase(config)
  try {
    const client = new OperatonClient({ urls: config.operaton.urls, apiToken: config.operaton.apiToken })
    const handlers = createHandlers({ prisma: db.prisma, clock: systemClock, caseNumberPrefix: config.caseNumberPrefix })
    const worker = new ExternalTaskWorker({
      client,
      handlers,
      lookup: createCatalogLookup({ client, prisma: db.prisma }),
      clock: systemClock,
      logger,
      concurrency: config.operaton.workerConcurrency,
      workerId: `${hostname()}:${process.pid}`,
    })
    const stopped = stopSignal()
    worker.start()
    logger.info('workers started', { nodes: config.operaton.urls.length, topics: worker.topics.length, concurrency: config.operaton.workerConcurrency })
    const signal = await stopped
    logger.info('workers stopping', { signal, running: worker.busy })
    await worker.stop()
    logger.info('workers stopped')
  } finally {
    await db.close()
  }
  return 0
}

await runCli('Running the Operaton job workers', main)
