// Lint for every procedure in processes/: the checks a deployment makes, and the ones it cannot make because
// they join the BPMN to the code (handlers, error codes, groups) — so a mistake fails here, not in production.
import { expect } from 'chai'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { BpmnModdle } from 'bpmn-moddle'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { parseBpmn, type ProcessModel } from '../../engine/embedded/process-model.ts'
import { isFeel } from '../../engine/embedded/feel.ts'
import { validateFormSchema } from '../../engine/embedded/form-schema.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder, PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { errorCodesOf } from '../../workers/error-codes.ts'
import { TaskType } from '../../workers/task-types.ts'
import { STANDARD_GROUPS } from '../../src/users/groups.ts'
import type { Clock } from '../../engine/clock.ts'

const require = createRequire(import.meta.url)
const zeebeModdle = require('zeebe-bpmn-moddle/resources/zeebe.json')

/** Variables to start each procedure with (as POST /api/cases would pass them); others start with none. */
const START_VARIABLES: Record<string, Record<string, unknown>> = {
  'benefit-application': { urgent: false, benefit: 'zasilek-okresowy', householdSize: 1, incomes: [{ monthlyNet: 500 }] },
  'crisis-intervention': {},
  'municipal-funeral': { dateOfDeath: '2026-03-01' },
  'za-zyciem-coordination': { eligibility: 'pregnancy' },
  'family-assistant': {},
  'blue-card': { perpetratorPresent: false },
}

interface BpmnFile {
  name: string
  xml: string
  models: ProcessModel[]
  problems: unknown[]
  /** The moddle tree, for what ProcessModel does not keep (error refs, messages). */
  root: any
}

async function loadFiles(): Promise<BpmnFile[]> {
  const names = (await readdir(PROCESSES_DIR)).filter((n) => n.endsWith('.bpmn')).sort()
  const files: BpmnFile[] = []
  for (const name of names) {
    const xml = await readFile(path.join(PROCESSES_DIR, name), 'utf8')
    const parsed = await parseBpmn(name, xml)
    const { rootElement } = await new BpmnModdle({ zeebe: zeebeModdle }).fromXML(xml)
    files.push({ name, xml, models: parsed.processes, problems: parsed.problems, root: rootElement })
  }
  return files
}

const ext = (el: any, type: string): any => (el?.extensionElements?.values ?? []).find((e: any) => e.$type === type)
const flowElements = (file: BpmnFile): any[] =>
  (file.root.rootElements ?? []).filter((e: any) => e.$type === 'bpmn:Process').flatMap((p: any) => p.flowElements ?? [])

