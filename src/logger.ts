// A tiny JSON-lines logger. One line per event: {"at","level","msg", ...context}.
// Rule for callers: log ids, counts and codes only — never request bodies, PESEL numbers or names.
import type { Config } from './config.ts'

export type LogLevel = Config['logLevel']
export type LogContext = Record<string, string | number | boolean | null | undefined>

export interface Logger {
  debug(msg: string, context?: LogContext): void
  info(msg: string, context?: LogContext): void
  /** `err`: only its class name, message and stack are logged, never its other properties. */
  warn(msg: string, context?: LogContext, err?: unknown): void
  error(msg: string, context?: LogContext, err?: unknown): void
  /** A logger that adds these ids to every line. */
  child(context: LogContext): Logger
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface LoggerOptions {
  level: LogLevel
  /** Where lines go; stdout by default. Tests pass an array collector. */
  write?: (line: string) => void
  now?: () => Date
}

/** Only the error's class name, message and stack: never its properties, which may hold request data. */
function describeError(err: unknown): LogContext {
  if (err instanceof Error) return { errName: err.name, errMessage: err.message, errStack: err.stack ?? null }
  return { errMessage: String(err) }
}

export function createLogger(options: LoggerOptions, base: LogContext = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'))
  const now = options.now ?? (() => new Date())
  const threshold = RANK[options.level]

  function log(level: LogLevel, msg: string, context: LogContext | undefined, err?: unknown): void {
    if (RANK[level] < threshold) return
    const line = { at: now().toISOString(), level, msg, ...base, ...context, ...(err === undefined ? {} : describeError(err)) }
    write(JSON.stringify(line))
  }

  return {
    debug: (msg, context) => log('debug', msg, context),
    info: (msg, context) => log('info', msg, context),
    warn: (msg, context, err) => log('warn', msg, context, err),
    error: (msg, context, err) => log('error', msg, context, err),
    child: (context) => createLogger(options, { ...base, ...context }),
  }
}

/** A logger that drops everything (for tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} })
