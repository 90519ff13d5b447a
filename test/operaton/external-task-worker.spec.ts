// The external-task worker on the real Operaton nodes in OPERATON_URL: our JobHandlers run for external tasks with
// the Zeebe model's io mappings applied (as on the embedded engine), BPMN errors reach their boundary, failures
// count retries down to an incident and come back when retries are set, a worker that dies mid-job loses nothing,
// a long handler keeps its lock, and two workers on two nodes handle each task exactly once. Also the typed
// variables there and back through the engine. Processes and topics are prefixed tw_ / tw- and carry the run id.
import { expect } from 'chai'
import { randomUUID } from 'node:crypto'
import { systemClock } from '../../engine/clock.ts'
import { complete, bpmnError, type Job, type JobHandler, type JobOutcome } from '../../engine/job.ts'
import { ExternalTaskWorker, type ExternalTaskWorkerOptions, type JobFinishedInfo } from '../../engine/operaton/external-task-worker.ts'
import { OperatonClient } from '../../engine/operaton/operaton-client.ts'
import type { ServiceTaskSpec } from '../../engine/operaton/service-task-spec.ts'
import { fromOperatonVariables, toOperatonVariables } from '../../engine/operaton/typed-variables.ts'
import { createCatalogLookup } from '../../engine/operaton/catalog-lookup.ts'
import { describeOnOperaton } from '../helpers/operaton.ts'
import { createTestDatabase } from '../helpers/test-database.ts'
import { twBpmn, twSpecs, twTopicOf, twTopics } from './fixtures/tw-worker.ts'

const quiet = { info() {}, warn() {}, error() {} }

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function handler(taskType: string, handle: (job: Job) => Promise<JobOutcome>, timeoutMs?: number): JobHandler {
  return { taskType, timeoutMs, handle }
}

