// The fingerprint of a request body for idempotency: SHA-256 of its canonical JSON (object keys sorted), so a retry
// that sends the same values in another key order is the same request. Call it only on a body whose depth was
// checked (exceedsJsonDepth): it recurses.
import { createHash } from 'node:crypto'

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex')
}
