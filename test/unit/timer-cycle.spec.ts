// ISO 8601 repeating intervals of timer start events (engine/timer-cycle.ts), and where a schedule starts.
import { expect } from 'chai'
import { cycleOccurrence, nextCycleOccurrence, parseTimerCycle } from '../../engine/timer-cycle.ts'
import { occurrenceFrom } from '../../engine/timer-starts.ts'

const at = (iso: string) => new Date(iso)

describe('timer cycles', () => {
  it('should read repetitions, start and interval when the cycle is written in full', () => {
    const cycle = parseTimerCycle('R3/2027-01-01T08:00:00Z/P1M')!
    expect(cycle.repetitions).to.equal(3)
    expect(cycle.start?.toISOString()).to.equal('2027-01-01T08:00:00.000Z')
    expect(cycle.interval).to.include({ months: 1 })
  })

  it('should refuse a cron expression, a zero interval and zero repetitions when parsing', () => {
    for (const text of ['0 0 8 1 * ?', 'R/PT0S', 'R0/PT1H', 'R/2027-13-45T00:00:00Z/P1D', 'P1D']) expect(parseTimerCycle(text), text).to.equal(null)
  })

  it('should count months on the calendar from the first due time when the interval is a month', () => {
    const cycle = parseTimerCycle('R/2027-01-31T08:00:00Z/P1M')!
    expect(cycleOccurrence(cycle, at('2026-12-01T00:00:00Z'), 2)?.toISOString()).to.equal('2027-03-31T08:00:00.000Z')
  })

  it('should end after the last repetition when the cycle has a count', () => {
    const cycle = parseTimerCycle('R2/PT1H')!
    const armed = at('2026-03-02T08:00:00Z')
    expect(cycleOccurrence(cycle, armed, 0)?.toISOString()).to.equal('2026-03-02T09:00:00.000Z')
    expect(cycleOccurrence(cycle, armed, 1)?.toISOString()).to.equal('2026-03-02T10:00:00.000Z')
    expect(cycleOccurrence(cycle, armed, 2)).to.equal(null)
  })

  it('should begin at the next occurrence when the cycle started before the deployment', () => {
    const cycle = parseTimerCycle('R/2027-01-01T08:00:00Z/P1M')!
    const next = nextCycleOccurrence(cycle, at('2027-05-15T00:00:00Z'), at('2027-05-15T00:00:00Z'))
    expect(next).to.deep.equal({ index: 5, dueAt: at('2027-06-01T08:00:00Z') })
  })

  it('should fire a date once and a duration after the deployment when the timer is not a cycle', () => {
    const now = at('2026-03-02T08:00:00Z')
    expect(occurrenceFrom({ timeDate: '2026-03-10T09:00:00Z' }, now, now)).to.deep.equal({ index: 0, dueAt: at('2026-03-10T09:00:00Z') })
    expect(occurrenceFrom({ timeDuration: 'P1D' }, now, now)).to.deep.equal({ index: 0, dueAt: at('2026-03-03T08:00:00Z') })
  })
})
