// The external-task worker against small local HTTP servers standing in for two Operaton nodes (real sockets,
// port 0): what it fetches and from which node, and exactly what it reports for each outcome (retries, backoff,
// output variables, lock extension), without personal data in its logs.
import { expect } from 'chai'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeClock } from '../../engine/clock.ts'
import { complete, type Job, type JobHandler, type JobOutcome } from '../../engine/job.ts'
import { ExternalTaskWorker, type ExternalTaskWorkerOptions, type JobFinishedInfo, type LockedExternalTask } from '../../engine/operaton/external-task-worker.ts'
import { OperatonClient } from '../../engine/operaton/operaton-client.ts'
import type { ServiceTaskSpec } from '../../engine/operaton/service-task-spec.ts'
import { toOperatonVariables } from '../../engine/operaton/typed-variables.ts'

interface Call {
  node: number
  path: string
  body: any
}

interface FakeCluster {
  urls: string[]
  calls: Call[]
  /** Tasks the next fetchAndLock (on any node) hands out. */
  queue: LockedExternalTask[]
  close(): Promise<void>
}

async function fakeCluster(nodes = 2): Promise<FakeCluster> {
  const cluster: FakeCluster = { urls: [], calls: [], queue: [], close: async () => undefined }
  const servers: Server[] = []
  for (let node = 0; node < nodes; node++) {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const path = (req.url ?? '').replace('/engine-rest', '')
        const text = Buffer.concat(chunks).toString('utf8')
        const body = text ? JSON.parse(text) : null
        cluster.calls.push({ node, path, body })
        if (path === '/external-task/fetchAndLock') {
          const tasks = cluster.queue.splice(0, body.maxTasks)
          res.writeHead(200, { 'Content-Type': 'application/json' })
          res.end(JSON.stringify(tasks))
          return
        }
        res.writeHead(204)
        res.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    cluster.urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`)
  }
  cluster.close = async () => {
    for (const s of servers) {
      s.closeAllConnections()
      await new Promise<void>((resolve) => s.close(() => resolve()))
    }
  }
  return cluster
}

function task(overrides: Partial<LockedExternalTask> = {}): LockedExternalTask {
  return {
    id: 'task-1',
    topicName: 'wf-test',
    workerId: 'w',
    processInstanceId: 'pi-1',
    processDefinitionId: 'def:1',
    processDefinitionKey: 'def',
    activityId: 'work',
    businessKey: 'case-1',
    retries: null,
    variables: toOperatonVariables({ applicant: { name: 'Jan Kowalski', income: 1000 }, items: [1, 2] }),
    ...overrides,
  }
}

const SPEC: ServiceTaskSpec = { type: 'wf-test', retries: '3', headers: { h: 'v' }, inputs: [], outputs: [] }

async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('External task worker', () => {
  let cluster: FakeCluster
  let worker: ExternalTaskWorker | null
  const logLines: string[] = []
  const finished: JobFinishedInfo[] = []
  const logger = {
    info: (msg: string, ctx?: object) => void logLines.push(JSON.stringify({ msg, ...ctx })),
    warn: (msg: string, ctx?: object) => void logLines.push(JSON.stringify({ msg, ...ctx })),
    error: (msg: string, ctx?: object) => void logLines.push(JSON.stringify({ msg, ...ctx })),
  }

  beforeEach(async () => {
    cluster = await fakeCluster()
    worker = null
    logLines.length = 0
    finished.length = 0
  })
  afterEach(async () => {
    await worker?.stop({ abandon: true })
    await cluster.close()
  })

  function run(handle: (job: Job) => Promise<JobOutcome>, options: Partial<ExternalTaskWorkerOptions> & { spec?: ServiceTaskSpec | null; timeoutMs?: number } = {}) {
    const handler: JobHandler = { taskType: 'wf-test', timeoutMs: options.timeoutMs, handle }
    worker = new ExternalTaskWorker({
      client: new OperatonClient({ urls: cluster.urls }),
      handlers: [handler, { taskType: 'wf-other', handle: async () => complete() }],
      lookup: async () => (options.spec === undefined ? SPEC : options.spec),
      clock: new FakeClock('2026-01-05T09:00:00Z'),
      logger,
      concurrency: 2,
      workerId: 'worker-7',
      pollTimeoutMs: 0,
      idleDelayMs: 5,
      onJobFinished: (info) => void finished.push(info),
      ...options,
    })
    worker.start()
    return worker
  }

  const reports = () => cluster.calls.filter((c) => c.path !== '/external-task/fetchAndLock')

  it('should fetch every handler topic with its lock from each node in turn when it polls', async () => {
    run(async () => complete(), { lockMs: 45_000, timeoutMs: 5000 })

    await until('polls on both nodes', () => new Set(cluster.calls.map((c) => c.node)).size === 2)
    const polls = cluster.calls.filter((c) => c.path === '/external-task/fetchAndLock')
    expect(polls[0].node).to.not.equal(polls[1].node)
    expect(polls[0].body).to.deep.include({ workerId: 'worker-7', maxTasks: 2, asyncResponseTimeout: 0, usePriority: true })
    expect(polls[0].body.topics).to.deep.equal([
      { topicName: 'wf-test', lockDuration: 5000, deserializeValues: false },
      { topicName: 'wf-other', lockDuration: 45_000, deserializeValues: false },
    ])
  })

  it('should give the handler the task as a Job and complete with its result when it succeeds', async () => {
    let seen: Job | null = null
    run(async (job) => {
      seen = job
      return complete({ decision: 'granted', when: new Date('2026-01-06T00:00:00Z') })
    })
    cluster.queue.push(task())

    await until('a report', () => reports().length === 1)
    expect(seen).to.deep.equal({
      key: 'task-1',
      type: 'wf-test',
      processInstanceId: 'pi-1',
      elementId: 'work',
      businessKey: 'case-1',
      variables: { applicant: { name: 'Jan Kowalski', income: 1000 }, items: [1, 2] },
      headers: { h: 'v' },
      retries: 3,
    })
    const [report] = reports()
    expect(report.path).to.equal('/external-task/task-1/complete')
    expect(report.body).to.deep.equal({
      workerId: 'worker-7',
      variables: { decision: { value: 'granted', type: 'String' }, when: { value: '2026-01-06T00:00:00.000Z', type: 'String' } },
    })
    await until('the hook', () => finished.length === 1)
    expect(finished[0]).to.include({ taskId: 'task-1', outcome: 'complete', activityId: 'work', businessKey: 'case-1' })
  })

  it('should apply input and output mappings as the embedded engine does when the model has them', async () => {
    let seen: Job | null = null
    const spec: ServiceTaskSpec = {
      ...SPEC,
      inputs: [{ source: '=applicant.income + 1', target: 'income' }, { source: '=income * 2', target: 'twice' }],
      outputs: [{ source: '=result.total + twice', target: 'summary.total' }],
    }
    run(async (job) => {
      seen = job
      return complete({ result: { total: 5 }, extra: 'dropped' })
    }, { spec })
    cluster.queue.push(task())

    await until('a report', () => reports().length === 1)
    expect(seen!.variables).to.deep.include({ income: 1001, twice: 2002 })
    expect(reports()[0].body.variables).to.deep.equal({
      summary: { value: '{"total":2007}', type: 'Object', valueInfo: { serializationDataFormat: 'application/json', objectTypeName: 'java.util.Map' } },
    })
  })

  it('should report a failure with one retry less and the attempt\'s default backoff when the handler throws', async () => {
    run(async () => {
      throw new Error('PESEL 85010112345 rejected')
    })
    cluster.queue.push(task(), task({ id: 'task-2', retries: 2 }))

    // the worker logs a failure once its report is answered: wait for the line too (a loaded machine is slower)
    await until('two reports and the log line of the first', () => reports().length === 2 && logLines.some((l) => l.includes('task-1')))
    const byPath = Object.fromEntries(reports().map((r) => [r.path, r.body]))
    expect(byPath['/external-task/task-1/failure']).to.deep.equal({ workerId: 'worker-7', errorMessage: 'Error: PESEL 85010112345 rejected', retries: 2, retryTimeout: 1000 })
    expect(byPath['/external-task/task-2/failure']).to.deep.include({ retries: 1, retryTimeout: 2000 })
    expect(logLines.join('\n'), 'handler messages and variables stay out of the logs').not.to.match(/85010112345|Kowalski/)
    expect(logLines.some((l) => l.includes('task-1'))).to.equal(true)
  })

  it('should use the outcome\'s retries and backoff and report no wait at the last retry when fail gives them', async () => {
    run(async (job) => (job.key === 'task-1' ? { kind: 'fail', message: 'later', retryBackoffMs: 50, retries: 7 } : { kind: 'fail', message: 'last' }))
    cluster.queue.push(task(), task({ id: 'task-2', retries: 1 }))

    await until('two reports', () => reports().length === 2)
    const byPath = Object.fromEntries(reports().map((r) => [r.path, r.body]))
    expect(byPath['/external-task/task-1/failure']).to.deep.include({ retries: 7, retryTimeout: 50 })
    expect(byPath['/external-task/task-2/failure']).to.deep.include({ retries: 0, retryTimeout: 0 })
    await until('the hooks', () => finished.length === 2)
    expect(finished.map((f) => f.retriesLeft).sort()).to.deep.equal([0, 7])
  })

  it('should send the BPMN error with its output variables when the handler returns a caught one', async () => {
    run(async () => ({ kind: 'bpmnError', errorCode: 'REFUSED', message: 'no', variables: { reason: 'income' } }), { spec: { ...SPEC, caughtErrorCodes: ['REFUSED'] } })
    cluster.queue.push(task())

    await until('a report', () => reports().length === 1)
    expect(reports()[0]).to.deep.include({ path: '/external-task/task-1/bpmnError' })
    expect(reports()[0].body).to.deep.equal({ workerId: 'worker-7', errorCode: 'REFUSED', errorMessage: 'no', variables: { reason: { value: 'income', type: 'String' } } })
  })

  it('should fail without retries (an incident) when the handler returns a BPMN error no boundary catches', async () => {
    run(async () => ({ kind: 'bpmnError', errorCode: 'OTHER', message: 'no' }), { spec: { ...SPEC, caughtErrorCodes: ['REFUSED'] } })
    cluster.queue.push(task())

    await until('a report', () => reports().length === 1)
    expect(reports()[0]).to.deep.include({ path: '/external-task/task-1/failure' })
    expect(reports()[0].body).to.deep.equal({ workerId: 'worker-7', errorMessage: 'Unhandled BPMN error OTHER: no', retries: 0, retryTimeout: 0 })
  })

  it('should fail without retries and not run the handler when an input mapping cannot be evaluated', async () => {
    const handled: string[] = []
    run(async (job) => {
      handled.push(job.key)
      return complete()
    }, { spec: { ...SPEC, inputs: [{ source: '=1 +', target: 'x' }] } })
    cluster.queue.push(task())

    await until('a report', () => reports().length === 1)
    expect(handled).to.deep.equal([])
    expect(reports()[0].path).to.equal('/external-task/task-1/failure')
    expect(reports()[0].body).to.deep.include({ retries: 0, retryTimeout: 0 })
    expect(reports()[0].body.errorMessage).to.match(/^Input mapping failed: FeelError/)
  })

  it('should report a failure naming the activity when no model of the task is found', async () => {
    const handled: string[] = []
    run(async (job) => {
      handled.push(job.key)
      return complete()
    }, { spec: null })
    cluster.queue.push(task({ retries: 2 }))

    await until('a report', () => reports().length === 1)
    expect(handled).to.deep.equal([])
    expect(reports()[0].body).to.deep.equal({ workerId: 'worker-7', errorMessage: 'No model of service task work in process definition def:1', retries: 1, retryTimeout: 1000 })
  })

  it('should extend the lock while the handler runs longer than half of it', async () => {
    run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 450))
      return complete()
    }, { timeoutMs: 200 })
    cluster.queue.push(task())

    await until('the completion', () => reports().some((r) => r.path.endsWith('/complete')))
    const extensions = reports().filter((r) => r.path === '/external-task/task-1/extendLock')
    expect(extensions.length).to.be.at.least(2)
    expect(extensions[0].body).to.deep.equal({ workerId: 'worker-7', newDuration: 200 })
    const after = reports().findIndex((r) => r.path.endsWith('/complete'))
    expect(reports().slice(after + 1).filter((r) => r.path.endsWith('/extendLock')), 'no extension after the end').to.deep.equal([])
  })

  it('should wait for a running handler and report its outcome when stopped', async () => {
    let release: () => void = () => undefined
    const w = run(async () => {
      await new Promise<void>((resolve) => { release = resolve })
      return complete({ done: true })
    })
    cluster.queue.push(task())
    await until('the handler to start', () => w.busy === 1)

    const stopped = w.stop()
    setTimeout(() => release(), 50)
    await stopped

    expect(reports().map((r) => r.path)).to.deep.equal(['/external-task/task-1/complete'])
    const polls = cluster.calls.length
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(cluster.calls.length, 'no poll after stop').to.equal(polls)
  })

  it('should report nothing for a running handler when stopped with abandon (the lock expires instead)', async () => {
    let release: () => void = () => undefined
    const w = run(async () => {
      await new Promise<void>((resolve) => { release = resolve })
      return complete()
    })
    cluster.queue.push(task())
    await until('the handler to start', () => w.busy === 1)

    await w.stop({ abandon: true })
    release()
    await new Promise((resolve) => setTimeout(resolve, 50))

    expect(reports()).to.deep.equal([])
  })
})
