// JSON-shaped variables to Operaton's typed variables and back. The engine app (operaton/) stores Maps and Lists
// as JSON text (data format application/json), so objects and arrays travel as `Object` values with that format;
// FEEL inside the engine can navigate them. Dates travel as ISO strings, as the embedded engine keeps them.

export interface TypedValue {
  value: unknown
  type: string
  valueInfo?: Record<string, unknown>
}

export type TypedVariables = Record<string, TypedValue>

const JSON_FORMAT = 'application/json'
const INT_MIN = -(2 ** 31)
const INT_MAX = 2 ** 31 - 1

/** One JSON-shaped value as an Operaton typed value. Throws TypeError for what JSON cannot hold (functions, bigint, NaN). */
export function toTypedValue(value: unknown): TypedValue {
  if (value === null || value === undefined) return { value: null, type: 'Null' }
  if (typeof value === 'string') return { value, type: 'String' }
  if (typeof value === 'boolean') return { value, type: 'Boolean' }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('A variable cannot hold NaN or Infinity')
    if (Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX) return { value, type: 'Integer' }
    if (Number.isSafeInteger(value)) return { value, type: 'Long' }
    return { value, type: 'Double' }
  }
  if (value instanceof Date) return { value: value.toISOString(), type: 'String' }
  if (typeof value === 'object') {
    return {
      value: JSON.stringify(value),
      type: 'Object',
      valueInfo: { serializationDataFormat: JSON_FORMAT, objectTypeName: Array.isArray(value) ? 'java.util.List' : 'java.util.Map' },
    }
  }
  throw new TypeError(`A variable cannot hold a value of type ${typeof value}`)
}

/** Variables for a REST call (start, complete, correlate …). Undefined entries are left out. */
export function toOperatonVariables(vars: Record<string, unknown> | undefined | null): TypedVariables {
  const out: TypedVariables = {}
  for (const [name, value] of Object.entries(vars ?? {})) {
    if (value === undefined) continue
    try {
      out[name] = toTypedValue(value)
    } catch (err) {
      // the name only: the value may be personal data
      throw new TypeError(`Variable "${name}": ${(err as Error).message}`)
    }
  }
  return out
}

/** Operaton's date text (2026-01-05T09:00:00.000+0100) as an ISO string in UTC. */
function isoDate(value: string): string {
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  const ms = Date.parse(normalized)
  return Number.isNaN(ms) ? value : new Date(ms).toISOString()
}

/**
 * One typed value read from Operaton as a JSON-shaped value. Returns undefined for what cannot be read as JSON
 * (Java-serialized objects, files, bytes): such variables are left out.
 */
export function fromTypedValue(typed: TypedValue): unknown {
  const { type, value } = typed
  switch (type) {
    case 'Null':
      return null
    case 'String':
    case 'Boolean':
      return value
    case 'Integer':
    case 'Long':
    case 'Short':
    case 'Double':
      return value === null ? null : Number(value)
    case 'Date':
      return typeof value === 'string' ? isoDate(value) : value
    case 'Json':
      return typeof value === 'string' ? JSON.parse(value) : value
    case 'Object': {
      const format = typed.valueInfo?.serializationDataFormat
      if (value === null) return null
      if (format === JSON_FORMAT) return typeof value === 'string' ? JSON.parse(value) : value
      // deserialized by the engine (deserializeValues=true) into a JSON structure already
      if (format === undefined && typeof value === 'object') return value
      return undefined
    }
    default:
      return undefined
  }
}

/** Variables as a REST call returns them ({name: {type, value, valueInfo}}) as a plain JSON-shaped object. */
export function fromOperatonVariables(rest: Record<string, TypedValue> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, typed] of Object.entries(rest ?? {})) {
    const value = fromTypedValue(typed)
    if (value !== undefined) out[name] = value
  }
  return out
}
