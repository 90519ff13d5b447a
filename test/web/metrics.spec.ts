// GET /metrics: the Prometheus text format (parsed strictly by test/helpers/prometheus-text.ts), values from
// seeded rows at the FakeClock's now, the engine decorator's histogram, access (METRICS_TOKEN, administrators,
// 401/403) and the separate unauthenticated listener.
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import type { JobHandler } from '../../engine/job.ts'
import { complete, bpmnError, fail } from '../../engine/job.ts'
import type { WorkflowEngine } from '../../engine/port.ts'
import { FakeClock } from '../../engine/clock.ts'
import { loadConfig } from '../../src/config.ts'
import { createLogger, silentLogger } from '../../src/logger.ts'
import { createSystem } from '../../src/system.ts'
import { instrumentEngine } from '../../src/metrics/instrument-engine.ts'
import { startMetricsListener } from '../../src/metrics/metrics-server.ts'
import { LATENCY_BUCKETS, MetricsRegistry } from '../../src/metrics/metrics-registry.ts'
import { renderMetrics } from '../../src/metrics/render-metrics.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, TEST_NOW, tokenFor } from '../helpers/web-app.ts'
import { FakeEngine } from '../helpers/web-fake-engine.ts'
import { insertTask } from '../helpers/web-fixtures.ts'
import { parsePrometheusText, sampleValue, type ParsedFamily } from '../helpers/prometheus-text.ts'

const METRICS_TOKEN = 'metrics-token-0123456789abcdef'
const NOW = new Date(TEST_NOW).getTime()
const MINUTE = 60_000
const DAY = 86_400_000
const at = (ms: number) => new Date(NOW + ms)

/** Every label name a metric may carry: ids and states only, never personal data. */
// ours, then prom-client's default process metrics' (V8 heap space, Node's version, the kind of GC)
const ALLOWED_LABELS = new Set(['state', 'procedure', 'action', 'status', 'type', 'outcome', 'operation', 'le', 'space', 'version', 'major', 'minor', 'patch', 'kind'])

const EXPECTED_TYPES: Record<string, string> = {
  welfare_open_tasks: 'gauge',
  welfare_open_cases_deadline: 'gauge',
  welfare_sla_escalations_total: 'counter',
  welfare_sla_escalations_pending: 'gauge',
  welfare_jobs: 'gauge',
  welfare_job_retries_total: 'counter',
  welfare_job_failures_total: 'counter',
  welfare_incidents: 'gauge',
  welfare_mail_outbox: 'gauge',
  welfare_engine_operation_seconds: 'histogram',
  welfare_engine_operation_errors_total: 'counter',
  welfare_job_handler_seconds: 'histogram',
  welfare_job_outcomes_total: 'counter',
  process_resident_memory_bytes: 'gauge',
  process_start_time_seconds: 'gauge',
  nodejs_heap_used_bytes: 'gauge',
  // some of prom-client's default metrics
  process_cpu_seconds_total: 'counter',
  nodejs_eventloop_lag_seconds: 'gauge',
  nodejs_version_info: 'gauge',
}

/** Checks the histogram's series: buckets in increasing `le`, cumulative, +Inf equal to _count; returns counts by `by`. */
function histogramCounts(family: ParsedFamily, by: string): Map<string, number> {
  const counts = new Map<string, number>()
  const series = new Set(family.samples.map((s) => s.labels[by]))
  for (const key of series) {
    const buckets = family.samples.filter((s) => s.name === `${family.name}_bucket` && s.labels[by] === key)
    expect(buckets.map((b) => b.labels.le)).to.deep.equal([...LATENCY_BUCKETS.map(String), '+Inf'])
    for (let i = 1; i < buckets.length; i++) expect(buckets[i].value, `${key} le=${buckets[i].labels.le}`).to.be.at.least(buckets[i - 1].value)
    const count = family.samples.find((s) => s.name === `${family.name}_count` && s.labels[by] === key)!.value
    const sum = family.samples.find((s) => s.name === `${family.name}_sum` && s.labels[by] === key)!.value
    expect(buckets.at(-1)!.value).to.equal(count)
    expect(sum).to.be.at.least(0).and.be.finite
    counts.set(key, (counts.get(key) ?? 0) + count)
  }
  return counts
}

