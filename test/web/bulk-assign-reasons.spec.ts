// The bulk notice names why a task was not assigned (the person is not in the task's group), and the person list
// of the assign select is grouped by the people's groups.
import { expect } from 'chai'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { browserFor, createWebTestApp } from '../helpers/web-app.ts'
import { insertTask } from '../helpers/web-fixtures.ts'
import { assigneeGroups } from '../../src/inbox/assignable-users.ts'
import { bulkFailureReason } from '../../src/inbox/bulk-tasks.ts'

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'")

describe('web: bulk assign reasons and the grouped person list', function () {
  let db: TestDatabase
  let app: Express

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    app = (await createWebTestApp(db)).app
  })

  const bulkAssign = async (agent: Awaited<ReturnType<typeof browserFor>>['agent'], csrf: string, assignee: string, ids: string[]) =>
    agent.post('/tasks/bulk').type('form').send(
      `_csrf=${encodeURIComponent(csrf)}&returnTo=${encodeURIComponent('/inbox?tab=all')}&action=assign&assignee=${assignee}${ids.map((id) => `&taskIds=${id}`).join('')}`,
    )

  it('should say that the person is not in the task\'s group when a caseworkers\' task is assigned to a family assistant', async () => {
    const task = await insertTask(db.prisma)
    const { agent, csrf } = await browserFor(app, 'kierownik')
    const res = await bulkAssign(agent, csrf, 'asystent', [task.id])
    expect(res.headers.location).to.equal('/inbox?tab=all&notice=bulk&ok=0&failed=1&why=notInTaskGroups.1')
    const page = unescape((await agent.get(res.headers.location)).text)
    expect(page).to.include('Działanie zbiorcze: wykonano 0, nie wykonano 1. Wybrana osoba nie należy do grupy zadania')
    expect(page).not.to.include('Dane zawierają błędy')
    const en = unescape((await agent.get(`${res.headers.location}&lang=en`)).text)
    expect(en).to.include('The chosen person is not in the task\'s group')
  })

  it('should give each reason its own count when some tasks fail for different reasons', async () => {
    const ok = await insertTask(db.prisma)
    const other = await insertTask(db.prisma, { candidateGroups: ['family-assistants'] })
    const done = await insertTask(db.prisma, { status: 'completed' })
    const { agent, csrf } = await browserFor(app, 'kierownik')
    const res = await bulkAssign(agent, csrf, 'pracownik2', [ok.id, other.id, done.id])
    expect(res.headers.location).to.include('ok=1&failed=2&why=notInTaskGroups.1-CONFLICT.1')
    const page = unescape((await agent.get(res.headers.location)).text)
    expect(page).to.include('Wybrana osoba nie należy do grupy zadania').and.include('Zadanie zostało już przejęte przez inną osobę lub zmieniło się')
  })

  it('should use the field issue as the reason when the input was refused, else the error code', () => {
    expect(bulkFailureReason({ taskId: 'a', ok: false, code: 'VALIDATION_FAILED', fields: { assignee: { code: 'notInTaskGroups' } } })).to.equal('notInTaskGroups')
    expect(bulkFailureReason({ taskId: 'a', ok: false, code: 'VALIDATION_FAILED' })).to.equal('VALIDATION_FAILED')
    expect(bulkFailureReason({ taskId: 'a', ok: false, code: 'FORBIDDEN' })).to.equal('FORBIDDEN')
  })

  it('should group the people by their groups, each person once, when the assign select is built', () => {
    const name = (key: string) => ({ caseworkers: 'Pracownicy socjalni', managers: 'Kierownicy', admins: 'Administratorzy', 'family-assistants': 'Asystenci rodziny' })[key] ?? key
    const groups = assigneeGroups([
      { login: 'admin', displayName: 'A', groups: ['admins', 'managers'] },
      { login: 'asystent', displayName: 'B', groups: ['family-assistants'] },
      { login: 'kierownik', displayName: 'C', groups: ['managers'] },
      { login: 'pracownik', displayName: 'D', groups: ['caseworkers'] },
      { login: 'pracownik2', displayName: 'E', groups: ['caseworkers'] },
    ], name, 'Inne')
    expect(groups.map((g) => [g.label, g.people.map((p) => p.login)])).to.deep.equal([
      ['Pracownicy socjalni', ['pracownik', 'pracownik2']],
      ['Kierownicy', ['kierownik']],
      ['Kierownicy, Administratorzy', ['admin']],
      ['Asystenci rodziny', ['asystent']],
    ])
  })

  it('should show the person list in optgroups labelled with the groups when a manager opens the inbox', async () => {
    await insertTask(db.prisma)
    const { agent } = await browserFor(app, 'kierownik')
    const page = await agent.get('/inbox?tab=all')
    expect(page.text).to.match(/<optgroup label="Pracownicy socjalni"><option value="pracownik">[^<]*<\/option><option value="pracownik2">/)
    expect(page.text).to.match(/<optgroup label="Asystenci rodziny"><option value="asystent">/)
    expect(page.text.match(/<option value="pracownik2">/g)).to.have.length(1)
  })
})
