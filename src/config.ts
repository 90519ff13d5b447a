// The only reader of the environment. Everything else receives a frozen, validated Config.
import { isIP } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export type EngineKind = 'embedded' | 'operaton'
export type NodeEnv = 'development' | 'production' | 'test'
export type Locale = 'pl' | 'en'

export interface Config {
  nodeEnv: NodeEnv
  port: number
  host: string
  /** Folder of the embedded defaults (PGlite database). */
  dataDir: string
  /** Folder of the procedures deployed at start-up (*.bpmn, forms/*.form). */
  processesDir: string
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of PGlite. */
  databaseUrl: string | null
  engine: EngineKind
  /** The Operaton nodes (ENGINE=operaton): REST addresses, e.g. http://127.0.0.1:8080/engine-rest. */
  operaton: OperatonConfig
  /** Session lifetime in hours. */
  sessionHours: number
  /** Create demo accounts on an empty database (never in production). */
  demoAccounts: boolean
  /** Name of the centre, printed on documents and pages. */
  centreName: string
  /** Place printed before the date on decisions ("Poręba, dnia …"); empty: no place. */
  centrePlace: string
  /** Prefix of case numbers (sygnatura), e.g. "OPS.8311". */
  caseNumberPrefix: string
  defaultLocale: Locale
  /** How often the embedded engine's scheduler looks for due timers and jobs, in ms. */
  schedulerIntervalMs: number
  /** How many process instances the embedded engine keeps live in memory between events (0: none; LRU). */
  engineLiveInstances: number
  /** How often the SLA monitor measures new work and fires due escalations (also the pending-start round's interval). */
  slaIntervalMs: number
  /** How long a case's procedure start in progress has before the pending-start round may try it again, in ms. */
  caseStartGraceMs: number
  /** How long a page waits after a registration or a completion for the engine to move the case on (0: not at all). */
  pageEngineWaitMs: number
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  /** Largest procedure upload (POST /api/deployments, all files together), in bytes; one file may be at most
   * 2 MiB or this, whichever is smaller. */
  maxDeploymentBytes: number
  /** Largest file attached to a case (PDF, JPEG, PNG), in bytes; stored in the database. */
  maxDocumentBytes: number
  /** SMTP server for e-mail notifications (smtp://user:pass@host:587, smtps://…); null: e-mail off. */
  smtpUrl: string | null
  /** Sender of e-mail notifications, e.g. "welfare-flow <noreply@localhost>". */
  mailFrom: string
  /** When set, `GET /metrics` also accepts `Authorization: Bearer <this token>`; null: administrators only. */
  metricsToken: string | null
  /** Port of a separate listener serving only /metrics without authentication (0: any free port); null: none. */
  metricsPort: number | null
  /** Interface of that listener (localhost or a private network only). */
  metricsHost: string
  /** Which reverse proxies may tell the client's address (X-Forwarded-For) and scheme: false (none), a number of
   * proxy hops, or addresses/subnets/presets for Express's `trust proxy`. */
  trustProxy: false | number | string[]
  /** Days sign-in attempts (login, IP address, time, outcome) are kept; expired sessions go at once. */
  loginHistoryDays: number
}

export interface OperatonConfig {
  /** OPERATON_URL: one or more REST addresses (comma-separated), used in turn; empty unless ENGINE=operaton. */
  urls: string[]
  /** OPERATON_API_TOKEN: sent as `Authorization: Bearer …` when the engine app requires it; null: none. */
  apiToken: string | null
  /** OPERATON_WORKERS: `in-app` runs the job workers inside the web app; `off` leaves them to `npm run workers`. */
  workers: 'in-app' | 'off'
  /** OPERATON_WORKER_CONCURRENCY: how many external tasks one worker process handles at once. */
  workerConcurrency: number
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable}: ${message}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

function str(env: Env, name: string, fallback: string): string {
  const v = env[name]
  return v === undefined || v === '' ? fallback : v
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${n}`)
  return n
}

function oneOf<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `expected one of ${choices.join(', ')}, got "${raw}"`)
  }
  return raw as T
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false
  throw new ConfigError(name, `expected true or false, got "${raw}"`)
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return null
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(name, 'not a valid URL')
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a URL starting with ${protocols.join(' or ')}`)
  }
  return raw
}

/** OPERATON_URL: a comma list of http(s) REST addresses without a trailing slash; required when ENGINE=operaton. */
function operatonUrls(env: Env, required: boolean): string[] {
  const raw = (env.OPERATON_URL ?? '').trim()
  if (raw === '') {
    if (required) throw new ConfigError('OPERATON_URL', 'ENGINE=operaton needs the REST address of at least one node, e.g. http://127.0.0.1:8080/engine-rest')
    return []
  }
  return raw.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    let parsed: URL
    try {
      parsed = new URL(entry)
    } catch {
      throw new ConfigError('OPERATON_URL', `"${entry}" is not a valid URL`)
    }
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new ConfigError('OPERATON_URL', `"${entry}": expected http:// or https://`)
    return entry.replace(/\/+$/, '')
  })
}

const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** TRUST_PROXY: empty/false → none; 1–10 → that many hops; otherwise a comma list of IP addresses, subnets
 * (address/bits) or presets (loopback, linklocal, uniquelocal). "true" (trust any sender) is refused: whoever can
 * reach the port could then write any address into the audit log. */
