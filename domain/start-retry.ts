// When a procedure whose start failed is tried again: after the grace period, then twice as long after each further
// failure, never more than an hour apart (an engine down for a day costs about 30 attempts per case, not thousands).

export const MAX_START_RETRY_DELAY_MS = 3_600_000

/** The wait after the `attempts`-th failed start (1: the registration's own attempt failed). */
export function startRetryDelayMs(attempts: number, graceMs: number): number {
  const doublings = Math.min(Math.max(attempts - 1, 0), 20)
  return Math.min(graceMs * 2 ** doublings, MAX_START_RETRY_DELAY_MS)
}