describe('BPMN lint: every procedure in processes/', function () {
  let files: BpmnFile[]
  let formIds: Set<string>
  const jobTypes = new Set(createHandlers({ prisma: null as never, clock: null as unknown as Clock, caseNumberPrefix: 'X' }).map((h) => h.taskType))
  const groups = new Set(STANDARD_GROUPS.map((g) => g.key))

  before(async () => {
    files = await loadFiles()
    formIds = new Set()
    const formsDir = path.join(PROCESSES_DIR, 'forms')
    for (const name of (await readdir(formsDir)).filter((n) => n.endsWith('.form'))) {
      const checked = validateFormSchema(name, await readFile(path.join(formsDir, name), 'utf8'))
      expect(checked.problems, name).to.deep.equal([])
      expect(checked.formId, `${name}: the form id should be the file name`).to.equal(name.replace(/\.form$/, ''))
      formIds.add(checked.formId!)
    }
  })

  it('should find the procedures of issues 1 and 4', () => {
    const ids = files.flatMap((f) => f.models.map((m) => m.processId))
    expect(ids).to.include.members(['benefit-application', 'crisis-intervention', 'municipal-funeral', 'za-zyciem-coordination', 'family-assistant', 'blue-card'])
    expect(new Set(ids).size, 'process ids are unique').to.equal(ids.length)
  })

  it('should parse every file with no problems, one executable process named after the file', () => {
    for (const f of files) {
      expect(f.problems, f.name).to.deep.equal([])
      expect(f.models.map((m) => `${m.processId}.bpmn`), f.name).to.deep.equal([f.name])
    }
  })

  it('should register a handler for every job type a file uses, and list every handler in TaskType', () => {
    expect([...jobTypes].sort()).to.deep.equal(Object.values(TaskType).sort())
    for (const f of files) {
      for (const m of f.models) {
        for (const el of m.elements.values()) {
          if (el.kind === 'service') expect(jobTypes.has(el.jobType), `${f.name}#${el.id}: job type "${el.jobType}"`).to.equal(true)
        }
      }
    }
  })

  it('should link every user task to a form in processes/forms', () => {
    for (const f of files) {
      for (const m of f.models) {
        for (const el of m.elements.values()) {
          if (el.kind !== 'user') continue
          expect(el.formId, `${f.name}#${el.id} has a form`).to.be.a('string')
          expect(formIds.has(el.formId!), `${f.name}#${el.id}: form "${el.formId}"`).to.equal(true)
        }
      }
    }
  })

  it('should give every caught message a zeebe:subscription with a correlation key', () => {
    for (const f of files) {
      for (const el of flowElements(f)) {
        for (const def of el.eventDefinitions ?? []) {
          if (def.$type !== 'bpmn:MessageEventDefinition') continue
          const sub = ext(def.messageRef, 'zeebe:Subscription')
          expect(def.messageRef?.name, `${f.name}#${el.id}: message name`).to.be.a('string')
          expect(sub?.correlationKey, `${f.name}#${el.id}: correlation key of "${def.messageRef?.name}"`).to.be.a('string').and.not.equal('')
        }
      }
    }
  })

  it('should catch only error codes the task\'s handler can return (workers/error-codes.ts), never a catch-all', () => {
    for (const f of files) {
      for (const el of flowElements(f)) {
        if (el.$type !== 'bpmn:BoundaryEvent') continue
        for (const def of el.eventDefinitions ?? []) {
          if (def.$type !== 'bpmn:ErrorEventDefinition') continue
          const code = def.errorRef?.errorCode
          expect(code, `${f.name}#${el.id}: an error code, not a catch-all`).to.be.a('string')
          const jobType = ext(el.attachedToRef, 'zeebe:TaskDefinition')?.type
          expect(errorCodesOf(jobType), `${f.name}#${el.id}: can "${jobType}" return ${code}?`).to.include(code)
        }
      }
    }
  })

  it('should name only known groups, statically, as candidate groups', () => {
    for (const f of files) {
      for (const m of f.models) {
        for (const el of m.elements.values()) {
          if (el.kind !== 'user') continue
          expect(el.candidateGroups, `${f.name}#${el.id}: candidate groups`).to.be.a('string')
          expect(isFeel(el.candidateGroups), `${f.name}#${el.id}: static candidate groups`).to.equal(false)
          for (const g of el.candidateGroups!.split(',').map((s) => s.trim())) {
            expect(groups.has(g), `${f.name}#${el.id}: group "${g}" is in STANDARD_GROUPS`).to.equal(true)
          }
        }
      }
    }
  })

  describe('on the embedded engine', () => {
    let db: TestDatabase
    before(async () => {
      db = await createTestDatabase()
    })
    after(async () => db?.close())
    beforeEach(async () => db.reset())

    it('should deploy every file and start every procedure up to its first wait without an incident', async () => {
      const clock = new FakeClock('2026-03-02T09:00:00Z')
      const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
      for (const h of createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' })) engine.registerHandler(h)
      const deployed = await deployProcessesFolder(engine)
      expect(deployed.processes.map((p) => p.processId).sort()).to.deep.equal(files.flatMap((f) => f.models.map((m) => m.processId)).sort())
      for (const { processId } of deployed.processes) {
        const c = await db.prisma.case.create({ data: { procedure: processId, receivedAt: new Date('2026-03-02'), createdAt: clock.now() } })
        const { instanceId } = await engine.startInstance({
          processId,
          businessKey: c.id,
          variables: { ...(START_VARIABLES[processId] ?? {}), caseId: c.id, receivedAt: '2026-03-02' },
        })
        await engine.idle()
        const instance = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
        expect(instance.status, `${processId}: ${instance.incident ?? ''}`).to.equal('waiting')
        expect(await db.prisma.task.count({ where: { instanceId, status: 'open' } }), `${processId} waits on a task`).to.be.greaterThan(0)
        expect((await db.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).number, `${processId} numbers the case`).to.match(/^OPS\.8311\./)
      }
    })
  })
})