function trustProxy(env: Env): false | number | string[] {
  const raw = (env.TRUST_PROXY ?? '').trim()
  if (raw === '' || ['false', '0', 'no'].includes(raw.toLowerCase())) return false
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw)
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `expected 1 to 10 proxy hops, got ${hops}`)
    return hops
  }
  if (['true', 'yes'].includes(raw.toLowerCase())) {
    throw new ConfigError('TRUST_PROXY', 'trusting every sender lets anyone forge client addresses; give the number of proxies (e.g. 1) or their addresses')
  }
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean)
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/')
    const family = isIP(address)
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32))
    if (!(PROXY_PRESETS.has(entry) || (family !== 0 && bitsOk && rest.length === 0))) {
      throw new ConfigError('TRUST_PROXY', `"${entry}" is not an IP address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`)
    }
  }
  return entries
}

/** Reads and validates the configuration. Throws ConfigError naming the variable on a bad value. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Readonly<Config> {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development')
  if (env.ENGINE === 'zeebe') {
    throw new ConfigError('ENGINE', 'Zeebe is not used (its broker is not open source); use embedded (one machine) or operaton (a cluster), see README "Engines"')
  }
  const engine = oneOf(env, 'ENGINE', ['embedded', 'operaton'] as const, 'embedded')
  const config: Config = {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'HOST', '0.0.0.0'),
    dataDir: path.resolve(cwd, str(env, 'DATA_DIR', './data')),
    processesDir: path.resolve(cwd, str(env, 'PROCESSES_DIR', path.join(PROJECT_ROOT, 'processes'))),
    databaseUrl: url(env, 'DATABASE_URL', ['postgresql:', 'postgres:']),
    engine,
    operaton: {
      urls: operatonUrls(env, engine === 'operaton'),
      apiToken: env.OPERATON_API_TOKEN ? env.OPERATON_API_TOKEN : null,
      workers: oneOf(env, 'OPERATON_WORKERS', ['in-app', 'off'] as const, 'in-app'),
      workerConcurrency: int(env, 'OPERATON_WORKER_CONCURRENCY', 4, 1, 64),
    },
    sessionHours: int(env, 'SESSION_HOURS', 10, 1, 24 * 30),
    demoAccounts: bool(env, 'DEMO_ACCOUNTS', nodeEnv !== 'production'),
    centreName: str(env, 'CENTRE_NAME', 'Miejski Ośrodek Pomocy Społecznej'),
    centrePlace: str(env, 'CENTRE_PLACE', ''),
    caseNumberPrefix: str(env, 'CASE_NUMBER_PREFIX', 'OPS.8311'),
    defaultLocale: oneOf(env, 'LOCALE', ['pl', 'en'] as const, 'pl'),
    schedulerIntervalMs: int(env, 'SCHEDULER_INTERVAL_MS', 1000, 50, 600_000),
    engineLiveInstances: int(env, 'ENGINE_LIVE_INSTANCES', 50, 0, 10_000),
    slaIntervalMs: int(env, 'SLA_INTERVAL_MS', 30_000, 100, 3_600_000),
    caseStartGraceMs: int(env, 'CASE_START_GRACE_MS', 30_000, 500, 3_600_000),
    pageEngineWaitMs: int(env, 'PAGE_ENGINE_WAIT_MS', 2000, 0, 30_000),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    maxDeploymentBytes: int(env, 'MAX_DEPLOYMENT_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    maxDocumentBytes: int(env, 'MAX_DOCUMENT_BYTES', 10 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: str(env, 'MAIL_FROM', 'welfare-flow <noreply@localhost>'),
    metricsToken: env.METRICS_TOKEN ? env.METRICS_TOKEN : null,
    metricsPort: env.METRICS_PORT ? int(env, 'METRICS_PORT', 0, 0, 65535) : null,
    metricsHost: str(env, 'METRICS_HOST', '127.0.0.1'),
    trustProxy: trustProxy(env),
    loginHistoryDays: int(env, 'LOGIN_HISTORY_DAYS', 90, 1, 3650),
  }
  if (config.nodeEnv === 'production' && config.demoAccounts) {
    throw new ConfigError('DEMO_ACCOUNTS', 'demo accounts are never created in production')
  }
  if (!/^[A-Za-z0-9.\-/]{1,40}$/.test(config.caseNumberPrefix)) {
    throw new ConfigError('CASE_NUMBER_PREFIX', 'letters, digits, dots, dashes and slashes only, at most 40')
  }
  if (config.smtpUrl !== null && new URL(config.smtpUrl).hostname === '') {
    throw new ConfigError('SMTP_URL', 'expected a host, e.g. smtp://user:pass@mail.example.org:587')
  }
  if (!/^(?:[^<>@\r\n]* <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(config.mailFrom)) {
    throw new ConfigError('MAIL_FROM', 'expected an address, e.g. "welfare-flow <noreply@example.org>"')
  }
  if (config.metricsToken !== null && !/^[\x21-\x7e]{24,256}$/.test(config.metricsToken)) {
    throw new ConfigError('METRICS_TOKEN', '24 to 256 visible ASCII characters without spaces, e.g. from `openssl rand -hex 32`')
  }
  if (config.metricsPort !== null && config.metricsPort !== 0 && config.metricsPort === config.port) {
    throw new ConfigError('METRICS_PORT', `must differ from PORT (${config.port})`)
  }
  if (!/^[A-Za-z0-9.:\-[\]]{1,255}$/.test(config.metricsHost)) {
    throw new ConfigError('METRICS_HOST', 'expected a host name or an IP address, e.g. 127.0.0.1')
  }
  if (config.operaton.apiToken !== null && !/^[\x21-\x7e]{16,256}$/.test(config.operaton.apiToken)) {
    throw new ConfigError('OPERATON_API_TOKEN', '16 to 256 visible ASCII characters without spaces, e.g. from `openssl rand -hex 32`')
  }
  return Object.freeze(config)
}
