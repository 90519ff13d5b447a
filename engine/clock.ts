// The engine's sense of time. Production uses the system clock; tests use FakeClock and jump days.

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export class FakeClock implements Clock {
  private current: number
  constructor(start: Date | string = '2026-01-05T09:00:00Z') {
    this.current = new Date(start).getTime()
  }
  now(): Date {
    return new Date(this.current)
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime()
  }
  advance(ms: number): Date {
    this.current += ms
    return this.now()
  }
  advanceDays(days: number): Date {
    return this.advance(days * 24 * 60 * 60 * 1000)
  }
}
