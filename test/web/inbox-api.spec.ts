import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import type { Task } from '../../src/generated/prisma/client.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { insertTask } from '../helpers/web-fixtures.ts'
import { capturingLogger, insertCase } from '../helpers/inbox-fixtures.ts'

type Row = Record<string, unknown> & { id: string }
const ids = (body: Row[]) => body.map((t) => t.id)

describe('web: inbox views, filters, sorting, paging and counts', function () {
  let db: TestDatabase
  let app: Express
  let logLines: string[]
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const captured = capturingLogger()
    logLines = captured.lines
    app = (await createWebTestApp(db, { logger: captured.logger })).app // clock: 2026-03-10T09:00Z, a Tuesday
    for (const login of ['pracownik', 'pracownik2', 'kierownik', 'asystent']) tokens[login] = await tokenFor(app, login)
  })

  const get = (path: string, login = 'pracownik') => request(app).get(path).set(bearer(tokens[login]))

  describe('views', () => {
    let mine: Task, held: Task, free: Task, candidate: Task, other: Task, done: Task
    beforeEach(async () => {
      mine = await insertTask(db.prisma, { name: 'mine', assignee: 'pracownik' })
      held = await insertTask(db.prisma, { name: 'held', assignee: 'pracownik2' })
      free = await insertTask(db.prisma, { name: 'free' })
      candidate = await insertTask(db.prisma, { name: 'candidate', candidateGroups: ['managers'], candidateUsers: ['pracownik'] })
      other = await insertTask(db.prisma, { name: 'other', candidateGroups: ['family-assistants'] })
      done = await insertTask(db.prisma, { name: 'done', status: 'completed', assignee: 'pracownik', completedBy: 'pracownik', completedAt: new Date('2026-03-09T10:00:00Z') })
      await insertTask(db.prisma, { name: 'done by someone else', status: 'completed', completedBy: 'pracownik2', completedAt: new Date('2026-03-09T11:00:00Z') })
    })

    it('should list my tasks, my groups\' tasks and the unassigned ones when view is mine, group or unassigned', async () => {
      expect(ids((await get('/api/tasks?view=mine')).body)).to.deep.equal([mine.id])
      expect(ids((await get('/api/tasks?view=group')).body)).to.have.members([mine.id, held.id, free.id, candidate.id])
      expect(ids((await get('/api/tasks?view=unassigned')).body)).to.have.members([free.id, candidate.id])
    })

    it('should list the tasks I completed, newest first, when view is completed', async () => {
      const res = await get('/api/tasks?view=completed')
      expect(res.status).to.equal(200)
      expect(ids(res.body)).to.deep.equal([done.id])
      expect(res.body[0].status).to.equal('completed')
    })

    it('should list every open task for a manager and answer 403 with an audit entry for a caseworker when view is all', async () => {
      const res = await get('/api/tasks?view=all', 'kierownik')
      expect(res.status).to.equal(200)
      expect(ids(res.body)).to.have.members([mine.id, held.id, free.id, candidate.id, other.id])
      const denied = await get('/api/tasks?view=all', 'pracownik')
      expect(denied.status).to.equal(403)
      expect(denied.body.error.code).to.equal('FORBIDDEN')
      expect(await db.prisma.auditEvent.count({ where: { action: 'tasks.list-denied' } })).to.equal(1)
    })

    it('should keep the original eight fields by default and add business columns when fields=full', async () => {
      const plain = await get('/api/tasks?view=mine')
      expect(Object.keys(plain.body[0]).sort()).to.deep.equal(['assignee', 'candidateGroups', 'caseId', 'dueAt', 'id', 'name', 'priority', 'status'])
      const full = await get('/api/tasks?view=mine&fields=full')
      expect(full.body[0]).to.include({ id: mine.id, caseNumber: null, applicant: null, benefit: null, daysLeft: null, overdue: false, atRisk: false })
    })
  })

  describe('business columns', () => {
    it('should give the case number, applicant surname and initial, benefit, days left and deadline marks', async () => {
      // given: the clock is Tuesday 10.03.2026 10:00 Warsaw
      const kase = await insertCase(db.prisma, { number: 'OPS.8311.7.2026', benefit: 'zasilek-celowy', applicant: { firstName: 'anna', lastName: 'Łukasiewicz' } })
      const overdue = await insertTask(db.prisma, { caseId: kase.id, dueAt: new Date('2026-03-09T22:59:59Z') })
      const today = await insertTask(db.prisma, { caseId: kase.id, dueAt: new Date('2026-03-10T22:59:59Z') })
      const thursday = await insertTask(db.prisma, { caseId: kase.id, dueAt: new Date('2026-03-12T22:59:59Z') })
      const friday = await insertTask(db.prisma, { caseId: kase.id, dueAt: new Date('2026-03-13T22:59:59Z') })
      // when
      const res = await get('/api/tasks?view=group&fields=full')
      // then
      const byId = new Map((res.body as Row[]).map((t) => [t.id, t]))
      expect(byId.get(overdue.id)).to.include({ caseNumber: 'OPS.8311.7.2026', applicant: 'Łukasiewicz A.', benefit: 'zasilek-celowy', daysLeft: -1, overdue: true, atRisk: false })
      expect(byId.get(today.id)).to.include({ daysLeft: 0, overdue: false, atRisk: true })
      expect(byId.get(thursday.id)).to.include({ daysLeft: 2, overdue: false, atRisk: true })
      expect(byId.get(friday.id)).to.include({ daysLeft: 3, overdue: false, atRisk: false })
    })
  })

  describe('filters', () => {
    let nowak: { id: string }, kowalski: { id: string }
    let t1: Task, t2: Task, t3: Task, t4: Task, t5: Task
    beforeEach(async () => {
      nowak = await insertCase(db.prisma, { number: 'OPS.8311.12.2026', applicant: { firstName: 'Anna', lastName: 'Nowak' } })
      kowalski = await insertCase(db.prisma, { number: 'OPS.8311.120.2026', applicant: { firstName: 'Jan', lastName: 'Łęcki' } })
      t1 = await insertTask(db.prisma, { caseId: nowak.id, elementId: 'Task_familyInterview', name: 'Rodzinny wywiad środowiskowy', dueAt: new Date('2026-03-05T10:00:00Z'), priority: 80 })
      t2 = await insertTask(db.prisma, { caseId: nowak.id, elementId: 'Task_draftDecision', name: 'Projekt decyzji', dueAt: new Date('2026-03-11T10:00:00Z'), priority: 50, assignee: 'pracownik2' })
      t3 = await insertTask(db.prisma, { caseId: kowalski.id, elementId: 'Task_familyInterview', name: 'Rodzinny wywiad środowiskowy', dueAt: new Date('2026-03-20T22:59:59Z'), priority: 30 })
      t4 = await insertTask(db.prisma, { caseId: kowalski.id, processId: 'family-assistance', elementId: 'Task_plan', name: 'Plan pracy z rodziną', dueAt: new Date('2026-03-20T23:00:00Z') })
      t5 = await insertTask(db.prisma, { processId: 'family-assistance', elementId: 'Task_plan', name: 'Plan bez sprawy' })
    })
    const list = async (query: string, login = 'pracownik') => {
      const res = await get(`/api/tasks?view=group&${query}`, login)
      expect(res.status, JSON.stringify(res.body)).to.equal(200)
      return ids(res.body)
    }

    it('should filter by procedure, by task id or part of its name and by assignee', async () => {
      expect(await list('procedure=family-assistance')).to.have.members([t4.id, t5.id])
      expect(await list('task=Task_familyInterview')).to.have.members([t1.id, t3.id])
      expect(await list('task=plan%20PRACY')).to.deep.equal([t4.id])
      expect(await list('task=100%25')).to.deep.equal([])
      expect(await list('assignee=pracownik2')).to.deep.equal([t2.id])
    })

    it('should filter by Warsaw due days, overdue, at risk and minimum priority', async () => {
      // 20.03 ends at 22:59:59Z in Warsaw (CET); 23:00Z is already 21.03
      expect(await list('dueBefore=2026-03-20&dueAfter=2026-03-11')).to.deep.equal([t2.id, t3.id])
      expect(await list('dueAfter=2026-03-21')).to.deep.equal([t4.id])
      expect(await list('overdue=1')).to.deep.equal([t1.id])
      expect(await list('atRisk=1')).to.deep.equal([t2.id])
      expect(await list('priority=50')).to.deep.equal([t1.id, t2.id, t4.id, t5.id])
    })

    it('should filter by part of the case number and by the start of the applicant surname, ignoring case', async () => {
      expect(await list('caseNumber=8311.12.')).to.have.members([t1.id, t2.id])
      expect(await list('caseNumber=.12')).to.have.members([t1.id, t2.id, t3.id, t4.id])
      expect(await list('applicant=nowa')).to.have.members([t1.id, t2.id])
      expect(await list('applicant=łę')).to.have.members([t3.id, t4.id])
      expect(await list('applicant=Domownik')).to.deep.equal([])
    })

    it('should audit each list once with the filters but never the surname, and log no surname', async () => {
      await list('applicant=Nowak&caseNumber=8311&overdue=1')
      const events = await db.prisma.auditEvent.findMany({ where: { action: 'tasks.list' } })
      expect(events).to.have.length(1)
      expect(events[0].details).to.deep.include({ view: 'group', applicant: true, caseNumber: '8311', overdue: true, count: 1 })
      expect(JSON.stringify(events)).not.to.match(/nowak/i)
      expect(logLines.join('\n')).not.to.match(/nowak/i)
      expect(logLines.some((line) => line.includes('/api/tasks'))).to.equal(true)
    })

    it('should answer 400 naming each bad parameter', async () => {
      const res = await get('/api/tasks?view=group&dueBefore=2026-02-30&priority=high&limit=101&sort=name&overdue=maybe')
      expect(res.status).to.equal(400)
      expect(res.body.error.code).to.equal('BAD_REQUEST')
      expect(Object.keys(res.body.error.fields).sort()).to.deep.equal(['dueBefore', 'limit', 'overdue', 'priority', 'sort'])
      expect((await get('/api/tasks?cursor=bm9wZQ')).status).to.equal(400)
      const reversed = await get('/api/tasks?dueAfter=2026-03-20&dueBefore=2026-03-11')
      expect(reversed.status).to.equal(400)
      expect(Object.keys(reversed.body.error.fields)).to.deep.equal(['dueBefore'])
      expect((await get('/api/tasks?dueAfter=2026-03-20&dueBefore=2026-03-20')).status).to.equal(200) // one day
    })
  })

  describe('sorting and paging', () => {
    let all: Task[]
    beforeEach(async () => {
      // ties on purpose: equal due dates, equal priorities, equal creation times, no due date
      const dues = ['2026-03-12T10:00:00Z', null, '2026-03-11T10:00:00Z', '2026-03-12T10:00:00Z', null, '2026-03-12T10:00:00Z', '2026-03-09T10:00:00Z', null, '2026-03-11T10:00:00Z']
      const priorities = [50, 80, 50, 20, 50, 80, 50, 20, 100]
      all = []
      for (const [i, due] of dues.entries()) {
        all.push(await insertTask(db.prisma, {
          dueAt: due ? new Date(due) : null,
          priority: priorities[i],
          createdAt: new Date(Date.UTC(2026, 2, 1, 8, 0, i % 3)),
        }))
      }
    })

    const compare = (sort: string, dir: string) => (a: Task, b: Task): number => {
      const nullsLast = (x: Date | null, y: Date | null, desc: boolean) => {
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
        return desc ? y.getTime() - x.getTime() : x.getTime() - y.getTime()
      }
      const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0
      const created = a.createdAt.getTime() - b.createdAt.getTime()
      if (sort === 'due') return nullsLast(a.dueAt, b.dueAt, dir === 'desc') || created || byId
      if (sort === 'priority') return (dir === 'desc' ? b.priority - a.priority : a.priority - b.priority) || nullsLast(a.dueAt, b.dueAt, false) || created || byId
      return dir === 'desc' ? -created || -byId : created || byId
    }

    for (const [sort, dir] of [['due', 'asc'], ['due', 'desc'], ['priority', 'desc'], ['priority', 'asc'], ['created', 'asc'], ['created', 'desc']]) {
      it(`should page through every task once in order when sorted by ${sort} ${dir} two at a time`, async () => {
        const seen: string[] = []
        let cursor: string | undefined
        let pages = 0
        do {
          const res = await get(`/api/tasks?view=group&sort=${sort}&dir=${dir}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          expect(res.status, JSON.stringify(res.body)).to.equal(200)
          expect(res.body.length).to.be.at.most(2)
          seen.push(...ids(res.body))
          cursor = res.headers['x-next-cursor']
          pages++
        } while (cursor && pages < 20)
        expect(seen).to.deep.equal([...all].sort(compare(sort, dir)).map((t) => t.id))
        expect(pages).to.equal(5)
      })
    }

    it('should sort by due date with undated tasks last by default and answer an envelope when envelope=1', async () => {
      const res = await get('/api/tasks?view=group&envelope=1&limit=4')
      expect(res.body.items.map((t: Row) => t.id)).to.deep.equal([...all].sort(compare('due', 'asc')).slice(0, 4).map((t) => t.id))
      expect(res.body.nextCursor).to.be.a('string')
      expect(res.headers['x-next-cursor']).to.equal(res.body.nextCursor)
      const rest = await get(`/api/tasks?view=group&envelope=1&limit=100&cursor=${res.body.nextCursor}`)
      expect(rest.body.items).to.have.length(5)
      expect(rest.body.nextCursor).to.equal(null)
      expect(rest.headers['x-next-cursor']).to.equal(undefined)
    })

    it('should refuse a cursor made for another sort', async () => {
      const first = await get('/api/tasks?view=group&limit=2')
      const res = await get(`/api/tasks?view=group&limit=2&sort=priority&cursor=${first.headers['x-next-cursor']}`)
      expect(res.status).to.equal(400)
      expect(Object.keys(res.body.error.fields)).to.deep.equal(['cursor'])
    })
  })

  describe('GET /api/tasks/counts', () => {
    beforeEach(async () => {
      await insertTask(db.prisma, { assignee: 'pracownik', dueAt: new Date('2026-03-01T10:00:00Z') })
      await insertTask(db.prisma, { assignee: 'pracownik2' })
      await insertTask(db.prisma, { dueAt: new Date('2026-03-09T10:00:00Z') })
      await insertTask(db.prisma, {})
      await insertTask(db.prisma, { candidateGroups: ['managers'] })
      await insertTask(db.prisma, { candidateGroups: ['family-assistants'], dueAt: new Date('2026-03-01T10:00:00Z') })
      await insertTask(db.prisma, { status: 'completed', completedBy: 'pracownik' })
    })

    it('should count each view without the all view for a caseworker', async () => {
      const res = await get('/api/tasks/counts')
      expect(res.status).to.equal(200)
      expect(res.body).to.deep.equal({ mine: 1, group: 4, unassigned: 2, overdue: 2, limit: 200, overLimit: [] })
      expect(await db.prisma.auditEvent.count({ where: { action: 'tasks.count' } })).to.equal(1)
      expect(await db.prisma.auditEvent.count({ where: { action: 'tasks.list' } })).to.equal(0)
    })

    it('should count all open tasks and every overdue one for a manager', async () => {
      const res = await get('/api/tasks/counts', 'kierownik')
      expect(res.body).to.deep.equal({ mine: 0, group: 1, unassigned: 1, all: 6, overdue: 3, limit: 200, overLimit: [] })
    })

    it('should narrow the counts by the filters', async () => {
      const res = await get('/api/tasks/counts?overdue=1')
      expect(res.body).to.deep.equal({ mine: 1, group: 2, unassigned: 1, overdue: 2, limit: 200, overLimit: [] })
      expect((await get('/api/tasks/counts?dueAfter=soon')).status).to.equal(400)
    })
  })
})