describe('web: GET /metrics', function () {
  this.timeout(60_000)
  let db: TestDatabase

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => db.reset())

  describe('content', () => {
    let app: Express
    let clock: FakeClock
    let fake: FakeEngine
    let engine: WorkflowEngine
    let adminToken: string

    beforeEach(async () => {
      fake = new FakeEngine(db.prisma)
      engine = instrumentEngine(fake, new MetricsRegistry())
      ;({ app, clock } = await createWebTestApp(db, { engine }))
      adminToken = await tokenFor(app, 'admin')
    })

    async function scrape(): Promise<Map<string, ParsedFamily>> {
      const res = await request(app).get('/metrics').set(bearer(adminToken))
      expect(res.status).to.equal(200)
      return parsePrometheusText(res.text)
    }

    it('should answer the 0.0.4 text format, never cached, every sample of a declared metric, when an administrator asks', async () => {
      // given: a little of everything, including a label value that needs escaping
      await insertTask(db.prisma, { processId: 'odd"proc\\name', slaDueAt: at(-MINUTE) })
      await engine.startInstance({ processId: 'benefit-application' })
      // when
      const res = await request(app).get('/metrics').set(bearer(adminToken))
      // then
      expect(res.status).to.equal(200)
      expect(res.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8')
      expect(res.headers['cache-control']).to.equal('no-store')
      expect(res.headers.etag).to.equal(undefined)
      const families = parsePrometheusText(res.text)
      for (const [name, type] of Object.entries(EXPECTED_TYPES)) {
        expect(families.get(name)?.type, name).to.equal(type)
        expect(families.get(name)?.help, name).to.not.equal('')
      }
      for (const family of families.values()) {
        for (const sample of family.samples) {
          for (const label of Object.keys(sample.labels)) expect(ALLOWED_LABELS.has(label), `${sample.name} ${label}`).to.equal(true)
        }
      }
      expect(res.text).to.contain('procedure="odd\\"proc\\\\name"')
      expect(sampleValue(families, 'welfare_open_tasks', { state: 'overdue', procedure: 'odd"proc\\name' })).to.equal(1)
    })

    it('should count open tasks by SLA state and procedure at the clock\'s now when tasks with targets are seeded', async () => {
      // given
      const t = (processId: string, slaDueAt: Date | null, slaAtRiskAt: Date | null, status = 'open') =>
        insertTask(db.prisma, { processId, slaDueAt, slaAtRiskAt, status })
      await t('benefit-application', at(2 * DAY), at(DAY)) // on time
      await t('benefit-application', at(2 * DAY), null) // on time, no risk threshold
      await t('benefit-application', at(2 * DAY), at(0)) // at risk from exactly now
      await t('benefit-application', at(0), at(-60 * MINUTE)) // due exactly now: not yet overdue, at risk
      await t('benefit-application', at(-MINUTE), at(-DAY)) // overdue
      await t('benefit-application', null, null) // no target
      await t('benefit-application', at(-DAY), at(-2 * DAY), 'completed') // not open: not counted
      await t('family-assistance', at(-DAY), null) // overdue
      // when
      const families = await scrape()
      // then
      const open = (procedure: string, state: string) => sampleValue(families, 'welfare_open_tasks', { state, procedure })
      expect(['on_time', 'at_risk', 'overdue', 'no_target'].map((s) => open('benefit-application', s))).to.deep.equal([2, 2, 1, 1])
      expect(['on_time', 'at_risk', 'overdue', 'no_target'].map((s) => open('family-assistance', s))).to.deep.equal([0, 0, 1, 0])
      // when: three days later every target has passed
      clock.advanceDays(3)
      adminToken = await tokenFor(app, 'admin') // the session of three days ago has expired
      const later = await scrape()
      expect(['on_time', 'at_risk', 'overdue', 'no_target'].map((s) => sampleValue(later, 'welfare_open_tasks', { state: s, procedure: 'benefit-application' })))
        .to.deep.equal([0, 0, 5, 1])
    })

    it('should count open cases by deadline state when cases are seeded, leaving out closed cases and reached goals', async () => {
      // given
      const c = (slaDueAt: Date | null, slaAtRiskAt: Date | null, extra: { status?: string; slaDoneAt?: Date } = {}) =>
        db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-01'), slaDueAt, slaAtRiskAt, ...extra } })
      await c(at(10 * DAY), at(5 * DAY))
      await c(at(3 * DAY), at(-DAY))
      await c(at(-DAY), at(-3 * DAY))
      await c(null, null)
      await c(null, null)
      await c(at(-DAY), null, { slaDoneAt: at(-2 * DAY) })
      await c(at(-DAY), null, { status: 'closed' })
      // when
      const families = await scrape()
      // then
      const state = (s: string) => sampleValue(families, 'welfare_open_cases_deadline', { state: s })
      expect(['on_time', 'at_risk', 'overdue', 'no_target'].map(state)).to.deep.equal([1, 1, 1, 2])
    })

    it('should report jobs by status, retries beyond the first attempt, failures and incidents when engine rows are seeded', async () => {
      // given
      let n = 0
      const job = (type: string, status: string, attempts: number, errorMessage: string | null = null) =>
        db.prisma.job.create({
          data: {
            instanceId: 'i-1', elementId: 'Task_x', executionId: `exec-${++n}`, type, status, retries: 3, attempts, errorMessage,
            dueAt: at(0), createdAt: at(-DAY), updatedAt: at(0),
          },
        })
      await job('register-case', 'completed', 1)
      await job('register-case', 'completed', 3, 'Error: database busy') // two retries, then success
      await job('register-case', 'pending', 0)
      await job('issue-decision', 'incident', 4, 'Error: printer on fire')
      await job('issue-decision', 'running', 1)
      const definition = await db.prisma.processDefinition.create({
        data: { processId: 'benefit-application', version: 1, name: 'W', resourceName: 'w.bpmn', xml: '<x/>', checksum: 'c' },
      })
      for (const status of ['incident', 'waiting', 'incident', 'completed']) {
        await db.prisma.processInstance.create({ data: { definitionId: definition.id, processId: 'benefit-application', status, startedAt: at(-DAY) } })
      }
      // when
      const families = await scrape()
      // then
      const jobs = (type: string, status: string) => sampleValue(families, 'welfare_jobs', { type, status })
      expect([jobs('register-case', 'completed'), jobs('register-case', 'pending'), jobs('register-case', 'incident')]).to.deep.equal([2, 1, 0])
      expect([jobs('issue-decision', 'incident'), jobs('issue-decision', 'running'), jobs('issue-decision', 'completed')]).to.deep.equal([1, 1, 0])
      expect(sampleValue(families, 'welfare_job_retries_total', { type: 'register-case' })).to.equal(2)
      expect(sampleValue(families, 'welfare_job_retries_total', { type: 'issue-decision' })).to.equal(3)
      expect(sampleValue(families, 'welfare_job_failures_total', { type: 'register-case' })).to.equal(1)
      expect(sampleValue(families, 'welfare_job_failures_total', { type: 'issue-decision' })).to.equal(1)
      expect(sampleValue(families, 'welfare_incidents')).to.equal(2)
    })

    it('should report escalations by action and status and the pending ones as a gauge when escalations are seeded', async () => {
      // given
      let n = 0
      const escalation = (action: string, status: string) =>
        db.prisma.slaEscalation.create({
          data: { subjectType: 'task', subjectId: `t-${++n}`, policyId: 'p-1', stepId: 'remind', action, status, dueAt: at(0), createdAt: at(-DAY) },
        })
      await escalation('remind-assignee', 'fired')
      await escalation('remind-assignee', 'fired')
      await escalation('remind-assignee', 'pending')
      await escalation('escalate-to-manager', 'failed')
      await escalation('escalate-to-manager', 'pending')
      await escalation('reassign', 'canceled')
      // when
      const families = await scrape()
      // then
      const total = families.get('welfare_sla_escalations_total')!.samples.map((s) => [s.labels.action, s.labels.status, s.value])
      expect(total).to.have.deep.members([
        ['remind-assignee', 'fired', 2],
        ['escalate-to-manager', 'failed', 1],
        ['reassign', 'canceled', 1],
      ])
      expect(sampleValue(families, 'welfare_sla_escalations_pending')).to.equal(2)
    })

    it('should report the mail outbox by status, zeros included, when mails are queued', async () => {
      // given
      for (const status of ['pending', 'pending', 'failed']) {
        await db.prisma.mailOutbox.create({ data: { to: 'x@example.org', subject: 's', body: 'b', status, nextAttemptAt: at(0), createdAt: at(0) } })
      }
      // when
      const families = await scrape()
      // then
      expect(['pending', 'sent', 'failed'].map((status) => sampleValue(families, 'welfare_mail_outbox', { status }))).to.deep.equal([2, 0, 1])
    })

    it('should time every engine call through the decorator in cumulative buckets when operations run, failures included', async () => {
      // given
      const task = await insertTask(db.prisma)
      for (let i = 0; i < 3; i++) await engine.startInstance({ processId: 'benefit-application' })
      await engine.publishMessage({ name: 'm', correlationKey: 'k' })
      await engine.publishMessage({ name: 'm', correlationKey: 'k' })
      await engine.deploy([])
      await engine.cancelInstance('instance-1')
      await engine.assignUserTask(task.engineKey, 'pracownik')
      await engine.completeUserTask('no-such-task', {}).catch(() => undefined)
      fake.failStart = new Error('engine down')
      await engine.startInstance({ processId: 'benefit-application' }).catch(() => undefined)
      await engine.listProcesses() // not measured
      // when
      const families = await scrape()
      // then
      const counts = histogramCounts(families.get('welfare_engine_operation_seconds')!, 'operation')
      expect(Object.fromEntries(counts)).to.deep.equal({
        startInstance: 4,
        publishMessage: 2,
        deploy: 1,
        cancelInstance: 1,
        assignUserTask: 1,
        completeUserTask: 1,
      })
      expect(sampleValue(families, 'welfare_engine_operation_errors_total', { operation: 'startInstance' })).to.equal(1)
      expect(sampleValue(families, 'welfare_engine_operation_errors_total', { operation: 'completeUserTask' })).to.equal(1)
      expect(sampleValue(families, 'welfare_engine_operation_errors_total', { operation: 'deploy' })).to.equal(undefined)
      expect(fake.started).to.have.length(3) // the calls reached the engine itself
    })

    it("should keep the handler's timeout and side-effect-free mark when the decorator wraps it", () => {
      const registered: JobHandler[] = []
      Object.assign(fake, { registerHandler: (handler: JobHandler) => void registered.push(handler) })
      engine.registerHandler({ taskType: 'compute-deadlines', timeoutMs: 7000, sideEffectFree: true, handle: async () => complete() })
      expect(registered[0]).to.include({ taskType: 'compute-deadlines', timeoutMs: 7000, sideEffectFree: true })
    })

    it('should time job handler runs by type and outcome when handlers registered through the decorator run', async () => {
      // given: the handlers as the engine receives them
      const registered: JobHandler[] = []
      Object.assign(fake, { registerHandler: (handler: JobHandler) => void registered.push(handler) })
      const outcomes = [complete(), bpmnError('NO_BASIS', 'x'), fail('later'), complete()]
      engine.registerHandler({
        taskType: 'register-case',
        timeoutMs: 5000,
        async handle() {
          const next = outcomes.shift()
          if (!next) throw new Error('boom')
          return next
        },
      })
      expect(registered).to.have.length(1)
      expect(registered[0].timeoutMs).to.equal(5000)
      const job = { key: 'j', type: 'register-case', processInstanceId: 'i', elementId: 'e', businessKey: null, variables: {}, headers: {}, retries: 3 }
      // when
      for (let i = 0; i < 4; i++) await registered[0].handle(job)
      let thrown: unknown
      await registered[0].handle(job).catch((err: unknown) => (thrown = err))
      const families = await scrape()
      // then
      expect((thrown as Error).message).to.equal('boom')
      const outcome = (o: string) => sampleValue(families, 'welfare_job_outcomes_total', { type: 'register-case', outcome: o })
      expect(['complete', 'bpmnError', 'fail', 'throw'].map(outcome)).to.deep.equal([2, 1, 1, 1])
      const handlerFamily = families.get('welfare_job_handler_seconds')!
      expect(sampleValue(families, 'welfare_job_handler_seconds_count', { type: 'register-case', outcome: 'complete' })).to.equal(2)
      expect(Object.fromEntries(histogramCounts(handlerFamily, 'outcome'))).to.deep.equal({ complete: 2, bpmnError: 1, fail: 1, throw: 1 })
    })

    it('should report the memory, heap and start time of the process when scraped', async () => {
      const families = await scrape()
      expect(sampleValue(families, 'process_resident_memory_bytes')).to.be.above(0)
      expect(sampleValue(families, 'nodejs_heap_used_bytes')).to.be.above(0)
      expect(sampleValue(families, 'process_start_time_seconds')).to.be.above(0)
    })
  })

  describe('access', () => {
    it('should require the token or an administrator when METRICS_TOKEN is set', async () => {
      // given
      const { app } = await createWebTestApp(db, { env: { METRICS_TOKEN } })
      const admin = await tokenFor(app, 'admin')
      const caseworker = await tokenFor(app, 'pracownik')
      // when / then
      const anonymous = await request(app).get('/metrics')
      expect(anonymous.status).to.equal(401)
      expect(anonymous.headers['www-authenticate']).to.equal('Bearer')
      expect(anonymous.headers['cache-control']).to.equal('no-store')
      expect((await request(app).get('/metrics').set(bearer(METRICS_TOKEN))).status).to.equal(200)
      expect((await request(app).get('/metrics').set(bearer(`${METRICS_TOKEN}x`))).status).to.equal(401)
      expect((await request(app).get('/metrics').set(bearer(METRICS_TOKEN.slice(0, -1)))).status).to.equal(401)
      expect((await request(app).get('/metrics').set('Authorization', `Basic ${METRICS_TOKEN}`)).status).to.equal(401)
      expect((await request(app).get('/metrics').set(bearer(admin))).status).to.equal(200)
      const forbidden = await request(app).get('/metrics').set(bearer(caseworker))
      expect(forbidden.status).to.equal(403)
      expect(forbidden.body.error.code).to.equal('FORBIDDEN')
      expect(forbidden.text).to.not.contain('welfare_')
    })

    it('should allow an administrator\'s session cookie and refuse a caseworker\'s with 403 when the page session is used', async () => {
      // given
      const { app } = await createWebTestApp(db, { env: { METRICS_TOKEN } })
      const admin = await browserFor(app, 'admin')
      const caseworker = await browserFor(app, 'pracownik')
      // then
      const allowed = await admin.agent.get('/metrics')
      expect(allowed.status).to.equal(200)
      expect(allowed.text).to.contain('# TYPE welfare_open_tasks gauge')
      expect((await caseworker.agent.get('/metrics')).status).to.equal(403)
      // a bad bearer token is never replaced by the cookie
      expect((await admin.agent.get('/metrics').set(bearer('not-the-token-0123456789'))).status).to.equal(401)
    })

    it('should allow administrators only when METRICS_TOKEN is unset', async () => {
      // given
      const { app } = await createWebTestApp(db)
      const admin = await tokenFor(app, 'admin')
      const manager = await tokenFor(app, 'kierownik')
      // then
      expect((await request(app).get('/metrics')).status).to.equal(401)
      expect((await request(app).get('/metrics').set(bearer(METRICS_TOKEN))).status).to.equal(401)
      expect((await request(app).get('/metrics').set(bearer(manager))).status).to.equal(403)
      const res = await request(app).get('/metrics').set(bearer(admin))
      expect(res.status).to.equal(200)
      // an engine that is not instrumented: database and process metrics only
      const families = parsePrometheusText(res.text)
      expect(families.has('welfare_open_tasks')).to.equal(true)
      expect(families.has('welfare_engine_operation_seconds')).to.equal(false)
    })
  })

  describe('separate listener', () => {
    it('should serve /metrics without authentication and nothing else when started on its own port', async () => {
      // given
      const registry = new MetricsRegistry()
      registry.engineOperationSeconds.observe({ operation: 'deploy' }, 0.003)
      const listener = await startMetricsListener({
        host: '127.0.0.1',
        port: 0,
        render: () => renderMetrics({ prisma: db.prisma, clock: new FakeClock(TEST_NOW), registry }),
        logger: silentLogger,
      })
      try {
        const base = `http://127.0.0.1:${listener.port}`
        // when
        const res = await request(base).get('/metrics')
        // then
        expect(res.status).to.equal(200)
        expect(res.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8')
        expect(res.headers['cache-control']).to.equal('no-store')
        const families = parsePrometheusText(res.text)
        expect(sampleValue(families, 'welfare_engine_operation_seconds_count', { operation: 'deploy' })).to.equal(1)
        expect(sampleValue(families, 'welfare_engine_operation_seconds_bucket', { operation: 'deploy', le: '0.0025' })).to.equal(0)
        expect(sampleValue(families, 'welfare_engine_operation_seconds_bucket', { operation: 'deploy', le: '0.005' })).to.equal(1)
        expect((await request(base).get('/metrics?x=1')).status).to.equal(200)
        expect((await request(base).get('/')).status).to.equal(404)
        expect((await request(base).get('/api/cases')).status).to.equal(404)
        expect((await request(base).post('/metrics')).status).to.equal(405)
        const head = await request(base).head('/metrics')
        expect(head.status).to.equal(200)
      } finally {
        await listener.close()
      }
    })
  })
})

describe('system: metrics listener (PGlite in memory)', function () {
  this.timeout(120_000)

  it('should serve /metrics on METRICS_PORT without authentication while the main port still requires it', async () => {
    // given: the whole system, its engine and handlers measured by the composition root
    const lines: string[] = []
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) })
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', METRICS_PORT: '0', SCHEDULER_INTERVAL_MS: '50', LOG_LEVEL: 'info' })
    const system = await createSystem(config, { inMemory: true, logger })
    try {
      const mainPort = await system.listen()
      const listening = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'metrics listening')
      expect(listening?.host).to.equal('127.0.0.1')
      const metricsBase = `http://127.0.0.1:${listening!.port as number}`
      // when: an engine call through the system's engine, and a job whose handler fails (no such case)
      await system.engine.publishMessage({ name: 'nothing-waits', correlationKey: 'k' })
      const { instanceId } = await system.engine.startInstance({ processId: 'benefit-application', businessKey: 'no-such-case' })
      let families = parsePrometheusText((await request(metricsBase).get('/metrics')).text)
      // (the handler's outcome is counted before the engine records the failure in its Job row)
      const done = () =>
        sampleValue(families, 'welfare_job_outcomes_total', { type: 'register-case', outcome: 'fail' }) !== undefined &&
        (sampleValue(families, 'welfare_job_failures_total', { type: 'register-case' }) ?? 0) > 0
      for (let i = 0; i < 200 && !done(); i++) {
        await new Promise((r) => setTimeout(r, 50))
        families = parsePrometheusText((await request(metricsBase).get('/metrics')).text)
      }
      await system.engine.cancelInstance(instanceId)
      // then
      expect((await request(`http://127.0.0.1:${mainPort}`).get('/metrics')).status).to.equal(401)
      expect(sampleValue(families, 'welfare_engine_operation_seconds_count', { operation: 'publishMessage' })).to.equal(1)
      expect(sampleValue(families, 'welfare_engine_operation_seconds_count', { operation: 'startInstance' })).to.equal(1)
      expect(sampleValue(families, 'welfare_job_outcomes_total', { type: 'register-case', outcome: 'fail' })).to.be.at.least(1)
      expect(sampleValue(families, 'welfare_job_failures_total', { type: 'register-case' })).to.be.at.least(1)
    } finally {
      await system.close()
    }
  })
})
