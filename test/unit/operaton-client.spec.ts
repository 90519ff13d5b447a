// The Operaton REST client against small local HTTP servers standing in for engine nodes (real sockets, port 0):
// round robin, failover only when nothing reached an engine or the call may be repeated, the bearer token,
// timeouts, and the EngineError codes (Operaton's 500 for a lost claim race is a CONFLICT).
import { expect } from 'chai'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { OperatonClient, OperatonError, engineMessageOf } from '../../engine/operaton/operaton-client.ts'
import { EngineError } from '../../engine/port.ts'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

interface FakeNode {
  url: string
  seen: Seen[]
  reply: (req: Seen, res: ServerResponse) => void
  close(): Promise<void>
}

async function fakeNode(reply: FakeNode['reply'] = (_req, res) => json(res, 200, { ok: true })): Promise<FakeNode> {
  const node: Partial<FakeNode> = { seen: [], reply }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      node.seen!.push(seen)
      node.reply!(seen, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  node.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`
  node.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
  return node as FakeNode
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** An address where nothing listens (a node that is down). */
async function deadUrl(): Promise<string> {
  const node = await fakeNode()
  await node.close()
  return node.url
}

async function failure(promise: Promise<unknown>): Promise<OperatonError> {
  try {
    await promise
  } catch (err) {
    expect(err).to.be.instanceOf(OperatonError)
    expect(err).to.be.instanceOf(EngineError)
    return err as OperatonError
  }
  throw new Error('expected the call to fail')
}

describe('Operaton client', () => {
  const open: FakeNode[] = []
  const node = async (reply?: FakeNode['reply']) => {
    const n = await fakeNode(reply)
    open.push(n)
    return n
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((n) => n.close()))
  })

  it('should send JSON, the query and the bearer token and parse the answer when the node answers 200', async () => {
    const a = await node((_req, res) => json(res, 200, [{ id: 't1' }]))
    const client = new OperatonClient({ urls: [`${a.url}/`], apiToken: 'secret-token-0123456789' })
    const answer = await client.request<{ id: string }[]>('POST', '/external-task/fetchAndLock', { body: { workerId: 'w' }, query: { a: 'x y', skip: undefined, n: 3 } })
    expect(answer).to.deep.equal([{ id: 't1' }])
    expect(a.seen).to.have.length(1)
    expect(a.seen[0].url).to.equal('/engine-rest/external-task/fetchAndLock?a=x+y&n=3')
    expect(a.seen[0].headers.authorization).to.equal('Bearer secret-token-0123456789')
    expect(a.seen[0].headers['content-type']).to.equal('application/json')
    expect(JSON.parse(a.seen[0].body)).to.deep.equal({ workerId: 'w' })
  })

  it('should send no Authorization header and return null when no token is set and the answer is 204', async () => {
    const a = await node((_req, res) => {
      res.writeHead(204)
      res.end()
    })
    const client = new OperatonClient({ urls: [a.url] })
    expect(await client.request('POST', '/external-task/t1/complete', { body: {} })).to.equal(null)
    expect(a.seen[0].headers.authorization).to.equal(undefined)
  })

  it('should use the nodes in turn when every call succeeds', async () => {
    const a = await node()
    const b = await node()
    const client = new OperatonClient({ urls: [a.url, b.url] })
    for (let i = 0; i < 4; i++) await client.request('GET', '/version')
    expect([a.seen.length, b.seen.length]).to.deep.equal([2, 2])
  })

  it('should send to the named node only when a call gives node', async () => {
    const a = await node()
    const b = await node((_req, res) => json(res, 503, {}))
    const client = new OperatonClient({ urls: [a.url, b.url] })
    const err = await failure(client.request('GET', '/version', { node: 1 }))
    expect(err.code).to.equal('UNAVAILABLE')
    expect(a.seen).to.have.length(0)
    expect(err.call).to.deep.equal({ method: 'GET', path: '/version', node: 1 })
  })

  it('should fail a POST over to the next node when the first refuses the connection', async () => {
    const dead = await deadUrl()
    const b = await node()
    const client = new OperatonClient({ urls: [dead, b.url] })
    expect(await client.request('POST', '/message', { body: { messageName: 'm' } })).to.deep.equal({ ok: true })
    expect(b.seen).to.have.length(1)
  })

  it('should throw UNAVAILABLE naming the call when no node accepts the connection', async () => {
    const client = new OperatonClient({ urls: [await deadUrl(), await deadUrl()] })
    const err = await failure(client.request('POST', '/message', { body: {} }))
    expect(err.code).to.equal('UNAVAILABLE')
    expect(err.status).to.equal(null)
    expect(err.message).to.match(/POST \/message/).and.match(/ECONNREFUSED/)
  })

  it('should not repeat a POST on another node when the first answered 503', async () => {
    const a = await node((_req, res) => json(res, 503, {}))
    const b = await node()
    const client = new OperatonClient({ urls: [a.url, b.url] })
    const err = await failure(client.request('POST', '/process-definition/key/p/start', { body: {} }))
    expect(err.code).to.equal('UNAVAILABLE')
    expect(err.status).to.equal(503)
    expect(b.seen).to.have.length(0)
  })

  it('should repeat a GET and an idempotent call on the next node when the first answered 503', async () => {
    const a = await node((_req, res) => json(res, 503, {}))
    const b = await node()
    const client = new OperatonClient({ urls: [a.url, b.url] })
    expect(await client.request('GET', '/incident')).to.deep.equal({ ok: true })
    expect(await client.request('PUT', '/external-task/t/retries', { body: { retries: 1 }, idempotent: true, node: undefined })).to.deep.equal({ ok: true })
    expect(b.seen.map((s) => s.method)).to.include.members(['GET', 'PUT'])
  })

  it('should time out and not repeat a POST when a node does not answer in time', async () => {
    const a = await node(() => {
      // never answers
    })
    const b = await node()
    const client = new OperatonClient({ urls: [a.url, b.url], timeoutMs: 150 })
    const err = await failure(client.request('POST', '/external-task/t/complete', { body: {} }))
    expect(err.code).to.equal('UNAVAILABLE')
    expect(err.message).to.match(/no answer within 150 ms/)
    expect(b.seen).to.have.length(0)
  })

  it('should repeat a GET on the next node when the first does not answer in time', async () => {
    const a = await node(() => {
      // never answers
    })
    const b = await node()
    const client = new OperatonClient({ urls: [a.url, b.url], timeoutMs: 150 })
    expect(await client.request('GET', '/task')).to.deep.equal({ ok: true })
    expect(b.seen).to.have.length(1)
  })

  const cases: [string, number, unknown, string][] = [
    ['a missing resource', 404, { type: 'InvalidRequestException', message: 'Cannot find task t' }, 'NOT_FOUND'],
    ['an optimistic locking failure', 500, { type: 'OptimisticLockingException', message: 'ENGINE-03005 … was updated by another transaction concurrently' }, 'CONFLICT'],
    ['a claim lost to another user', 500, { type: 'TaskAlreadyClaimedException', message: "Task 't' is already claimed by someone else." }, 'CONFLICT'],
    ['a claim lost, reported as a generic engine exception', 500, { type: 'ProcessEngineException', message: "Task 't' is already claimed by 'anna'." }, 'CONFLICT'],
    ['a bad request', 400, { type: 'InvalidRequestException', message: 'Cannot convert value "Jan Kowalski" to type Integer' }, 'INVALID'],
    ['another engine failure', 500, { type: 'ProcessEngineException', message: 'Unknown property used in expression ${secret-value}' }, 'UNAVAILABLE'],
    ['a refused token', 401, 'Unauthorized', 'UNAVAILABLE'],
  ]
  for (const [what, status, body, code] of cases) {
    it(`should throw ${code} when Operaton answers ${what} (HTTP ${status})`, async () => {
      const a = await node((_req, res) => json(res, status, body))
      const client = new OperatonClient({ urls: [a.url] })
      const err = await failure(client.request('POST', '/task/t/claim?userId=anna', { body: { userId: 'anna' } }))
      expect(err.code).to.equal(code)
      expect(err.status).to.equal(status)
      expect(err.message).to.contain('POST /task/t/claim').and.contain(`HTTP ${status}`)
      expect(err.message).not.to.contain('anna')
      const type = typeof body === 'object' ? (body as { type: string }).type : null
      expect(err.operatonType).to.equal(type)
      if (type) expect(err.message).to.contain(type)
      // Operaton's own text may quote values: never in the message, available for diagnosis
      const engineText = typeof body === 'object' ? (body as { message: string }).message : ''
      if (engineText) {
        expect(err.message).not.to.contain(engineText)
        expect(engineMessageOf(err)).to.equal(engineText)
      }
    })
  }
})
