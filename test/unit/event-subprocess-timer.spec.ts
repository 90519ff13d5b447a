// The due times of timer event sub-processes (engine/embedded/event-subprocess-timer.ts) and what the run keeps per
// scope about its event sub-processes (engine/embedded/event-subprocess-starts.ts). Pure: no engine, no clock.
import { expect } from 'chai'
import { eventSubProcessTimerDue } from '../../engine/embedded/event-subprocess-timer.ts'
import { forgetEndedScopes, recordStart, startsSoFar, timerArmedAt } from '../../engine/embedded/event-subprocess-starts.ts'

const armedAt = new Date('2026-03-02T08:00:00Z')
const iso = (d: Date | null) => d?.toISOString() ?? null

describe('event sub-process timers and starts', () => {
  it('should be due a duration after the arming, once, when the timer is a duration', () => {
    expect(iso(eventSubProcessTimerDue({ timeDuration: 'PT2H' }, {}, armedAt, 0))).to.equal('2026-03-02T10:00:00.000Z')
    expect(eventSubProcessTimerDue({ timeDuration: 'PT2H' }, {}, armedAt, 1)).to.equal(null)
  })

  it('should read the value from the variables when the timer is FEEL', () => {
    expect(iso(eventSubProcessTimerDue({ timeDate: '=until' }, { until: '2026-04-01T00:00:00Z' }, armedAt, 0))).to.equal('2026-04-01T00:00:00.000Z')
  })

  it('should give each occurrence an interval after the previous one and none past the repetitions when the timer is a cycle', () => {
    const dues = [0, 1, 2, 3].map((i) => iso(eventSubProcessTimerDue({ timeCycle: 'R3/PT1H' }, {}, armedAt, i)))
    expect(dues).to.deep.equal(['2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T11:00:00.000Z', null])
    expect(iso(eventSubProcessTimerDue({ timeCycle: 'R/P1D' }, {}, armedAt, 99)), 'for ever').to.equal('2026-06-10T08:00:00.000Z')
  })

  it('should fail naming the value when a FEEL cycle gives no repeating interval', () => {
    expect(() => eventSubProcessTimerDue({ timeCycle: '=every' }, { every: 'P1D' }, armedAt, 0)).to.throw(/"P1D"/)
  })

  it('should keep the first arming time and count starts per scope, and forget scopes that ended', () => {
    const settings: Record<string, any> = {}
    expect(timerArmedAt(settings, 'esp@scope_1', armedAt).toISOString()).to.equal(armedAt.toISOString())
    expect(timerArmedAt(settings, 'esp@scope_1', new Date('2026-03-03T00:00:00Z')).toISOString(), 'kept').to.equal(armedAt.toISOString())
    expect(startsSoFar(settings, 'esp@scope_1')).to.equal(0)
    recordStart(settings, 'esp@scope_1', 0)
    recordStart(settings, 'esp@scope_2', 4)
    expect([startsSoFar(settings, 'esp@scope_1'), startsSoFar(settings, 'esp@scope_2')]).to.deep.equal([1, 5])
    forgetEndedScopes(settings, new Set(['scope_2']))
    expect(settings).to.deep.equal({ eventSubProcessStarts: { 'esp@scope_2': 5 }, eventSubProcessTimersArmedAt: {} })
  })

  it('should count the runs of an instance saved before starts were counted', () => {
    expect(startsSoFar({}, 'esp@scope_1', { counters: { taken: 2, discarded: 1 }, isRunning: true })).to.equal(4)
  })
})
