// The Operaton engine app (operaton/) end to end over HTTP, on the nodes in OPERATON_URL (scripts/ci-operaton.sh
// starts two on one PostgreSQL with the test clock): a deployment seen by every node, a FEEL condition over JSON
// variables, the task-event outbox, an external task completed with a JSON list, a timer moved by the test clock.
// The suite acks only its own task events: run no other outbox consumer against the same nodes at the same time.
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { describeOnOperaton, jsonVariable, operatonNode, type OperatonNode } from '../helpers/operaton.ts'

const BPMN = readFileSync(new URL('./fixtures/engine-app-check.bpmn', import.meta.url), 'utf8')
const PROCESS_KEY = 'wf_engine_app_check'
const TOPIC = 'wf-engine-app-check'

interface TaskEvent {
  id: number
  taskId: string
  type: string
  processInstanceId: string
  processDefinitionKey: string
  taskDefinitionKey: string
  createdAt: string
  data: { businessKey: string | null; candidateGroups: string[]; name: string | null; priority: number }
}

describeOnOperaton('Operaton engine app', (urls) => {
  const nodes: OperatonNode[] = urls.map(operatonNode)
  const first = nodes[0]
  const last = nodes[nodes.length - 1]
  const businessKey = `engine-app-${randomUUID()}`
  let deploymentId = ''
  let definitionId = ''
  let instanceId = ''
  let taskId = ''

  /** This instance's events, read page by page past the events others left in the outbox (`after`). */
  async function eventsOf(processInstanceId: string): Promise<TaskEvent[]> {
    const found: TaskEvent[] = []
    let after: number | null = null
    for (;;) {
      const response = await first.welfare(`/welfare/task-events?limit=1000${after === null ? '' : `&after=${after}`}`)
      expect(response.status).to.equal(200)
      const page = response.body as TaskEvent[]
      found.push(...page.filter((event) => event.processInstanceId === processInstanceId))
      if (page.length < 1000) return found
      after = page[page.length - 1]!.id
    }
  }

  async function ack(events: TaskEvent[]): Promise<number> {
    const response = await last.welfare('/welfare/task-events/ack', { json: { ids: events.map((event) => event.id) } })
    expect(response.status).to.equal(200)
    return response.body.deleted
  }

  async function startInstance(key: string, applicant: unknown, items: unknown): Promise<{ id: string; ended: boolean }> {
    const response = await first.rest(`/process-definition/key/${PROCESS_KEY}/start`, {
      json: { businessKey: key, variables: { applicant: jsonVariable(applicant), items: jsonVariable(items) } },
    })
    expect(response.status, JSON.stringify(response.body)).to.equal(200)
    return response.body
  }

  before(async () => {
    const form = new FormData()
    form.append('deployment-name', 'engine-app-check')
    form.append('enable-duplicate-filtering', 'true')
    form.append('deploy-changed-only', 'true')
    form.append('data', new Blob([BPMN], { type: 'application/octet-stream' }), 'engine-app-check.bpmn')
    const deployed = await first.rest('/deployment/create', { form })
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(200)
    deploymentId = deployed.body.id
    const definition = await first.rest(`/process-definition/key/${PROCESS_KEY}`)
    expect(definition.status).to.equal(200)
    definitionId = definition.body.id
  })

  after(async () => {
    for (const node of nodes) await node.welfare('/welfare/test/clock', { method: 'DELETE' }).catch(() => undefined)
    if (instanceId) {
      await first.rest(`/process-instance/${instanceId}`, { method: 'DELETE' }).catch(() => undefined)
      await ack(await eventsOf(instanceId)).catch(() => undefined)
    }
  })

  it('should report UP on every node, all on one kind of database, when asked for health', async () => {
    const names = new Set<string>()
    const databases = new Set<string>()
    for (const node of nodes) {
      const health = await node.welfare('/welfare/health')
      expect(health.status).to.equal(200)
      expect(health.body.status).to.equal('UP')
      names.add(health.body.node)
      databases.add(health.body.database)
      const engines = await node.rest('/engine')
      expect(engines.body).to.deep.equal([{ name: 'default' }])
    }
    expect(names.size, 'every node has a name of its own').to.equal(nodes.length)
    expect(databases.size).to.equal(1)
  })

  it('should show the same deployment and definition on every node when deployed through one', async () => {
    for (const node of nodes) {
      const deployment = await node.rest(`/deployment/${deploymentId}`)
      expect(deployment.status, node.restUrl).to.equal(200)
      const definition = await node.rest(`/process-definition/key/${PROCESS_KEY}`)
      expect(definition.body.id, node.restUrl).to.equal(definitionId)
    }
  })

  it('should follow the FEEL condition over JSON variables and write one create event when an instance starts', async () => {
    const rejected = await startInstance(`${businessKey}-rejected`, { income: [0] }, ['a', 'b'])
    const started = await startInstance(businessKey, { income: [1200.5, 0], name: 'x' }, ['a', 'b'])
    instanceId = started.id

    expect(rejected.ended, 'income[1] = 0 takes the default flow').to.equal(true)
    expect(started.ended).to.equal(false)
    const tasks = await first.rest(`/task?processInstanceId=${instanceId}&candidateGroup=caseworkers`)
    expect(tasks.body).to.have.length(1)
    taskId = tasks.body[0].id

    const events = await eventsOf(instanceId)
    expect(events.map((event) => event.type)).to.deep.equal(['create'])
    expect(events[0]).to.include({ taskId, processDefinitionKey: PROCESS_KEY, taskDefinitionKey: 'review' })
    expect(events[0].data).to.include({ businessKey, name: 'Review', priority: 60 })
    expect(events[0].data.candidateGroups).to.deep.equal(['caseworkers'])
    expect(await ack(events)).to.equal(1)
    expect(await ack(events), 'acking again is harmless').to.equal(0)
    expect(await eventsOf(instanceId)).to.deep.equal([])
  })

  it('should write a complete event and store the FEEL list of contexts as JSON when the task is completed on another node', async () => {
    const completed = await last.rest(`/task/${taskId}/complete`, { json: {} })
    expect(completed.status, JSON.stringify(completed.body)).to.equal(204)

    const events = await eventsOf(instanceId)
    expect(events.map((event) => event.type)).to.deep.equal(['complete'])
    expect(events[0].taskId).to.equal(taskId)
    expect(await ack(events)).to.equal(1)

    const rows = await first.rest(`/process-instance/${instanceId}/variables/rows?deserializeValue=false`)
    expect(rows.body.valueInfo.serializationDataFormat).to.equal('application/json')
    expect(JSON.parse(rows.body.value)).to.deep.equal([
      { item: 'a', position: 1 },
      { item: 'b', position: 2 },
    ])
  })

  it('should read back a JSON list when an external task is completed with one', async () => {
    const locked = await first.rest('/external-task/fetchAndLock', {
      json: { workerId: 'engine-app-spec', maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 30000, businessKey }] },
    })
    expect(locked.status).to.equal(200)
    expect(locked.body).to.have.length(1)
    const findings = [{ code: 'A', amount: 12.5 }, { code: 'B', amount: 0 }]

    const completed = await last.rest(`/external-task/${locked.body[0].id}/complete`, {
      json: { workerId: 'engine-app-spec', variables: { findings: jsonVariable(findings) } },
    })

    expect(completed.status, JSON.stringify(completed.body)).to.equal(204)
    const embedded = await first.rest(`/process-instance/${instanceId}/variables/findings`)
    expect(embedded.body.value).to.deep.equal(findings)
    const serialized = await last.rest(`/process-instance/${instanceId}/variables/findings?deserializeValue=false`)
    expect(JSON.parse(serialized.body.value)).to.deep.equal(findings)
  })

  it('should fire the timer when the test clock is moved past it on every node', async () => {
    const jobs = await first.rest(`/job?processInstanceId=${instanceId}&timers=true`)
    expect(jobs.body, 'the instance waits on its timer').to.have.length(1)
    const target = new Date(Date.now() + 2 * 3600_000).toISOString()

    for (const node of nodes) {
      const moved = await node.welfare('/welfare/test/clock', { json: { time: target } })
      expect(moved.status, `${node.baseUrl}: start the nodes with OPERATON_TEST_CLOCK=true`).to.equal(200)
    }

    let state = ''
    for (let attempt = 0; attempt < 80 && state !== 'COMPLETED'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      state = (await first.rest(`/history/process-instance/${instanceId}`)).body.state
    }
    expect(state).to.equal('COMPLETED')
  })
})
