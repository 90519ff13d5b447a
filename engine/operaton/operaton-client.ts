// The REST client for a cluster of Operaton nodes (all on one database): calls go round robin over the nodes;
// a call fails over to the next node only when it cannot have reached an engine (connection refused, unknown
// host) or when repeating it is harmless (a GET, or a call marked idempotent). Every failure becomes an
// EngineError whose message names the call and Operaton's exception type, never a variable value.
import { EngineError } from '../port.ts'

export type EngineErrorCode = EngineError['code']

export interface OperatonClientOptions {
  /** REST addresses of the nodes, e.g. http://127.0.0.1:8081/engine-rest (a trailing slash is ignored). */
  urls: string[]
  /** Sent as `Authorization: Bearer …` when set. */
  apiToken?: string | null
  /** Replaces the global fetch (tests, instrumentation). */
  fetch?: typeof fetch
  /** Time one call may take, in ms (default 30 s); a call can give its own. */
  timeoutMs?: number
}

export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown
  /** Appended as a query string; null and undefined entries are left out. */
  query?: Record<string, QueryValue>
  /** Sent as multipart form data (deployments). */
  form?: FormData
  /** True: the call may be repeated on another node after a timeout or a 502/503/504 (GETs always may). */
  idempotent?: boolean
  /** Sends to this node only (index into urls), without failover: long polling is per node. */
  node?: number
  /** Overrides the client's timeout for this call (e.g. a long poll: its asyncResponseTimeout plus a margin). */
  timeoutMs?: number
}

/** An EngineError from a REST call: what was called, on which node, what Operaton answered. */
export class OperatonError extends EngineError {
  constructor(
    code: EngineErrorCode,
    message: string,
    readonly call: { method: string; path: string; node: number },
    /** HTTP status, or null when no answer came (network error, timeout). */
    readonly status: number | null,
    /** Operaton's exception type (e.g. OptimisticLockingException), when it answered with one. */
    readonly operatonType: string | null,
    /** False when the request cannot have reached a node (connection refused, unknown host). */
    readonly mayHaveReachedEngine = true,
  ) {
    super(code, message)
    this.name = 'OperatonError'
  }
}

/** Network error codes that mean the request cannot have reached a server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])
const RETRYABLE_STATUS = new Set([502, 503, 504])

function causeCode(err: unknown): string | null {
  for (let cur: unknown = err, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string') return code
    cur = (cur as { cause?: unknown }).cause
  }
  return null
}

const CONFLICT_TYPES = new Set(['OptimisticLockingException', 'TaskAlreadyClaimedException', 'ConcurrentModificationException'])
const CONFLICT_TEXT = /is already claimed|OptimisticLockingException|was updated by another transaction concurrently/i

/** The EngineError code for an HTTP answer of Operaton. */
export function classifyStatus(status: number, type: string | null, engineMessage: string): EngineErrorCode {
  if (status === 404) return 'NOT_FOUND'
  if (status === 409 || (type !== null && CONFLICT_TYPES.has(type)) || CONFLICT_TEXT.test(engineMessage)) return 'CONFLICT'
  if (status === 401 || status === 403) return 'UNAVAILABLE'
  if (status >= 400 && status < 500) return 'INVALID'
  return 'UNAVAILABLE'
}

export class OperatonClient {
  readonly urls: readonly string[]
  private readonly token: string | null
  private readonly fetchFn: typeof fetch
  private readonly timeoutMs: number
  private next = 0

  constructor(options: OperatonClientOptions) {
    if (!options.urls.length) throw new Error('OperatonClient needs at least one node URL')
    this.urls = options.urls.map((u) => u.replace(/\/+$/, ''))
    this.token = options.apiToken ?? null
    this.fetchFn = options.fetch ?? fetch
    this.timeoutMs = options.timeoutMs ?? 30_000
  }

  get nodeCount(): number {
    return this.urls.length
  }

  /** Calls `path` (below /engine-rest) and returns the parsed JSON answer (null for 204 or an empty body). */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const upper = method.toUpperCase()
    const repeatable = upper === 'GET' || options.idempotent === true
    const order = this.nodeOrder(options.node)
    let lastError: OperatonError | null = null
    for (const node of order) {
      try {
        return await this.send<T>(upper, path, node, options)
      } catch (err) {
        if (!(err instanceof OperatonError)) throw err
        lastError = err
        const failover = err.status === null
          ? !err.mayHaveReachedEngine || repeatable
          : repeatable && RETRYABLE_STATUS.has(err.status)
        if (!failover) throw err
      }
    }
    throw lastError!
  }

  private nodeOrder(node: number | undefined): number[] {
    if (node !== undefined) {
      if (!Number.isInteger(node) || node < 0 || node >= this.urls.length) throw new RangeError(`No Operaton node ${node}`)
      return [node]
    }
    const start = this.next
    this.next = (this.next + 1) % this.urls.length
    return this.urls.map((_, i) => (start + i) % this.urls.length)
  }

  private async send<T>(method: string, path: string, node: number, options: RequestOptions): Promise<T> {
    const call = { method, path: path.split('?')[0], node }
    const where = `Operaton ${method} ${call.path} (node ${node + 1})`
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (this.token) headers.Authorization = `Bearer ${this.token}`
    let body: string | FormData | undefined
    if (options.form) body = options.form
    else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
    const url = new URL(this.urls[node] + path)
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== null && v !== undefined) url.searchParams.set(k, String(v))
    }
    const timeoutMs = options.timeoutMs ?? this.timeoutMs
    let response: Response
    let text: string
    try {
      response = await this.fetchFn(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) })
      text = await response.text()
    } catch (err) {
      const code = causeCode(err)
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : `network error ${code ?? (err instanceof Error ? err.name : 'unknown')}`
      const notSent = !timedOut && code !== null && NOT_SENT.has(code)
      throw new OperatonError('UNAVAILABLE', `${where} failed: ${reason}`, call, null, null, !notSent)
    }
    if (response.ok) {
      if (!text) return null as T
      try {
        return JSON.parse(text) as T
      } catch {
        return text as T
      }
    }
    let type: string | null = null
    let engineMessage = ''
    try {
      const parsed = JSON.parse(text) as { type?: unknown; message?: unknown }
      if (typeof parsed.type === 'string') type = parsed.type
      if (typeof parsed.message === 'string') engineMessage = parsed.message
    } catch {
      // not Operaton's JSON error body (a proxy, the token filter): the status says enough
    }
    const code = classifyStatus(response.status, type, engineMessage)
    const error = new OperatonError(code, `${where} failed: HTTP ${response.status}${type ? ` ${type}` : ''}`, call, response.status, type)
    // Operaton's own text can quote variable values: kept off the message, readable for diagnosis only.
    Object.defineProperty(error, 'engineMessage', { value: engineMessage, enumerable: false })
    throw error
  }
}

/** Operaton's own error text of an OperatonError (may quote data: never log it). */
export function engineMessageOf(err: unknown): string | null {
  const value = (err as { engineMessage?: unknown } | null)?.engineMessage
  return typeof value === 'string' ? value : null
}
