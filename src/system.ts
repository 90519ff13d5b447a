// The composition root: configuration → database → engine + handlers → web app. Used by main.ts and by tests
// that want the whole system in-process.
import type { Server } from 'node:http'
import type { Config } from './config.ts'
import { systemClock, type Clock } from '../engine/clock.ts'
import { EmbeddedEngine } from '../engine/embedded/embedded-engine.ts'
import { OperatonEngine } from '../engine/operaton/operaton-engine.ts'
import type { WorkflowEngine } from '../engine/port.ts'
import { RoutingEngine } from '../engine/routing-engine.ts'
import { chooseEngine } from '../engine/engine-choice.ts'
import { createLogger, type LogContext, type Logger } from './logger.ts'
import { openDatabase, type OpenedDatabase } from './storage/open-database.ts'
import { ensureDemoAccounts } from './users/demo-accounts.ts'
import { startPgliteMaintenance } from './storage/pglite-maintenance.ts'
import { createHandlers } from '../workers/create-handlers.ts'
import { createApp } from '../web/app.ts'
import { MailSender, smtpTransport } from './notifications/mail-sender.ts'
import { startHousekeeping } from './users/housekeeping.ts'
import { startIncidentAnnouncer } from './incidents/incident-announcer.ts'
import { SlaMonitor } from './sla/sla-monitor.ts'
import { SystemMetrics } from './metrics/system-metrics.ts'
import { seedDefaultPolicies } from './sla/sla-policies.ts'
import { seedProcessesFolder } from './procedures/seed-processes-folder.ts'
import { restrictedAssignmentGuard } from './procedures/check-restricted-assignments.ts'
import { seedRestrictions } from './procedures/procedure-restrictions.ts'
import { startPendingStartsLoop } from './cases/pending-starts-loop.ts'
import { startEventCases } from './cases/start-event-cases.ts'

export interface System {
  config: Readonly<Config>
  db: OpenedDatabase
  engine: WorkflowEngine
  clock: Clock
  logger: Logger
  app: ReturnType<typeof createApp>
  sla: SlaMonitor
  /** Starts listening on config.port (0: any free port); resolves with the port. */
  listen(): Promise<number>
  close(): Promise<void>
}

export interface SystemOptions {
  clock?: Clock
  logger?: Logger
  /** PGlite in memory (tests). */
  inMemory?: boolean
}

