import { expect } from 'chai'
import {
  auditFilters,
  decodeCursor,
  encodeCursor,
  filterParams,
  parseInboxFilters,
  parseInboxQuery,
} from '../../src/inbox/inbox-query.ts'

describe('inbox: query parameters', () => {
  it('should default to my tasks by due date, 50 a page, when nothing is given', () => {
    expect(parseInboxQuery({})).to.deep.equal({
      ok: true,
      value: { view: 'mine', filters: {}, sort: 'due', dir: 'asc', limit: 50, cursor: null },
    })
  })

  it('should sort the completed view by completion time and priority highest first by default', () => {
    const completed = parseInboxQuery({ view: 'completed' })
    expect(completed.ok && [completed.value.sort, completed.value.dir]).to.deep.equal(['completed', 'desc'])
    const priority = parseInboxQuery({ view: 'group', sort: 'priority' })
    expect(priority.ok && priority.value.dir).to.equal('desc')
  })

  it('should parse every filter and give them back as parameters', () => {
    const raw = {
      procedure: 'benefit-application', task: ' wywiad ', dueAfter: '2026-03-01', dueBefore: '2026-03-31', overdue: '1',
      atRisk: 'on', priority: '51', assignee: 'pracownik', caseNumber: 'OPS.8311', applicant: 'Nowak',
    }
    const parsed = parseInboxFilters(raw)
    expect(parsed).to.deep.equal({
      ok: true,
      value: {
        procedure: 'benefit-application', task: 'wywiad', dueAfter: '2026-03-01', dueBefore: '2026-03-31', overdue: true,
        atRisk: true, minPriority: 51, assignee: 'pracownik', caseNumber: 'OPS.8311', applicant: 'Nowak',
      },
    })
    if (parsed.ok) expect(parseInboxFilters(filterParams(parsed.value))).to.deep.equal(parsed)
  })

  it('should name each bad parameter when values are invalid', () => {
    const parsed = parseInboxQuery({ view: 'everything', limit: '0', dir: 'up', priority: '101', dueAfter: '2026-13-01', task: 'x'.repeat(101) })
    expect(parsed.ok).to.equal(false)
    if (!parsed.ok) {
      expect(parsed.fields).to.deep.equal({
        view: { code: 'notAllowed' },
        limit: { code: 'min', params: { min: 1 } },
        dir: { code: 'notAllowed' },
        priority: { code: 'max', params: { max: 100 } },
        dueAfter: { code: 'invalidDate' },
        task: { code: 'maxLength', params: { max: 100 } },
      })
    }
  })

  it('should round-trip a cursor and refuse a tampered one or one of another sort', () => {
    const cursor = { sort: 'due' as const, dir: 'asc' as const, values: [null, '2026-03-01T08:00:00.000Z', 'task-1'] }
    const encoded = encodeCursor(cursor)
    expect(decodeCursor(encoded)).to.deep.equal(cursor)
    expect(decodeCursor(encodeCursor({ ...cursor, values: ['tomorrow', '2026-03-01T08:00:00.000Z', 'task-1'] }))).to.equal(null)
    expect(decodeCursor(encodeCursor({ ...cursor, values: [null, 'x'] }))).to.equal(null)
    expect(decodeCursor('not a cursor!')).to.equal(null)
    const other = parseInboxQuery({ sort: 'priority', cursor: encoded })
    expect(other.ok || Object.keys(other.fields)).to.deep.equal(['cursor'])
  })

  it('should keep no surname in what it audits', () => {
    expect(auditFilters({ applicant: 'Nowak', caseNumber: '12', overdue: true })).to.deep.equal({ caseNumber: '12', overdue: true, applicant: true })
  })
})
