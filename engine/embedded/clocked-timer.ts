// bpmn-elements' TimerEventDefinition, counting from the engine's clock instead of the system clock, so that
// tests can jump days and a restored timer keeps the due time it was given.
// A cycle (R3/PT1H, on a non-interrupting boundary event only: the deployment check) gives bpmn-elements the number of
// firings left as `repeat`: after each firing it starts the boundary event again with one less, until the last; the
// next due time counts on from the previous one (not from when the round fired it), so a late round never shifts
// the schedule. The previous due time is the one this definition armed, or the stored one it was recovered with.
import { TimerEventDefinition } from 'bpmn-elements'
import type { Clock } from '../clock.ts'
import { parseTimerCycle } from '../timer-cycle.ts'
import { addIsoDuration, parseIsoDuration } from './iso-duration.ts'

/** The next due time of a cycle and the firings left (bpmn-elements' repeat: -1 for ever), armed at `now`. */
function cycleTimer(raw: string, now: Date, previousDue: Date | undefined, repeatLeft: number | undefined): { expireAt: Date; repeat: number } {
  const cycle = parseTimerCycle(raw)
  if (!cycle) throw new TypeError(`Timer cycle "${raw}" is not an ISO 8601 repeating interval such as R3/PT1H`)
  const repeat = repeatLeft ?? cycle.repetitions ?? -1
  if (repeatLeft !== undefined && previousDue) return { expireAt: addIsoDuration(previousDue, cycle.interval), repeat }
  return { expireAt: cycle.start ?? addIsoDuration(now, cycle.interval), repeat }
}

export function ClockedTimerEventDefinition(this: any, activity: any, eventDefinition: any) {
  ;(TimerEventDefinition as any).call(this, activity, eventDefinition)
}
ClockedTimerEventDefinition.prototype = Object.create((TimerEventDefinition as any).prototype)
ClockedTimerEventDefinition.prototype.constructor = ClockedTimerEventDefinition

ClockedTimerEventDefinition.prototype._getTimers = function getTimers(executeMessage: any) {
  const clock: Clock | undefined = this.environment.options?.clock
  const now = clock ? clock.now() : new Date()
  const content = executeMessage.content
  const result: Record<string, any> = {}
  // a repeat of a cycle: bpmn-elements starts the boundary event again with the firings left on its inbound message
  const repeatLeft: number | undefined = content.inbound?.[0] && 'repeat' in content.inbound[0] ? Number(content.inbound[0].repeat) : undefined
  if ('expireAt' in content) {
    result.expireAt = new Date(content.expireAt)
    if ('repeat' in content) result.repeat = content.repeat
    this.cycleDue = result.expireAt
  } else if ('timeCycle' in this && this.timeCycle) {
    const raw = 'timeCycle' in content ? content.timeCycle : this.environment.resolveExpression(this.timeCycle, executeMessage)
    const { expireAt, repeat } = cycleTimer(String(raw).trim(), now, this.cycleDue, repeatLeft)
    Object.assign(result, { timeCycle: raw, timerType: 'timeCycle', expireAt, repeat })
    this.cycleDue = expireAt
  } else {
    for (const timerType of ['timeDuration', 'timeDate'] as const) {
      const raw = timerType in content ? content[timerType] : timerType in this ? this.environment.resolveExpression(this[timerType], executeMessage) : undefined
      if (raw === undefined) continue
      result[timerType] = raw
      let expireAt: Date
      if (timerType === 'timeDuration') {
        const d = parseIsoDuration(String(raw))
        if (!d) throw new TypeError(`Timer duration "${raw}" is not an ISO 8601 duration`)
        expireAt = addIsoDuration(now, d)
      } else {
        expireAt = new Date(String(raw))
        if (Number.isNaN(expireAt.getTime())) throw new TypeError(`Timer date "${raw}" is not an ISO 8601 date-time`)
      }
      if (!result.expireAt || result.expireAt > expireAt) {
        result.timerType = timerType
        result.expireAt = expireAt
      }
    }
  }
  result.timeout = result.expireAt ? result.expireAt.getTime() - now.getTime() : 0
  return result
}
