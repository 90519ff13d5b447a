// UUID version 7 (RFC 9562): a millisecond timestamp then random bits, so ids made later sort later.
// Persons and incomes use it so that "ORDER BY id" gives the order in which they were entered.
import { randomBytes } from 'node:crypto'

let lastMs = 0
let sequence = 0

export function orderedId(now: number = Date.now()): string {
  if (now <= lastMs) {
    sequence++
    now = lastMs
  } else {
    lastMs = now
    sequence = 0
  }
  const bytes = randomBytes(16)
  bytes.writeUIntBE(now, 0, 6)
  // 12 bits of a per-millisecond counter keep ids from one millisecond in order.
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f)
  bytes[7] = sequence & 0xff
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