describeOnOperaton('External task worker', (urls) => {
  const run = randomUUID().slice(0, 8)
  const topics = twTopics(run)
  const token = process.env.OPERATON_API_TOKEN ?? null
  const client = new OperatonClient({ urls: urls.length ? urls : ['http://127.0.0.1:1/engine-rest'], apiToken: token })
  const ourDefinitions = new Set<string>()
  const instances: string[] = []
  const workers: ExternalTaskWorker[] = []
  let workerCount = 0

  const lookup = async (processDefinitionId: string, activityId: string): Promise<ServiceTaskSpec | null> => {
    const type = twTopicOf(run, activityId)
    if (!ourDefinitions.has(processDefinitionId) || !type || !twSpecs[activityId]) return null
    return { type, ...twSpecs[activityId] }
  }

  function worker(handlers: JobHandler[], options: Partial<ExternalTaskWorkerOptions> = {}): ExternalTaskWorker {
    const w = new ExternalTaskWorker({
      client,
      handlers,
      lookup,
      clock: systemClock,
      logger: quiet,
      concurrency: 4,
      workerId: `tw-${run}-${++workerCount}`,
      pollTimeoutMs: 0,
      idleDelayMs: 50,
      ...options,
    })
    workers.push(w)
    w.start()
    return w
  }

  async function start(processKey: string, businessKey: string, variables: Record<string, unknown> = {}): Promise<string> {
    const started = await client.request<{ id: string }>('POST', `/process-definition/key/${processKey}/start`, {
      body: { businessKey, variables: toOperatonVariables(variables) },
    })
    instances.push(started.id)
    return started.id
  }

  const heldAt = async (instanceId: string): Promise<string[]> =>
    (await client.request<{ taskDefinitionKey: string }[]>('GET', '/task', { query: { processInstanceId: instanceId } })).map((t) => t.taskDefinitionKey)

  const variablesOf = async (instanceId: string) =>
    fromOperatonVariables(await client.request('GET', `/process-instance/${instanceId}/variables`, { query: { deserializeValues: false } }))

  const incidentsOf = (instanceId: string) =>
    client.request<{ incidentType: string; configuration: string }[]>('GET', '/incident', { query: { processInstanceId: instanceId } })

  const successLogs = (instanceId: string) =>
    client.request<{ externalTaskId: string; workerId: string }[]>('GET', '/history/external-task-log', { query: { processInstanceId: instanceId, successLog: true } })

  /** True when a suite froze the engine's test clock (POST /welfare/test/clock with freeze): no lock expires then. */
  async function engineClockFrozen(): Promise<boolean> {
    const base = (urls[0] ?? '').replace(/\/engine-rest$/, '')
    const read = async () => {
      const response = await fetch(`${base}/welfare/test/clock`, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
      return response.ok ? ((await response.json()) as { time: string }).time : null
    }
    const first = await read()
    if (first === null) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
    return (await read()) === first
  }

  /** Every node back on real time; fails when a clock stays frozen (the lock tests would prove nothing). */
  async function releaseEngineClocks(): Promise<void> {
    for (const url of urls) {
      const base = url.replace(/\/engine-rest$/, '')
      await fetch(`${base}/welfare/test/clock`, { method: 'DELETE', headers: token ? { Authorization: `Bearer ${token}` } : {} })
    }
    expect(await engineClockFrozen(), 'the engine clock of the first node is still frozen').to.equal(false)
  }

  before(async () => {
    const form = new FormData()
    form.append('deployment-name', `tw-worker-${run}`)
    form.append('deploy-changed-only', 'true')
    for (const [name, xml] of Object.entries(twBpmn(run))) form.append(name, new Blob([xml], { type: 'application/octet-stream' }), name)
    const deployed = await client.request<{ id: string }>('POST', '/deployment/create', { form })
    const definitions = await client.request<{ id: string }[]>('GET', '/process-definition', { query: { deploymentId: deployed.id } })
    for (const d of definitions) ourDefinitions.add(d.id)
    expect(ourDefinitions.size).to.equal(6)
  })

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop({ abandon: true })))
  })

  after(async () => {
    for (const id of instances) {
      await client.request('DELETE', `/process-instance/${id}`, { query: { skipCustomListeners: true } }).catch(() => undefined)
    }
  })

  it('should show the handler the input-mapped variables, headers, retries and a stable key and write its result or mapped outputs when tasks complete', async () => {
    const seen: Job[] = []
    const finished: JobFinishedInfo[] = []
    worker([
      handler(topics.map, async (job) => {
        seen.push(job)
        return complete({ score: 41, note: 'merged' })
      }),
      handler(topics.score, async (job) => {
        seen.push(job)
        return complete({ ignored: true, bonus: 1 })
      }),
    ], { onJobFinished: (info) => void finished.push(info) })
    const businessKey = `tw-${run}-io`

    const id = await start('tw_io', businessKey, { applicant: { income: 1200.5, name: 'x' }, items: ['a', 'b'], retryBudget: 5 })

    await until('the instance to reach "held"', async () => (await heldAt(id)).includes('held'))
    expect(seen.map((j) => j.elementId)).to.deep.equal(['mapInputs', 'mapOutputs'])
    const [first, second] = seen
    expect(first.variables).to.deep.equal({
      applicant: { income: 1200.5, name: 'x' },
      items: ['a', 'b'],
      retryBudget: 5,
      doubled: 2401,
      itemCount: 2,
      label: 'fixed',
    })
    expect(first).to.include({ type: topics.map, businessKey, retries: 3, processInstanceId: id })
    expect(first.headers).to.deep.equal({ purpose: 'inputs' })
    expect(second.retries, 'retries from the FEEL expression =retryBudget').to.equal(5)
    expect(second.variables).to.include({ score: 41, note: 'merged' })
    const logs = await successLogs(id)
    expect(logs.map((l) => l.externalTaskId).sort()).to.deep.equal(seen.map((j) => j.key).sort())

    const vars = await variablesOf(id)
    expect(vars).to.include({ score: 41, note: 'merged', finalScore: 42 })
    expect(vars, 'inputs stay local to the job').not.to.have.any.keys('doubled', 'itemCount', 'label')
    expect(vars, 'with output mappings only the mapped targets are written').not.to.have.any.keys('ignored', 'bonus')
    expect(finished.map((f) => [f.activityId, f.outcome, f.businessKey])).to.deep.equal([
      ['mapInputs', 'complete', businessKey],
      ['mapOutputs', 'complete', businessKey],
    ])
  })

  it('should follow the error boundary with the error variables when the handler returns a caught BPMN error', async () => {
    worker([handler(topics.refuse, async (job) => bpmnError(String(job.variables.code), 'not eligible', { reason: 'income' }))])

    const id = await start('tw_error', `tw-${run}-refused`, { code: 'REFUSED' })

    await until('the instance to reach "heldRefused"', async () => (await heldAt(id)).includes('heldRefused'))
    expect(await variablesOf(id)).to.include({ reason: 'income' })
    expect(await incidentsOf(id)).to.deep.equal([])
  })

  it('should raise an incident naming the code when the handler returns a BPMN error no boundary catches', async () => {
    worker([handler(topics.refuse, async (job) => bpmnError(String(job.variables.code), 'no such rule'))])

    const id = await start('tw_error', `tw-${run}-uncaught`, { code: 'OTHER' })

    const incidents = await until('an incident', async () => {
      const found = await incidentsOf(id)
      return found.length ? found : null
    })
    expect(incidents.map((i) => i.incidentType)).to.deep.equal(['failedExternalTask'])
    const [task] = await client.request<{ retries: number; errorMessage: string }[]>('GET', '/external-task', { query: { processInstanceId: id } })
    expect(task.retries).to.equal(0)
    expect(task.errorMessage).to.equal('Unhandled BPMN error OTHER: no such rule')
  })

  it('should count retries down to an incident and complete once retries are set again when the handler fails', async () => {
    const retriesSeen: number[] = []
    let healthy = false
    worker([handler(topics.flaky, async (job) => {
      retriesSeen.push(job.retries)
      return healthy ? complete({ recovered: true }) : { kind: 'fail', message: 'service down', retryBackoffMs: 0 }
    })])

    const id = await start('tw_flaky', `tw-${run}-flaky`)

    const incidents = await until('an incident', async () => {
      const found = await incidentsOf(id)
      return found.length ? found : null
    })
    expect(retriesSeen, 'the model gives 2 retries: two attempts').to.deep.equal([2, 1])
    expect(incidents.map((i) => i.incidentType)).to.deep.equal(['failedExternalTask'])
    const [task] = await client.request<{ id: string; retries: number; errorMessage: string }[]>('GET', '/external-task', { query: { processInstanceId: id } })
    expect(task).to.include({ retries: 0, errorMessage: 'service down' })

    healthy = true
    await client.request('PUT', `/external-task/${task.id}/retries`, { body: { retries: 1 } })

    await until('the instance to reach "held"', async () => (await heldAt(id)).includes('held'))
    expect(retriesSeen).to.deep.equal([2, 1, 1])
    expect(await incidentsOf(id)).to.deep.equal([])
    expect(await variablesOf(id)).to.include({ recovered: true })
  })

  it('should ask for the default backoff of the first attempt and keep the message when a handler throws', async () => {
    const seen: number[] = []
    worker([handler(topics.flaky, async (job) => {
      seen.push(job.retries)
      throw new Error('boom')
    })])

    const id = await start('tw_flaky', `tw-${run}-thrown`)

    const [failure] = await until('a failure', async () => {
      const logs = await client.request<{ errorMessage: string; retries: number; timestamp: string; externalTaskId: string }[]>('GET', '/history/external-task-log', { query: { processInstanceId: id, failureLog: true } })
      return logs.length ? logs : null
    })
    await workers[workers.length - 1].stop()
    expect(seen).to.deep.equal([2])
    expect(failure.errorMessage).to.equal('Error: boom')
    // the task stays locked for the retry timeout: backoffMs(1) = 1 s (engine time on both sides; the log's
    // timestamp and the lock's start are two reads of the engine clock, a few milliseconds apart either way)
    const task = await client.request<{ lockExpirationTime: string; retries: number; errorMessage: string }>('GET', `/external-task/${failure.externalTaskId}`)
    expect(task).to.include({ retries: 1, errorMessage: 'Error: boom' })
    const waitMs = Date.parse(task.lockExpirationTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) - Date.parse(failure.timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
    expect(waitMs).to.be.within(950, 1100)
  })

  it('should deliver the task again and complete it once when a worker stops mid-job and its lock expires', async function () {
    await releaseEngineClocks() // lock expiry needs engine time to pass (a suite before may have frozen the test clock)
    let releaseA: () => void = () => undefined
    const keys: string[] = []
    const a = worker([handler(topics.slow, async (job) => {
      keys.push(job.key)
      await new Promise<void>((resolve) => { releaseA = resolve })
      return complete({ by: 'A' })
    }, 1500)])
    const id = await start('tw_slow', `tw-${run}-crash`)
    await until('worker A to take the task', async () => keys.length === 1)

    await a.stop({ abandon: true })
    worker([handler(topics.slow, async (job) => {
      keys.push(job.key)
      return complete({ by: 'B' })
    }, 1500)])

    await until('the instance to reach "held"', async () => (await heldAt(id)).includes('held'))
    releaseA()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(keys).to.have.length(2)
    expect(keys[1], 'the same task, the same job key').to.equal(keys[0])
    expect(await variablesOf(id)).to.include({ by: 'B' })
    expect(await successLogs(id)).to.have.length(1)
  })

  it('should keep the lock and handle the task once when the handler runs longer than its lock while another worker polls', async function () {
    await releaseEngineClocks() // with a frozen engine clock no lock would expire anyway: nothing would be proven
    const calls: string[] = []
    const slow = (name: string) => handler(topics.slow, async () => {
      calls.push(name)
      await new Promise((resolve) => setTimeout(resolve, 2500))
      return complete({ by: name })
    }, 1000)
    worker([slow('A')])
    worker([slow('B')])

    const id = await start('tw_slow', `tw-${run}-long`)

    await until('the instance to reach "held"', async () => (await heldAt(id)).includes('held'))
    expect(calls).to.have.length(1)
    expect(await successLogs(id)).to.have.length(1)
  })

  it('should handle each task exactly once when two workers poll two different nodes', async () => {
    const handled = new Map<string, string[]>()
    const onNode = (node: number, name: string) => {
      const nodeClient = new OperatonClient({ urls: [urls[node % urls.length]], apiToken: token })
      worker([handler(topics.many, async (job) => {
        handled.set(job.key, [...(handled.get(job.key) ?? []), name])
        await new Promise((resolve) => setTimeout(resolve, 20))
        return complete({ by: name })
      })], { client: nodeClient })
    }
    onNode(0, 'first')
    onNode(1, 'second')

    const ids: string[] = []
    for (let i = 0; i < 20; i++) ids.push(await start('tw_many', `tw-${run}-many-${i}`))

    await until('every instance to reach "held"', async () => {
      const open = await client.request<{ count: number }>('GET', '/external-task/count', { query: { topicName: topics.many } })
      return open.count === 0
    })
    expect(handled.size).to.equal(20)
    expect([...handled.values()].filter((by) => by.length !== 1), 'tasks handled more than once').to.deep.equal([])
    let completions = 0
    for (const id of ids) completions += (await successLogs(id)).length
    expect(completions).to.equal(20)
  })

  it('should give back the same values and store a FEEL result as JSON when typed variables go through the engine', async () => {
    const original = { applicant: { name: 'x', income: [1200.5, 0] }, items: [1, 2, 3.5], count: 3, big: 2 ** 40, ratio: 0.25, flag: true, none: null, text: 'żółw' }

    const id = await start('tw_vars', `tw-${run}-vars`, original)

    const back = await variablesOf(id)
    expect(back).to.deep.include(original)
    expect(back.computed).to.deep.equal({ doubled: [2, 4, 7], n: 3, name: 'x' })
    const embedded = fromOperatonVariables(await client.request('GET', `/process-instance/${id}/variables`))
    expect(embedded).to.deep.include(original)
  })

  it('should find the service task in the newest of our stored versions of the process when the CLI lookup is asked', async () => {
    const zeebe = (inputs: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="tw_io" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="mapInputs" />
    <bpmn:serviceTask id="mapInputs"><bpmn:extensionElements>
      <zeebe:taskDefinition type="${topics.map}" retries="4" />
      <zeebe:taskHeaders><zeebe:header key="purpose" value="inputs" /></zeebe:taskHeaders>
      <zeebe:ioMapping>${inputs}</zeebe:ioMapping>
    </bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="mapInputs" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`
    const db = await createTestDatabase()
    try {
      const row = (version: number, xml: string) => ({ processId: 'tw_io', version, name: 'tw io', resourceName: 'tw_io.bpmn', xml, checksum: `c${version}` })
      await db.prisma.processDefinition.createMany({
        data: [row(1, zeebe('<zeebe:input source="=1" target="old" />')), row(2, zeebe('<zeebe:input source="=2" target="current" />'))],
      })
      const lookup = createCatalogLookup({ client, prisma: db.prisma })
      const [remote] = await client.request<{ id: string }[]>('GET', '/process-definition', { query: { key: 'tw_io', latestVersion: true } })

      expect(await lookup(remote.id, 'mapInputs')).to.deep.equal({
        type: topics.map,
        retries: '4',
        headers: { purpose: 'inputs' },
        inputs: [{ source: '=2', target: 'current' }],
        outputs: [],
        caughtErrorCodes: [],
        loopScope: null, // not inside a multi-instance sub-process
      })
      expect(await lookup(remote.id, 'mapOutputs'), 'not a service task of our model').to.equal(null)
      let missing: unknown = null
      await lookup('tw_io:999:no-such-definition', 'mapInputs').catch((err) => { missing = err })
      expect(missing).to.have.property('code', 'NOT_FOUND')
    } finally {
      await db.close()
    }
  })
})
