// The start-up step for the processes folder (seedProcessesFolder) on a real database, run again as a restart
// would: a fresh database is seeded with every file; an unchanged folder is not even parsed; a manager's version
// stays the newest across restarts; a shipped upgrade is deployed only when nobody deployed a version since the
// previous shipped one, else it waits (pending, logged with ids only); databases from before the record count
// versions deployed by "system" as shipped. And the engine makes no version of content that only looks different.
import { expect } from 'chai'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { BpmnModdle } from 'bpmn-moddle'
import { createRequire } from 'node:module'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import { seedProcessesFolder, type SeedReport } from '../../src/procedures/seed-processes-folder.ts'
import { SystemComment } from '../../src/procedures/version-comments.ts'
import { createHandlers } from '../../workers/create-handlers.ts'

const require = createRequire(import.meta.url)
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json')

const BENEFIT = 'benefit-application.bpmn'
const INTERVIEW = 'name="Rodzinny wywiad środowiskowy"'

interface LogLine { level: string; msg: string; fields: Record<string, unknown> }

describe('start-up: the processes folder (seedProcessesFolder)', function () {
  let db: TestDatabase
  let dir: string
  let clock: FakeClock
  let logs: LogLine[]

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    dir = await mkdtemp(path.join(tmpdir(), 'wf-processes-'))
    await cp(PROCESSES_DIR, dir, { recursive: true })
    clock = new FakeClock('2026-03-10T09:00:00Z')
    logs = []
  })
  afterEach(async () => rm(dir, { recursive: true, force: true }))

  function engine(): EmbeddedEngine {
    const e = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    for (const h of createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' })) e.registerHandler(h)
    return e
  }
  const logger = {
    info: (msg: string, fields: Record<string, unknown> = {}) => void logs.push({ level: 'info', msg, fields }),
    warn: (msg: string, fields: Record<string, unknown> = {}) => void logs.push({ level: 'warn', msg, fields }),
  }
  /** One start-up: a new engine on the same database and folder. */
  const start = (): Promise<SeedReport> => seedProcessesFolder({ prisma: db.prisma, engine: engine(), clock, logger }, dir)

  const versionsOf = (processId: string) => db.prisma.processDefinition.findMany({ where: { processId }, orderBy: { version: 'asc' } })
  const newest = async (processId: string) => (await versionsOf(processId)).at(-1)!
  const editFile = async (name: string, edit: (text: string) => string) => {
    const file = path.join(dir, name)
    const before = await readFile(file, 'utf8')
    const after = edit(before)
    expect(after, `the edit changes ${name}`).not.to.equal(before)
    await writeFile(file, after)
  }
  /** A manager's version deployed from the editor or the API. */
  const managerDeploys = async (name: string, content: string) => (await engine().deploy([{ name, content }], { deployedBy: 'kierownik', comment: 'Zmiana kierownika' }))

  it('should seed every procedure, form and decision of the folder as version 1 when the database is fresh', async () => {
    // when
    const report = await start()
    // then
    const names = await readdir(dir)
    const bpmn = names.filter((n) => n.endsWith('.bpmn')).length
    const forms = (await readdir(path.join(dir, 'forms'))).filter((n) => n.endsWith('.form')).length
    expect(report.deployed.processes.filter((p) => p.version === 1 && !p.duplicate)).to.have.length(bpmn)
    expect(report.deployed.forms.filter((f) => f.version === 1)).to.have.length(forms)
    expect(report.deployed.decisions?.map((d) => d.decisionId)).to.deep.equal(['income-criteria'])
    expect(report.pending).to.deep.equal([])
    const benefit = await newest('benefit-application')
    expect(benefit).to.include({ version: 1, deployedBy: 'system', comment: SystemComment.shipped })
    expect(await db.prisma.shippedResource.count({ where: { pending: false } })).to.equal(bpmn + forms + 1)
    expect(await db.prisma.shippedResource.findUniqueOrThrow({ where: { kind_resourceId: { kind: 'process', resourceId: 'benefit-application' } } })).to.include({ fileName: BENEFIT, version: 1, checksum: benefit.checksum })
  })

  it('should deploy nothing and parse no file when the folder is unchanged at the next start', async () => {
    await start()
    const files = (await readdir(dir)).filter((n) => /\.(bpmn|dmn)$/.test(n)).length + (await readdir(path.join(dir, 'forms'))).length
    // when
    const again = await start()
    // then
    expect(again.unchangedFiles).to.equal(files)
    expect(again.deployed).to.deep.equal({ processes: [], forms: [], decisions: [] })
    expect(await db.prisma.processDefinition.count({ where: { version: { gt: 1 } } })).to.equal(0)
  })

  it('should keep the manager\'s version the newest and report nothing pending when the system restarts with the same files', async () => {
    // given: seeded, then a manager deploys her own version
    await start()
    const original = await readFile(path.join(dir, BENEFIT), 'utf8')
    const mine = await managerDeploys(BENEFIT, original.replace(INTERVIEW, 'name="Wywiad środowiskowy (RWŚ)"'))
    expect(mine.processes[0]).to.include({ version: 2, duplicate: false })
    // when: the system restarts (twice)
    const first = await start()
    const second = await start()
    // then
    expect(await newest('benefit-application')).to.include({ version: 2, deployedBy: 'kierownik' })
    expect(first.pending).to.deep.equal([])
    expect(second.pending).to.deep.equal([])
    expect(await db.prisma.shippedResource.count({ where: { pending: true } })).to.equal(0)
  })

  it('should not deploy a changed shipped file over the manager\'s version but record it as pending and log it with ids only', async () => {
    // given
    await start()
    const original = await readFile(path.join(dir, BENEFIT), 'utf8')
    await managerDeploys(BENEFIT, original.replace(INTERVIEW, 'name="Wywiad środowiskowy (RWŚ)"'))
    // when: a product upgrade changes the shipped file, and the system restarts
    await editFile(BENEFIT, (t) => t.replace(INTERVIEW, 'name="Rodzinny wywiad środowiskowy (aktualizacja)"'))
    const report = await start()
    // then
    expect(await newest('benefit-application')).to.include({ version: 2, deployedBy: 'kierownik' })
    expect(report.deployed.processes).to.deep.equal([])
    expect(report.pending).to.deep.equal([{ kind: 'process', id: 'benefit-application', newestVersion: 2 }])
    const row = await db.prisma.shippedResource.findUniqueOrThrow({ where: { kind_resourceId: { kind: 'process', resourceId: 'benefit-application' } } })
    expect(row).to.include({ pending: true, version: null })
    expect(row.content).to.include('(aktualizacja)')
    const warning = logs.find((l) => l.level === 'warn' && l.msg.startsWith('shipped version available'))
    expect(warning?.fields).to.deep.equal({ kind: 'process', id: 'benefit-application', newestVersion: 2 })
    // and a further restart with the same files changes nothing
    const again = await start()
    expect(again.pending).to.deep.equal([])
    expect(await versionsOf('benefit-application')).to.have.length(2)
    expect(await db.prisma.shippedResource.count({ where: { pending: true } })).to.equal(1)
  })

  it('should deploy a shipped upgrade as a new version when nobody deployed a version since the previous shipped one', async () => {
    // given
    await start()
    // when
    await editFile(BENEFIT, (t) => t.replace(INTERVIEW, 'name="Rodzinny wywiad środowiskowy (aktualizacja)"'))
    const report = await start()
    // then
    expect(report.deployed.processes).to.deep.equal([{ processId: 'benefit-application', name: (await newest('benefit-application')).name, version: 2, duplicate: false }])
    expect(await newest('benefit-application')).to.include({ version: 2, deployedBy: 'system', comment: SystemComment.shipped })
    expect((await newest('benefit-application')).xml).to.include('(aktualizacja)')
    expect(report.pending).to.deep.equal([])
    expect(report.unchangedFiles, 'only the changed file was read again').to.equal((await readdir(dir)).filter((n) => /\.(bpmn|dmn)$/.test(n)).length - 1 + (await readdir(path.join(dir, 'forms'))).length)
  })

  it('should upgrade over a manager\'s version that has the previously shipped content (she restored it)', async () => {
    await start()
    const original = await readFile(path.join(dir, BENEFIT), 'utf8')
    await managerDeploys(BENEFIT, original.replace(INTERVIEW, 'name="Wywiad (RWŚ)"'))
    await managerDeploys(BENEFIT, original) // roll-back to the shipped content: version 3
    await editFile(BENEFIT, (t) => t.replace(INTERVIEW, 'name="Rodzinny wywiad środowiskowy (aktualizacja)"'))
    const report = await start()
    expect(report.pending).to.deep.equal([])
    expect(await newest('benefit-application')).to.include({ version: 4, deployedBy: 'system' })
  })

  it('should hold back a shipped form and a shipped decision table a manager changed, and upgrade the others', async () => {
    // given: the manager changed the family interview form and the income criteria table
    await start()
    const formFile = path.join(dir, 'forms', 'family-interview.form')
    const form = JSON.parse(await readFile(formFile, 'utf8'))
    await managerDeploys('family-interview.form', JSON.stringify({ ...form, components: [...form.components, { type: 'textfield', id: 'Field_extra', key: 'extraNote', label: 'Uwagi kierownika' }] }))
    const dmn = await readFile(path.join(dir, 'income-criteria.dmn'), 'utf8')
    await managerDeploys('income-criteria.dmn', dmn.replace('<text>776</text>', '<text>777</text>'))
    // when: the product changes both, and another form nobody touched
    await editFile('forms/family-interview.form', (t) => t.replace('Data przeprowadzenia wywiadu', 'Data wywiadu'))
    await editFile('income-criteria.dmn', (t) => t.replace('<text>600</text>', '<text>601</text>'))
    await editFile('forms/decision-draft.form', (t) => t.replace(/"label": "([^"]+)"/, '"label": "$1 (nowa)"'))
    const report = await start()
    // then
    expect(report.pending).to.have.deep.members([
      { kind: 'form', id: 'family-interview', newestVersion: 2 },
      { kind: 'decision', id: 'income-criteria', newestVersion: 2 },
    ])
    expect(report.deployed.forms).to.deep.equal([{ formId: 'decision-draft', version: 2 }])
    expect(await db.prisma.formDefinition.findFirstOrThrow({ where: { formId: 'family-interview' }, orderBy: { version: 'desc' } })).to.include({ version: 2, deployedBy: 'kierownik' })
    expect(await db.prisma.decisionDefinition.findFirstOrThrow({ where: { decisionId: 'income-criteria' }, orderBy: { version: 'desc' } })).to.include({ version: 2, deployedBy: 'kierownik' })
  })

  describe('a database from before the record of shipped files', () => {
    /** Versions as the old start-up left them: every file deployed by "system", checksums a sha256 of the text. */
    async function legacySeed() {
      await start()
      await db.prisma.shippedResource.deleteMany()
      for (const row of await db.prisma.processDefinition.findMany()) {
        await db.prisma.processDefinition.update({ where: { id: row.id }, data: { checksum: createHash('sha256').update(row.xml).digest('hex'), comment: 'processes folder at start-up' } })
      }
    }

    it('should deploy nothing new when the files are the ones deployed before, and record them', async () => {
      await legacySeed()
      const report = await start()
      expect(report.deployed.processes.filter((p) => !p.duplicate)).to.deep.equal([])
      expect(report.pending).to.deep.equal([])
      expect(await db.prisma.processDefinition.count({ where: { version: { gt: 1 } } })).to.equal(0)
      expect(await db.prisma.shippedResource.count({ where: { kind: 'process' } })).to.equal((await readdir(dir)).filter((n) => n.endsWith('.bpmn')).length)
    })

    it('should upgrade a version the start-up deployed and hold back one a manager deployed', async () => {
      await legacySeed()
      const original = await readFile(path.join(dir, BENEFIT), 'utf8')
      await managerDeploys(BENEFIT, original.replace(INTERVIEW, 'name="Wywiad (RWŚ)"'))
      await editFile(BENEFIT, (t) => t.replace(INTERVIEW, 'name="Rodzinny wywiad środowiskowy (aktualizacja)"'))
      await editFile('blue-card.bpmn', (t) => t.replace(/(<bpmn:process id="blue-card" name=")([^"]+)"/, '$1$2 (aktualizacja)"'))
      const report = await start()
      expect(report.pending).to.deep.equal([{ kind: 'process', id: 'benefit-application', newestVersion: 2 }])
      expect(report.deployed.processes.map((p) => `${p.processId}:${p.version}`)).to.deep.equal(['blue-card:2'])
    })
  })

  describe('the engine\'s deploy (unchanged content)', () => {
    it('should make no new version when the file comes back re-serialised by bpmn-moddle with its shapes in another order', async () => {
      // given
      await start()
      const moddle = new BpmnModdle({ zeebe })
      const { rootElement } = await moddle.fromXML(await readFile(path.join(dir, BENEFIT), 'utf8'))
      ;(rootElement as any).diagrams[0].plane.planeElement.reverse()
      const { xml } = await moddle.toXML(rootElement, { format: false })
      // when
      const result = await managerDeploys(BENEFIT, xml)
      // then
      expect(result.processes).to.deep.equal([{ processId: 'benefit-application', name: (await newest('benefit-application')).name, version: 1, duplicate: true }])
      expect(await versionsOf('benefit-application')).to.have.length(1)
    })

    it('should make no new version of a form sent back with its keys in another order and a newer schemaVersion, nor of a version stored with an old checksum', async () => {
      await start()
      const form = JSON.parse(await readFile(path.join(dir, 'forms', 'family-interview.form'), 'utf8'))
      const again = await managerDeploys('family-interview.form', JSON.stringify(Object.fromEntries(Object.entries({ ...form, schemaVersion: 19 }).reverse()), null, 1))
      expect(again.forms).to.deep.equal([{ formId: 'family-interview', version: 1 }])
      await db.prisma.formDefinition.updateMany({ where: { formId: 'family-interview' }, data: { checksum: 'c1' } })
      const legacy = await managerDeploys('family-interview.form', JSON.stringify(form))
      expect(legacy.forms).to.deep.equal([{ formId: 'family-interview', version: 1 }])
    })
  })
})
