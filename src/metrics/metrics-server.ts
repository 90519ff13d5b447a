// The optional separate listener (METRICS_PORT, bound to METRICS_HOST only): GET /metrics without
// authentication, nothing else. Meant for a scraper on localhost or a private network, never the internet.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '../logger.ts'
import { PROMETHEUS_CONTENT_TYPE } from './exposition.ts'

/** Writes an exposition: never cached, no ETag, the exact 0.0.4 content type. */
export function writeExposition(res: ServerResponse, body: string, withBody = true): void {
  const bytes = Buffer.from(body, 'utf8')
  res.statusCode = 200
  res.setHeader('Content-Type', PROMETHEUS_CONTENT_TYPE)
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Length', String(bytes.length))
  res.end(withBody ? bytes : undefined)
}

export interface MetricsListener {
  port: number
  close(): Promise<void>
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.end(text)
}

export function startMetricsListener(options: {
  host: string
  /** 0: any free port. */
  port: number
  render: () => Promise<string>
  logger: Logger
}): Promise<MetricsListener> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (path !== '/metrics') return plain(res, 404, 'Not found\n')
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' })
    options.render().then(
      (body) => writeExposition(res, body, req.method === 'GET'),
      (err: unknown) => {
        options.logger.error('metrics scrape failed', {}, err)
        plain(res, 500, 'Internal error\n')
      },
    )
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      const port = (server.address() as AddressInfo).port
      options.logger.info('metrics listening', { host: options.host, port })
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}
