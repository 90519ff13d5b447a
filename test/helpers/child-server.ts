// The real server (npm start's entry point, src/main.ts) in a child process, for tests that kill it: started on a
// data folder or a PostgreSQL URL, its address read from its "welfare-flow started" log line, and JSON calls to it.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface ChildServer {
  child: ChildProcess
  base: string
  exited: Promise<number | null>
  /** The last part of what it printed (for a failure message). */
  output(): string
}

const KEEP_OUTPUT = 20_000

/** Starts the server with `env` over the test defaults (PORT 0, HOST 127.0.0.1, NODE_ENV test); resolves once it listens. */
export async function startChildServer(env: Record<string, string>, timeoutMs = 120_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let output = ''
  const append = (d: Buffer) => {
    output = (output + d.toString()).slice(-KEEP_OUTPUT)
  }
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), timeoutMs)
    let found = false
    child.stderr!.on('data', append)
    child.stdout!.on('data', (d: Buffer) => {
      append(d)
      const m = !found && /"msg":"welfare-flow started","url":"http:\/\/localhost:(\d+)"/.exec(output)
      if (m) {
        found = true
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${m[1]}`)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  return { child, base, exited, output: () => output }
}

/** Kills it with SIGKILL (nothing runs after: no shutdown, no flush) and waits until it is gone. */
export async function killHard(server: ChildServer): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL')
  await server.exited
}

export interface ApiAnswer {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers
}

export async function api(base: string, method: string, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiAnswer> {
  const res = await fetch(base + url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers }
}
