// Runs a command line tool's main function and ends it the way an administrator can act on: a sentence on
// standard error saying what went wrong and what to do, an exit code (2: bad arguments or settings, 1: anything
// else), and never a stack trace. Errors are explained by kind (a setting, the PGlite folder held by the running
// server, a database that does not answer, a failed migration, an unknown command-line option); anything else
// prints its message's first line only (no stack, no error object, no credentials from a connection string).
import path from 'node:path'
import { ConfigError } from '../config.ts'
import { DataDirLockedError } from '../storage/data-dir-lock.ts'
import { MigrationError } from '../storage/migrate.ts'

/** A problem the tool itself explains (bad input): printed as is, with its exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message)
    this.name = 'CliError'
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'])

function errorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') return code
  const cause = (err as { cause?: unknown }).cause
  return cause && cause !== err ? errorCode(cause) : null
}

/** Hides the password of any connection string in a message. */
function withoutCredentials(text: string): string {
  return text.replace(/(\w+:\/\/)[^\s/@]*@/g, '$1…@')
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? 'unknown error'
  return withoutCredentials(line.length > 300 ? `${line.slice(0, 300)}…` : line).replace(/\.$/, '')
}

/** The sentence and exit code for an error a tool did not handle itself. */
export function explainCliError(err: unknown, doing: string): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode }
  if (err instanceof ConfigError) return { message: `${err.message}. Correct the setting and run the command again.`, exitCode: 2 }
  if (err instanceof DataDirLockedError) {
    return {
      message: `${doing} is not possible now: the database in ${path.dirname(err.lockPath)} is in use by another ` +
        `process (pid ${err.ownerPid ?? 'unknown'}), most likely the running server. Stop the server (or the other command), ` +
        'run this command again, then start the server; or set DATABASE_URL to use PostgreSQL, which allows both. ' +
        `If no such process runs, delete the lock file ${err.lockPath}.`,
      exitCode: 1,
    }
  }
  if (err instanceof MigrationError && err.migrationName === null && err.reason.startsWith('cannot connect to the database')) {
    return {
      message: `${doing} failed: the database cannot be reached or refused the connection (${firstLine(err.reason.replace(/^cannot connect to the database:\s*/, ''))}). ` +
        'Check that PostgreSQL runs and that DATABASE_URL names it with the right user and password, then try again.',
      exitCode: 1,
    }
  }
  if (err instanceof MigrationError) {
    return { message: `${doing} failed because the database could not be migrated: ${firstLine(err)}. See "Configuration" in README.md (npm run db:resolve).`, exitCode: 1 }
  }
  const code = errorCode(err)
  if (code !== null && code.startsWith('ERR_PARSE_ARGS_')) return { message: `${firstLine(err)}.`, exitCode: 2 }
  if (code !== null && CONNECTION_CODES.has(code)) {
    return { message: `${doing} failed: the database does not answer (${code}). Check that PostgreSQL runs and that DATABASE_URL names it, then try again.`, exitCode: 1 }
  }
  return { message: `${doing} failed: ${firstLine(err)}. Check the settings and the database, then try again.`, exitCode: 1 }
}

/**
 * Runs `main` (which returns the exit code) and sets process.exitCode; an error becomes one sentence on standard
 * error (`usage`, when given, follows a bad-argument message).
 */
export async function runCli(doing: string, main: () => Promise<number>, options: { usage?: string } = {}): Promise<void> {
  try {
    process.exitCode = await main()
  } catch (err) {
    const { message, exitCode } = explainCliError(err, doing)
    process.stderr.write(`${message}\n`)
    if (exitCode === 2 && options.usage && !(err instanceof ConfigError)) process.stderr.write(`${options.usage}\n`)
    process.exitCode = exitCode
  }
}
