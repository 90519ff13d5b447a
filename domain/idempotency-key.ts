// A client's Idempotency-Key (POST /api/cases; the registration page sends a one-time key of its own): 1 to 128
// visible characters from a small set, enough for UUIDs, ULIDs and base64url tokens; anything else is refused
// before it is looked up or stored.

export const IDEMPOTENCY_KEY_MAX = 128
const PATTERN = /^[A-Za-z0-9._:~-]{1,128}$/

/** The key, or null when the header was not sent. Throws nothing: `valid: false` for a key that is not accepted. */
export function parseIdempotencyKey(raw: unknown): { valid: true; key: string | null } | { valid: false } {
  if (raw === undefined || raw === null) return { valid: true, key: null }
  if (typeof raw !== 'string' || !PATTERN.test(raw)) return { valid: false }
  return { valid: true, key: raw }
}

/** How long a registration key is honoured (and kept): a client's retries come within minutes, a day is ample. */
export const REGISTRATION_KEY_TTL_MS = 24 * 3_600_000
