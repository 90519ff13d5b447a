// METRICS_TOKEN check in constant time: both sides are hashed first, so neither the length nor a common prefix
// of the presented token changes how long the comparison takes.
import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest()

export function metricsTokenMatches(expected: string, presented: string): boolean {
  return timingSafeEqual(digest(expected), digest(presented))
}
