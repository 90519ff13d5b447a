// What a job inside an inner instance of a multi-instance sub-process sets, on the real Operaton nodes in OPERATON_URL
// (engine/operaton/inner-scope-carrier.ts, operaton/…/loop/InnerScope.java): the completion carries it into that
// inner instance in one transaction, so a second completion of the same external task (a job delivered twice, the
// first delivery's lock lost) is refused and changes nothing, and nothing reaches the process or the other inner
// instance. Processes and topics carry the run id.
import { expect } from 'chai'
import { randomUUID } from 'node:crypto'
import { OperatonClient } from '../../engine/operaton/operaton-client.ts'
import { carriedVariables } from '../../engine/operaton/inner-scope-carrier.ts'
import { translateBpmn } from '../../engine/operaton/translate-bpmn.ts'
import { fromOperatonVariables, toOperatonVariables, type TypedValue } from '../../engine/operaton/typed-variables.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { describeOnOperaton } from '../helpers/operaton.ts'

interface Locked {
  id: string
  variables: Record<string, TypedValue>
}

describeOnOperaton('Inner-instance completions on Operaton', (urls) => {
  const run = randomUUID().slice(0, 8)
  const processKey = `isc_${run.replace(/-/g, '')}`
  const topic = `isc-check-${run}`
  const client = new OperatonClient({ urls: urls.length ? urls : ['http://127.0.0.1:1/engine-rest'], apiToken: process.env.OPERATON_API_TOKEN ?? null })
  const instances: string[] = []

  before(async () => {
    // the engine clocks on real time (a suite before may have moved or frozen them): locks must run out
    for (const url of urls) {
      await fetch(`${url.replace(/\/engine-rest$/, '')}/welfare/test/clock`, { method: 'DELETE', headers: process.env.OPERATON_API_TOKEN ? { Authorization: `Bearer ${process.env.OPERATON_API_TOKEN}` } : {} })
    }
    const loop = '<bpmn:multiInstanceLoopCharacteristics isSequential="false"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=household" inputElement="member" outputCollection="verdicts" outputElement="=verdict" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>'
    const file = bpmnFile(
      processKey,
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'each')}<bpmn:subProcess id="each">${loop}<bpmn:startEvent id="is" />${flow('i1', 'is', 'check')}${serviceTask('check', topic)}${flow('i2', 'check', 'review')}${userTask('review')}${flow('i3', 'review', 'ie')}<bpmn:endEvent id="ie" /></bpmn:subProcess>${flow('f2', 'each', 'e')}<bpmn:endEvent id="e" />`,
    )
    const { xml, problems } = await translateBpmn(file.name, file.content)
    expect(problems).to.deep.equal([])
    const form = new FormData()
    form.append('deployment-name', `isc-${run}`)
    form.append(file.name, new Blob([xml], { type: 'application/octet-stream' }), file.name)
    await client.request('POST', '/deployment/create', { form })
  })

  after(async () => {
    for (const id of instances) await client.request('DELETE', `/process-instance/${id}`, { query: { skipCustomListeners: true } }).catch(() => undefined)
  })

  const fetchOne = async (workerId: string, lockDuration: number): Promise<Locked[]> =>
    client.request<Locked[]>('POST', '/external-task/fetchAndLock', { body: { workerId, maxTasks: 10, topics: [{ topicName: topic, lockDuration, deserializeValues: false }] } })

  it('should refuse the late completion of a job delivered twice and keep only the accepted completion\'s variables, in its inner instance, when the first delivery\'s lock ran out', async () => {
    const started = await client.request<{ id: string }>('POST', `/process-definition/key/${processKey}/start`, { body: { variables: toOperatonVariables({ household: ['anna', 'jan'] }) } })
    instances.push(started.id)
    // the first delivery's lock runs out; the task is delivered again to another worker, which completes it
    // (a 1 ms lock runs out at once: a later poll may hand out a task a former one did; count each task once)
    const byId = new Map<string, Locked>()
    for (const deadline = Date.now() + 20_000; byId.size < 2 && Date.now() < deadline; ) {
      for (const task of await fetchOne(`isc-a-${run}`, 1)) if (!byId.has(task.id)) byId.set(task.id, task) // the start's asynchronous continuation runs first
      if (byId.size < 2) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const first = [...byId.values()]
    expect(first).to.have.length(2)
    const jan = first.find((t) => fromOperatonVariables(t.variables).member === 'jan')!
    await new Promise((resolve) => setTimeout(resolve, 50))
    const again = (await fetchOne(`isc-b-${run}`, 60_000)).find((t) => t.id === jan.id)
    expect(again, 'the expired lock lets the task be delivered again').to.not.equal(undefined)
    await client.request('POST', `/external-task/${jan.id}/complete`, { body: { workerId: `isc-b-${run}`, variables: carriedVariables({ verdict: 'second delivery' }) } })
    // the first delivery finishes late: refused, and nothing of it is written
    const late = await client
      .request('POST', `/external-task/${jan.id}/complete`, { body: { workerId: `isc-a-${run}`, variables: carriedVariables({ verdict: 'first delivery', extra: 'late' }) } })
      .then(() => 'accepted', () => 'refused')
    expect(late).to.equal('refused')
    // (the job's asynchronous continuation opens the review)
    let review: { id: string } | undefined
    for (const deadline = Date.now() + 20_000; !review && Date.now() < deadline; ) {
      ;[review] = await client.request<{ id: string }[]>('GET', '/task', { query: { processInstanceId: started.id, taskDefinitionKey: 'review' } })
      if (!review) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const seen = fromOperatonVariables(await client.request('GET', `/task/${review!.id}/variables`, { query: { deserializeValues: false } }))
    expect(seen).to.include({ member: 'jan', verdict: 'second delivery', wf_scope_out: null })
    expect(seen).not.to.have.property('extra')
    const processVars = fromOperatonVariables(await client.request('GET', `/process-instance/${started.id}/variables`, { query: { deserializeValues: false } }))
    expect(processVars, 'nothing reaches the process').not.to.have.any.keys('verdict', 'extra', 'member')
  })
})
