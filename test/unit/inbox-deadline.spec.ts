import { expect } from 'chai'
import { atRiskUntil, deadlineMarks } from '../../src/inbox/task-deadline.ts'

describe('inbox: deadline marks', () => {
  const tuesday = new Date('2026-03-10T09:00:00Z') // 10:00 in Warsaw

  it('should count Warsaw calendar days to the due date when the task is open', () => {
    expect(deadlineMarks(new Date('2026-03-10T22:59:59Z'), tuesday).daysLeft).to.equal(0)
    expect(deadlineMarks(new Date('2026-03-10T23:00:00Z'), tuesday).daysLeft).to.equal(1) // midnight in Warsaw
    expect(deadlineMarks(new Date('2026-03-08T12:00:00Z'), tuesday).daysLeft).to.equal(-2)
    expect(deadlineMarks(null, tuesday)).to.deep.equal({ daysLeft: null, overdue: false, atRisk: false })
  })

  it('should mark a task at risk when it is due within 2 working days and overdue once the instant passed', () => {
    expect(deadlineMarks(new Date('2026-03-10T08:59:59Z'), tuesday)).to.include({ overdue: true, atRisk: false })
    expect(deadlineMarks(new Date('2026-03-10T09:00:01Z'), tuesday)).to.include({ overdue: false, atRisk: true })
    expect(deadlineMarks(new Date('2026-03-12T22:59:59Z'), tuesday)).to.include({ atRisk: true }) // Thursday
    expect(deadlineMarks(new Date('2026-03-13T08:00:00Z'), tuesday)).to.include({ atRisk: false }) // Friday
  })

  it('should skip weekends and public holidays when it counts the 2 working days', () => {
    const friday = new Date('2026-03-13T09:00:00Z')
    expect(deadlineMarks(new Date('2026-03-17T12:00:00Z'), friday)).to.include({ daysLeft: 4, atRisk: true }) // Tuesday
    expect(deadlineMarks(new Date('2026-03-18T12:00:00Z'), friday)).to.include({ atRisk: false })
    const beforeEaster = new Date('2026-04-03T08:00:00Z') // Friday; Monday 6 April 2026 is Easter Monday
    expect(deadlineMarks(new Date('2026-04-08T12:00:00Z'), beforeEaster)).to.include({ atRisk: true })
    expect(deadlineMarks(new Date('2026-04-09T12:00:00Z'), beforeEaster)).to.include({ atRisk: false })
    expect(atRiskUntil(beforeEaster).toISOString()).to.equal('2026-04-08T22:00:00.000Z') // CEST
  })

  it('should give neither mark when the task is no longer open', () => {
    expect(deadlineMarks(new Date('2026-03-01T12:00:00Z'), tuesday, false)).to.deep.equal({ daysLeft: -9, overdue: false, atRisk: false })
  })
})
