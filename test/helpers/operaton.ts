// The Operaton engine app for tests: which nodes to use (OPERATON_URL, comma-separated REST addresses such as
// http://127.0.0.1:8081/engine-rest, printed by scripts/ci-operaton.sh) and a small JSON client for them.
// Only tests and test helpers read OPERATON_URL, REQUIRE_OPERATON and OPERATON_API_TOKEN.
import { describeWithService } from './service-suite.ts'

/** The REST addresses in OPERATON_URL (without a trailing slash), or null when it is unset. */
export function operatonUrls(): string[] | null {
  const raw = process.env.OPERATON_URL
  if (!raw) return null
  const urls = raw.split(',').map((url) => url.trim().replace(/\/+$/, '')).filter(Boolean)
  return urls.length ? urls : null
}

/** Runs the suite against the Operaton nodes in OPERATON_URL (test/helpers/service-suite.ts says what happens without). */
export function describeOnOperaton(title: string, fn: (urls: string[]) => void): void {
  describeWithService(title, {
    service: 'Operaton',
    value: operatonUrls(),
    requireVariable: 'REQUIRE_OPERATON',
    missing: 'OPERATON_URL is not set (see scripts/ci-operaton.sh)',
  }, fn)
}

export interface OperatonResponse {
  status: number
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
}

/** One node: `rest('/task?…')` under /engine-rest, `welfare('/welfare/health')` beside it; JSON in and out. */
export interface OperatonNode {
  restUrl: string
  baseUrl: string
  rest(path: string, init?: { method?: string; json?: unknown; form?: FormData }): Promise<OperatonResponse>
  welfare(path: string, init?: { method?: string; json?: unknown }): Promise<OperatonResponse>
}

export function operatonNode(restUrl: string): OperatonNode {
  const baseUrl = restUrl.replace(/\/engine-rest$/, '')
  const token = process.env.OPERATON_API_TOKEN
  const send = async (url: string, init: { method?: string; json?: unknown; form?: FormData } = {}): Promise<OperatonResponse> => {
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
    let body: string | FormData | undefined
    if (init.form) body = init.form
    else if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(init.json)
    }
    const response = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed }
  }
  return {
    restUrl,
    baseUrl,
    rest: (path, init) => send(`${restUrl}${path}`, init),
    welfare: (path, init) => send(`${baseUrl}${path}`, init),
  }
}

/** A structured variable as the engine app stores it: JSON text with data format application/json. */
export function jsonVariable(value: unknown): { value: string; type: 'Object'; valueInfo: Record<string, string> } {
  return {
    value: JSON.stringify(value),
    type: 'Object',
    valueInfo: {
      serializationDataFormat: 'application/json',
      objectTypeName: Array.isArray(value) ? 'java.util.List' : 'java.util.Map',
    },
  }
}
