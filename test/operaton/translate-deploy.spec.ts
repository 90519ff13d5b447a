// The Zeebe → Operaton translation checked on real Operaton (nodes in OPERATON_URL): every shipped process, the
// decision and the forms deploy together once translated, and the tricky rules behave as on Zeebe (a FEEL condition
// on JSON variables picks the branch; candidate groups, due date and priority come from variables; a timer from a
// variable; a decision's result in the result variable). Process, form and decision ids get the prefix tt_ so other
// suites using the same nodes are not disturbed; the instances started here are deleted afterwards and their
// task events acknowledged.
import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { translateBpmn, translateDmn } from '../../engine/operaton/translate-bpmn.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask } from '../helpers/dmn-fixture.ts'
import { describeOnOperaton, jsonVariable, operatonNode, type OperatonNode } from '../helpers/operaton.ts'

const PROCESSES = new URL('../../processes/', import.meta.url)
const FORMS = new URL('forms/', PROCESSES)

/** Prefixes ids with tt_ wherever they appear as a whole quoted value (ids, references, formId, decisionId). */
const prefixed = (text: string, ids: string[]) => ids.reduce((out, id) => out.split(`"${id}"`).join(`"tt_${id}"`), text)

const formFiles = readdirSync(FORMS).filter((f) => f.endsWith('.form'))
const formIds = formFiles.map((f) => String(JSON.parse(readFileSync(new URL(f, FORMS), 'utf8')).id))
const decisionXml = prefixed(readFileSync(new URL('income-criteria.dmn', PROCESSES), 'utf8'), ['income-criteria'])
const decisions = new Map([['tt_income-criteria', decisionXml]])

async function translatedOrFail(name: string, xml: string): Promise<string> {
  const result = await translateBpmn(name, xml, { decisions })
  expect(result.problems, name).to.deep.equal([])
  return result.xml
}

async function deploy(node: OperatonNode, name: string, files: { name: string; content: string }[]) {
  const form = new FormData()
  form.append('deployment-name', name)
  for (const file of files) form.append(file.name, new Blob([file.content], { type: 'application/octet-stream' }), file.name)
  const response = await node.rest('/deployment/create', { form })
  expect(response.status, JSON.stringify(response.body)).to.equal(200)
  return response.body
}

/** Polls until `read` gives a value (the steps after a start event run in an async job on some node). */
async function eventually<T>(what: string, read: () => Promise<T | null | undefined>, attempts = 60): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await read()
    if (value !== null && value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`Gave up waiting for ${what}`)
}

const CHECKS = bpmnFile(
  'tt_translate_checks',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'gate')}
   <bpmn:exclusiveGateway id="gate" default="toLow" />
   ${flow('toHigh', 'gate', 'high', '=applicant.income[1] &gt; 1000 and applicant.kind = "family"')}
   ${flow('toLow', 'gate', 'low')}
   ${userTask('high', '<zeebe:assignmentDefinition candidateGroups="=teams" assignee="=owner" /><zeebe:taskSchedule dueDate="=replyDueAt" /><zeebe:priorityDefinition priority="=if urgent then 80 else 50" /><zeebe:formDefinition formId="tt_crisis-triage" />')}
   ${userTask('low', '<zeebe:assignmentDefinition candidateGroups="caseworkers" /><zeebe:priorityDefinition priority="30" />')}
   ${flow('f1', 'high', 'end')}${flow('f2', 'low', 'end')}<bpmn:endEvent id="end" />`,
)

const TIMER = bpmnFile(
  'tt_translate_timer',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'wait')}
   <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=waitFor</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
   ${flow('f1', 'wait', 'end')}<bpmn:endEvent id="end" />`,
)

