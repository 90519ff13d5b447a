import { expect } from 'chai'
import { caseDeadline, pausedDays, slaState, stepDueAt, subtractPeriod, taskSlaTimes } from '../../domain/sla-deadline.ts'
import { checkPolicyLevel, parseSlaDefinition, pickPolicy, type SlaDefinition } from '../../domain/sla-policy.ts'
import { endOfWarsawDay, warsawInstant } from '../../domain/warsaw-time.ts'

const kpa: SlaDefinition = {
  name: 'KPA art. 35',
  target: { anchor: 'received', amount: 1, unit: 'months', complexAmount: 2 },
  atRisk: { amount: 5, unit: 'working-days' },
  escalations: [{ id: 'art36', on: 'at-risk', action: 'art36-notice' }],
}
const facts = { receivedAt: '2026-01-05', complex: false, deliveredAt: null, pauses: [], extendedTo: null }

describe('SLA arithmetic', () => {
  describe('case deadline (KPA art. 35, counted per art. 57)', () => {
    it('should end one month after receipt on the same day of the month when that is a working day', () => {
      const d = caseDeadline(kpa, facts, '2026-01-10')!
      expect(d.date).to.equal('2026-02-05')
      expect(d.dueAt.toISOString()).to.equal(endOfWarsawDay('2026-02-05').toISOString())
    })

    it('should give two months when the case is complex', () => {
      expect(caseDeadline(kpa, { ...facts, complex: true }, '2026-01-10')!.date).to.equal('2026-03-05')
    })

    it('should use the last day of a shorter month and move off a Saturday when the month has no such day', () => {
      // 31 Jan 2026 + 1 month = 28 Feb 2026 (a Saturday) → Monday 2 March
      expect(caseDeadline(kpa, { ...facts, receivedAt: '2026-01-31' }, '2026-02-01')!.date).to.equal('2026-03-02')
    })

    it('should move the deadline by the paused days and then off a Sunday when the party was waited for', () => {
      // 5 Feb + 10 paused days = 15 Feb 2026 (Sunday) → 16 Feb
      const d = caseDeadline(kpa, { ...facts, pauses: [{ from: '2026-01-10', to: '2026-01-19' }] }, '2026-01-25')!
      expect(d.pausedDays).to.equal(10)
      expect(d.date).to.equal('2026-02-16')
      expect(d.paused).to.equal(false)
    })

    it('should keep moving the deadline while a pause is running and say it is paused', () => {
      const d = caseDeadline(kpa, { ...facts, pauses: [{ from: '2026-01-20', to: null }] }, '2026-01-24')!
      expect(d.pausedDays).to.equal(5)
      expect(d.paused).to.equal(true)
      expect(d.date).to.equal('2026-02-10')
    })

    it('should take the date of an art. 36 notice when it is later than the statutory one', () => {
      const d = caseDeadline(kpa, { ...facts, extendedTo: '2026-03-20' }, '2026-02-01')!
      expect(d.date).to.equal('2026-03-20')
      expect(d.extended).to.equal(true)
    })

    it('should start the at-risk period five working days before the deadline', () => {
      const d = caseDeadline(kpa, facts, '2026-01-10')!
      // 5 Feb 2026 is a Thursday: 5 working days before is Thursday 29 Jan
      expect(d.atRiskAt.toISOString()).to.equal(warsawInstant('2026-01-29').toISOString())
    })

    it('should have no deadline when it counts from a delivery that has not happened', () => {
      expect(caseDeadline({ ...kpa, target: { anchor: 'decision-delivered', amount: 14, unit: 'days' } }, facts, '2026-01-10')).to.equal(null)
    })
  })

  describe('pauses', () => {
    it('should count overlapping pauses once when they overlap', () => {
      expect(pausedDays([{ from: '2026-01-10', to: '2026-01-12' }, { from: '2026-01-11', to: '2026-01-14' }], '2026-02-01')).to.equal(5)
    })

    it('should ignore a pause that ends before it starts', () => {
      expect(pausedDays([{ from: '2026-01-10', to: '2026-01-09' }], '2026-02-01')).to.equal(0)
    })
  })

  describe('task targets and steps', () => {
    const def: SlaDefinition = {
      name: 'task',
      target: { anchor: 'task-due' },
      atRisk: { amount: 2, unit: 'working-days' },
      escalations: [
        { id: 'remind', on: 'at-risk', action: 'remind-assignee' },
        { id: 'late', on: 'overdue', after: { amount: 2, unit: 'working-days' }, action: 'escalate-to-manager' },
      ],
    }

    it('should take the due date the process set when the anchor is task-due', () => {
      const dueAt = endOfWarsawDay('2026-01-23')
      const t = taskSlaTimes(def, { createdAt: new Date('2026-01-05T09:00:00Z'), dueAt, caseReceivedAt: null, deliveredAt: null })!
      expect(t.dueAt).to.deep.equal(dueAt)
      expect(t.atRiskAt.toISOString()).to.equal(warsawInstant('2026-01-21').toISOString())
    })

    it('should have no target when the task has no due date and the anchor is task-due', () => {
      expect(taskSlaTimes(def, { createdAt: new Date(), dueAt: null, caseReceivedAt: null, deliveredAt: null })).to.equal(null)
    })

    it('should count working days from creation when the anchor is task-created', () => {
      const t = taskSlaTimes({ ...def, target: { anchor: 'task-created', amount: 3, unit: 'working-days' } }, {
        createdAt: new Date('2026-01-02T09:00:00Z'), dueAt: null, caseReceivedAt: null, deliveredAt: null,
      })!
      // Friday 2 Jan 2026; 6 Jan is Epiphany: 5, 7, 8 January
      expect(t.dueAt.toISOString()).to.equal(endOfWarsawDay('2026-01-08').toISOString())
    })

    it('should put a delayed step the given working days after the deadline when it has `after`', () => {
      const times = { dueAt: endOfWarsawDay('2026-01-23'), atRiskAt: warsawInstant('2026-01-21') }
      expect(stepDueAt(def.escalations[0]!, times)).to.deep.equal(times.atRiskAt)
      expect(stepDueAt(def.escalations[1]!, times).toISOString()).to.equal(endOfWarsawDay('2026-01-27').toISOString())
    })

    it('should say on time, at risk and overdue at the thresholds', () => {
      const times = { dueAt: endOfWarsawDay('2026-01-23'), atRiskAt: warsawInstant('2026-01-21') }
      expect(slaState(times, new Date(times.atRiskAt.getTime() - 1))).to.equal('on-time')
      expect(slaState(times, times.atRiskAt)).to.equal('at-risk')
      expect(slaState(times, times.dueAt)).to.equal('at-risk')
      expect(slaState(times, new Date(times.dueAt.getTime() + 1000))).to.equal('overdue')
    })

    it('should subtract working days across a holiday', () => {
      expect(subtractPeriod('2026-01-08', { amount: 2, unit: 'working-days' })).to.equal('2026-01-05')
    })
  })

  describe('policies', () => {
    it('should refuse a definition with an unknown action', () => {
      const r = parseSlaDefinition({
        name: 'x', target: { anchor: 'received', amount: 1, unit: 'months' }, atRisk: { amount: 1, unit: 'days' },
        escalations: [{ id: 'a', on: 'overdue', action: 'explode' }],
      })
      expect(r.ok ? [] : r.problems.map((p) => p.path)).to.deep.equal(['escalations.0.action'])
    })

    it('should refuse a definition with a duplicate step id or a target without an amount', () => {
      const r = parseSlaDefinition({
        name: 'x', target: { anchor: 'received' }, atRisk: { amount: 1, unit: 'days' },
        escalations: [{ id: 'a', on: 'overdue', action: 'remind-assignee' }, { id: 'a', on: 'at-risk', action: 'notify-group' }],
      })
      expect(r.ok ? [] : r.problems.map((p) => p.path)).to.have.members(['target', 'escalations.1.id'])
    })

    it('should refuse a target of 0, a complex period shorter than the ordinary one and an at-risk period as long as the target', () => {
      const codes = (def: object) => {
        const r = parseSlaDefinition(def)
        return r.ok ? [] : r.problems.map((p) => `${p.path} ${p.code}`)
      }
      const base = { name: 'x', target: { anchor: 'received', amount: 1, unit: 'months', complexAmount: 2 }, atRisk: { amount: 7, unit: 'working-days' }, escalations: [] }
      expect(codes(base)).to.deep.equal([])
      expect(codes({ ...base, target: { ...base.target, amount: 0 } })).to.deep.equal(['target.amount targetPositive'])
      expect(codes({ ...base, target: { ...base.target, amount: 3, complexAmount: 2 } })).to.deep.equal(['target.complexAmount complexShorter'])
      expect(codes({ ...base, atRisk: { amount: 999, unit: 'working-days' } })).to.deep.equal(['atRisk.amount atRiskTooLong'])
      expect(codes({ ...base, target: { anchor: 'task-created', amount: 14, unit: 'working-days' }, atRisk: { amount: 14, unit: 'working-days' } })).to.deep.equal(['atRisk.amount atRiskTooLong'])
      // different units: refused only when surely as long (13 working days may be shorter than 14 days)
      expect(codes({ ...base, target: { anchor: 'task-created', amount: 14, unit: 'days' }, atRisk: { amount: 13, unit: 'working-days' } })).to.deep.equal([])
      expect(codes({ ...base, target: { anchor: 'task-created', amount: 14, unit: 'days' }, atRisk: { amount: 3, unit: 'weeks' } })).to.deep.equal(['atRisk.amount atRiskTooLong'])
      expect(codes({ ...base, target: { ...base.target, amount: 'abc' } })).to.deep.equal(['target.amount number'])
    })

    it('should refuse an art. 36 step on a task policy and a reassign step on a case policy', () => {
      expect(checkPolicyLevel({ ...kpa }, false)).to.have.length(1)
      expect(checkPolicyLevel({ ...kpa, escalations: [{ id: 'r', on: 'overdue', action: 'reassign' }] }, true)).to.have.length(1)
      expect(checkPolicyLevel(kpa, true)).to.have.length(0)
    })

    it('should pick the element policy, then the process default, then the global one', () => {
      const ps = [
        { processId: '*', elementId: '*', n: 1 },
        { processId: 'p', elementId: '*', n: 2 },
        { processId: 'p', elementId: 'T', n: 3 },
        { processId: 'p', elementId: null, n: 4 },
      ]
      expect(pickPolicy(ps, 'p', 'T')!.n).to.equal(3)
      expect(pickPolicy(ps, 'p', 'U')!.n).to.equal(2)
      expect(pickPolicy(ps, 'q', 'U')!.n).to.equal(1)
      expect(pickPolicy(ps, 'p', null)!.n).to.equal(4)
      expect(pickPolicy(ps, 'q', null)).to.equal(null)
    })
  })
})
