// What a log line may say about an error in the Operaton adapter: its kind and code, never its message (a message
// can quote variable values, e.g. Prisma's "Invalid invocation" text or an engine's exception text).
import { EngineError } from '../port.ts'

export function errorFacts(err: unknown): { error: string; code: string | null } {
  return { error: err instanceof Error ? err.name : 'unknown', code: err instanceof EngineError ? err.code : null }
}