const DECISION = bpmnFile(
  'tt_translate_decision',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'criteria')}
   ${businessRuleTask('criteria', 'tt_income-criteria', 'criteria')}
   ${flow('f1', 'criteria', 'hold')}${userTask('hold', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}
   ${flow('f2', 'hold', 'end')}<bpmn:endEvent id="end" />`,
)

const OUTPUTS = bpmnFile(
  'tt_translate_outputs',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'contact')}
   ${userTask('contact', '<zeebe:assignmentDefinition candidateGroups="caseworkers" /><zeebe:ioMapping><zeebe:output source="=append(if contacts = null then [] else contacts, {result: contactResult})" target="contacts" /></zeebe:ioMapping>')}
   ${flow('f1', 'contact', 'hold')}${userTask('hold', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}
   ${flow('f2', 'hold', 'end')}<bpmn:endEvent id="end" />`,
)

describeOnOperaton('Zeebe BPMN translated for Operaton', (urls) => {
  const nodes = urls.map(operatonNode)
  const first = nodes[0]
  const last = nodes[nodes.length - 1]
  const started: string[] = []
  const businessKey = `tt-translate-${randomUUID()}`

  async function start(processKey: string, variables: Record<string, unknown>): Promise<string> {
    const response = await first.rest(`/process-definition/key/${processKey}/start`, { json: { businessKey, variables } })
    expect(response.status, JSON.stringify(response.body)).to.equal(200)
    started.push(response.body.id)
    return response.body.id
  }

  const taskOf = (instanceId: string) =>
    eventually(`the user task of ${instanceId}`, async () => (await last.rest(`/task?processInstanceId=${instanceId}`)).body?.[0])

  before(async function () {
    this.timeout(60_000)
    const files = [CHECKS, TIMER, DECISION, OUTPUTS]
    const translated = await Promise.all(files.map(async (f) => ({ name: f.name, content: await translatedOrFail(f.name, f.content) })))
    const dmn = await translateDmn('income-criteria.dmn', decisionXml)
    expect(dmn.problems).to.deep.equal([])
    const forms = formFiles.map((f) => ({ name: f, content: prefixed(readFileSync(new URL(f, FORMS), 'utf8'), formIds) }))
    await deploy(first, 'tt_translate_checks', [...translated, { name: 'income-criteria.dmn', content: dmn.xml }, ...forms])
  })

  after(async () => {
    for (const id of started) await first.rest(`/process-instance/${id}?skipCustomListeners=false`, { method: 'DELETE' }).catch(() => undefined)
    const events = await first.welfare('/welfare/task-events?limit=1000').catch(() => null)
    const mine = ((events?.body as { id: number; processInstanceId: string }[] | null) ?? []).filter((e) => started.includes(e.processInstanceId))
    if (mine.length) await first.welfare('/welfare/task-events/ack', { json: { ids: mine.map((e) => e.id) } }).catch(() => undefined)
  })

  it('should accept every shipped process with the decision and the forms when deployed together', async () => {
    const files: { name: string; content: string }[] = []
    for (const name of readdirSync(PROCESSES).filter((f) => f.endsWith('.bpmn'))) {
      const xml = readFileSync(new URL(name, PROCESSES), 'utf8')
      const processIds = [...xml.matchAll(/<bpmn:process id="([^"]+)"/g)].map((m) => m[1])
      files.push({ name, content: await translatedOrFail(name, prefixed(xml, [...processIds, ...formIds])) })
    }
    const dmn = await translateDmn('income-criteria.dmn', decisionXml)
    files.push({ name: 'income-criteria.dmn', content: dmn.xml })
    for (const f of formFiles) files.push({ name: f, content: prefixed(readFileSync(new URL(f, FORMS), 'utf8'), formIds) })

    const deployment = await deploy(first, 'tt_translate_shipped', files)
    const keys = Object.values(deployment.deployedProcessDefinitions ?? {}).map((d) => (d as { key: string }).key).sort()
    expect(keys).to.deep.equal(files.filter((f) => f.name.endsWith('.bpmn')).map((f) => `tt_${f.name.replace('.bpmn', '')}`).sort())
    expect(Object.values(deployment.deployedDecisionDefinitions ?? {}).map((d) => (d as { key: string }).key)).to.deep.equal(['tt_income-criteria'])
    const resources = await first.rest(`/deployment/${deployment.id}/resources`)
    expect(resources.body.filter((r: { name: string }) => r.name.endsWith('.form'))).to.have.length(formFiles.length)
  })

  it('should take the conditional branch and fill the task from variables when the FEEL condition holds', async () => {
    const id = await start('tt_translate_checks', {
      applicant: jsonVariable({ income: [1200.5], kind: 'family' }),
      teams: jsonVariable(['caseworkers', 'managers']),
      owner: { value: 'ann', type: 'String' },
      replyDueAt: { value: '2027-03-01T09:30:00Z', type: 'String' },
      urgent: { value: true, type: 'Boolean' },
    })
    const task = await taskOf(id)
    expect(task).to.include({ taskDefinitionKey: 'high', assignee: 'ann', priority: 80 })
    expect(new Date(task.due).toISOString()).to.equal('2027-03-01T09:30:00.000Z')
    const links = await first.rest(`/task/${task.id}/identity-links?type=candidate`)
    expect(links.body.map((l: { groupId: string }) => l.groupId).sort()).to.deep.equal(['caseworkers', 'managers'])
    const form = await first.rest(`/task/${task.id}/deployed-form`)
    expect(form.status).to.equal(200)
    expect(form.body.id).to.equal('tt_crisis-triage')
  })

  it('should take the default branch when the FEEL condition does not hold', async () => {
    const id = await start('tt_translate_checks', { applicant: jsonVariable({ income: [900], kind: 'family' }) })
    const task = await taskOf(id)
    expect(task).to.include({ taskDefinitionKey: 'low', priority: 30 })
  })

  it('should create the task without assignee, due date or groups when those variables are not set', async () => {
    const id = await start('tt_translate_checks', { applicant: jsonVariable({ income: [5000], kind: 'family' }) })
    const task = await taskOf(id)
    expect(task).to.include({ taskDefinitionKey: 'high', assignee: null, due: null, priority: 50 })
    const links = await first.rest(`/task/${task.id}/identity-links?type=candidate`)
    expect(links.body).to.deep.equal([])
  })

  it('should schedule the timer from the variable when the duration is "=waitFor"', async () => {
    const id = await start('tt_translate_timer', { waitFor: { value: 'PT3H', type: 'String' } })
    const job = await eventually('the timer job', async () => (await first.rest(`/job?processInstanceId=${id}&timers=true`)).body?.[0])
    const history = await first.rest(`/history/process-instance/${id}`)
    const hours = (Date.parse(job.dueDate) - Date.parse(history.body.startTime)) / 3_600_000
    expect(hours).to.be.within(2.99, 3.01)
  })

  it('should apply the FEEL output mapping and keep the form variables local when a task is completed through its execution', async () => {
    const id = await start('tt_translate_outputs', { contacts: jsonVariable([{ result: 'earlier' }]) })
    const task = await taskOf(id)
    const local = await last.rest(`/execution/${task.executionId}/localVariables`, {
      json: { modifications: { contactResult: { value: 'reached', type: 'String' } } },
    })
    expect(local.status, JSON.stringify(local.body)).to.equal(204)
    expect((await last.rest(`/task/${task.id}/complete`, { json: {} })).status).to.equal(204)
    await eventually('the next task', async () => (await first.rest(`/task?processInstanceId=${id}&taskDefinitionKey=hold`)).body?.[0])
    const variables = await first.rest(`/process-instance/${id}/variables`)
    expect(variables.body.contacts.value).to.deep.equal([{ result: 'earlier' }, { result: 'reached' }])
    expect(variables.body).not.to.have.property('contactResult')
  })

  it('should put the decision result in the result variable when a business rule task calls the translated DMN', async () => {
    const id = await start('tt_translate_decision', { applicationDate: { value: '2025-03-01', type: 'String' } })
    await taskOf(id)
    const variable = await first.rest(`/process-instance/${id}/variables/criteria`)
    expect(variable.status, JSON.stringify(variable.body)).to.equal(200)
    expect(variable.body.value).to.deep.equal({ criterionSingle: 1010, criterionPerPersonInFamily: 823 })
  })
})