export async function createSystem(config: Readonly<Config>, options: SystemOptions = {}): Promise<System> {
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? createLogger({ level: config.logLevel })
  // one line per stage, so whoever starts it sees what it is doing (a first start migrates and deploys for a while)
  const began = Date.now()
  const stage = (name: string, context: LogContext = {}) => logger.info(`start-up: ${name}`, { ms: Date.now() - began, ...context })
  stage('opening the database', { database: config.databaseUrl ? 'postgresql' : options.inMemory ? 'pglite-memory' : 'pglite' })
  const db = await openDatabase(config, { inMemory: options.inMemory })
  if (db.appliedMigrations.length) logger.info('database migrated', { applied: db.appliedMigrations.join(',') })
  stage('database ready', { migrationsApplied: db.appliedMigrations.length })
  const metrics = new SystemMetrics({ config, prisma: db.prisma, clock, logger: logger.child({ component: 'metrics' }) })
  let engine: EmbeddedEngine | OperatonEngine | RoutingEngine | undefined
  let server: Server | undefined
  try {
    // refuses ENGINE=embedded while cases run on Operaton; tells whether embedded cases are left to finish
    const choice = await chooseEngine(db.prisma, config.engine)
    const embedded = () =>
      new EmbeddedEngine({
        prisma: db.prisma,
        clock,
        logger: logger.child({ component: 'engine' }) as never,
        schedulerIntervalMs: config.schedulerIntervalMs,
        liveInstances: config.engineLiveInstances,
        deploymentGuard: restrictedAssignmentGuard(db.prisma),
      })
    if (choice.kind === 'operaton') {
      // cases started on the embedded engine before the move finish there: it runs beside as Operaton's catalog
      const beside = choice.embeddedCases > 0 ? embedded() : undefined
      const operaton = new OperatonEngine({
        prisma: db.prisma,
        clock,
        urls: config.operaton.urls,
        apiToken: config.operaton.apiToken,
        logger: logger.child({ component: 'engine' }) as never,
        deploymentGuard: restrictedAssignmentGuard(db.prisma),
        workers: config.operaton.workers,
        workerConcurrency: config.operaton.workerConcurrency,
        catalog: beside,
      })
      if (beside) logger.info('embedded cases finish on the embedded engine', { instances: choice.embeddedCases })
      engine = beside ? new RoutingEngine({ prisma: db.prisma, operaton }) : operaton
    } else {
      engine = embedded()
    }
    for (const handler of createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: config.caseNumberPrefix })) {
      engine.registerHandler(metrics.handler(handler))
    }
    // every instance a message or timer start event starts gets a case first (src/cases/start-event-cases.ts)
    engine.setStartEventCases(startEventCases({ prisma: db.prisma, engine, clock, logger: logger.child({ component: 'cases' }), caseNumberPrefix: config.caseNumberPrefix, caseStartGraceMs: config.caseStartGraceMs }))
    stage('deploying the procedures', { engine: choice.kind })
    // restricted procedures first: the deployment below is checked against them
    const restricted = await seedRestrictions(db.prisma, clock)
    if (restricted.length) logger.info('procedure restrictions seeded', { processIds: restricted.join(',') })
    const seeded = await seedProcessesFolder({ prisma: db.prisma, engine, clock, logger: logger.child({ component: 'procedures' }) }, config.processesDir)
    for (const p of seeded.deployed.processes.filter((x) => !x.duplicate)) {
      logger.info('process deployed', { processId: p.processId, version: p.version })
    }
    await ensureDemoAccounts(db, config, logger)
    const policies = await seedDefaultPolicies(db.prisma, clock)
    if (policies.length) logger.info('sla policies seeded', { keys: policies.join(',') })
    stage('starting the engine', { deployed: seeded.deployed.processes.filter((x) => !x.duplicate).length })
    await engine.start()
    stage('engine started')
  } catch (err) {
    await engine?.stop().catch(() => undefined)
    await db.close().catch(() => undefined)
    throw err
  }
  const stopMaintenance = startPgliteMaintenance(db, logger.child({ component: 'storage' }))
  const stopHousekeeping = startHousekeeping({ prisma: db.prisma, clock, logger: logger.child({ component: 'users' }), loginHistoryDays: config.loginHistoryDays })
  const stopIncidentAnnouncer = startIncidentAnnouncer({ prisma: db.prisma, clock, logger: logger.child({ component: 'incidents' }), intervalMs: config.slaIntervalMs })
  const mailSender = config.smtpUrl
    ? new MailSender({ prisma: db.prisma, clock, logger: logger.child({ component: 'mail' }), transport: smtpTransport(config.smtpUrl), from: config.mailFrom })
    : null
  mailSender?.start()
  const runningEngine = metrics.engine(engine)
  const slaMonitor = new SlaMonitor({ prisma: db.prisma, engine: runningEngine, clock, logger: logger.child({ component: 'sla' }), intervalMs: config.slaIntervalMs })
  slaMonitor.start()
  // cases whose procedure start is pending (a crash mid-registration, a failed start): now, then every SLA interval
  const stopPendingStarts = startPendingStartsLoop({
    deps: { prisma: db.prisma, engine: runningEngine, clock, logger: logger.child({ component: 'cases' }), caseNumberPrefix: config.caseNumberPrefix, caseStartGraceMs: config.caseStartGraceMs },
    intervalMs: config.slaIntervalMs,
  })
  const app = createApp({ config, db, engine: runningEngine, clock, logger, sla: slaMonitor })
  return {
    config,
    db,
    engine: runningEngine,
    clock,
    logger,
    app,
    sla: slaMonitor,
    async listen() {
      await metrics.listen()
      return new Promise((resolve, reject) => {
        server = app.listen(config.port, config.host, () => {
          const address = server!.address()
          const port = typeof address === 'object' && address ? address.port : config.port
          stage('listening', { port })
          resolve(port)
        })
        // idle keep-alive connections stay open longer than a person pauses between clicks and than a reverse
        // proxy's idle timeout (60 s is common): Node's 5 s default let a request sent as the server closed the
        // connection fail with ECONNRESET (bench/office-load.ts saw it with 50 staff)
        server.keepAliveTimeout = 65_000
        server.headersTimeout = 66_000
        server.once('error', reject)
      })
    },
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()))
      await metrics.close()
      await slaMonitor.stop()
      await stopPendingStarts()
      await runningEngine.stop()
      await mailSender?.stop()
      await stopMaintenance()
      await stopHousekeeping()
      await stopIncidentAnnouncer()
      await db.close()
    },
  }
}
