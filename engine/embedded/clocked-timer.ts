// bpmn-elements' TimerEventDefinition, counting from the engine's clock instead of the system clock, so that
// tests can jump days and a restored timer keeps the due time it was given.
import { TimerEventDefinition } from 'bpmn-elements'
import type { Clock } from '../clock.ts'
import { addIsoDuration, parseIsoDuration } from './iso-duration.ts'

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
  if ('expireAt' in content) {
    result.expireAt = new Date(content.expireAt)
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
