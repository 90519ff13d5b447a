// An engine node that commits a change and dies before it answers (the cluster test's SIGKILL, made exact here): a
// proxy in front of a real node passes the claim or the completion on, waits for the node's answer and then cuts the
// connection instead of passing the answer back. The adapter must not report a change the engine made as failed:
// the task in our inbox tables ends as the engine has it.
import { expect } from 'chai'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { FakeClock } from '../../engine/clock.ts'
import { createOperatonTestEngine, type OperatonTestEngine } from '../../engine/operaton/operaton-test-engine.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { describeOnOperaton, operatonNode } from '../helpers/operaton.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'

interface AnswerCutter {
  url: string
  /** The paths whose answer was cut, in order. */
  cut: string[]
  /** Cut the answer of the next POST whose path ends with this suffix (once). */
  cutNext(suffix: string): void
  close(): Promise<void>
}

/** A proxy to `restUrl`'s server that forwards every call and drops the answers it was told to drop. */
async function answerCutter(restUrl: string): Promise<AnswerCutter> {
  const upstream = new URL(restUrl)
  const pending: string[] = []
  const cut: string[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!
      const index = req.method === 'POST' ? pending.findIndex((suffix) => path.endsWith(suffix)) : -1
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          if (index >= 0) {
            // the node has done the work and answered; the caller never hears it
            pending.splice(index, 1)
            cut.push(path)
            answer.resume()
            answer.on('end', () => req.socket.destroy())
            return
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      forward.on('error', () => req.socket.destroy())
      forward.end(Buffer.concat(chunks))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/+$/, '')}`,
    cut,
    cutNext: (suffix) => pending.push(suffix),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

const review = bpmnFile(
  'la_lost_answer_review',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'review')}${userTask('review', '<zeebe:assignmentDefinition candidateGroups="la-caseworkers" />')}
   ${flow('f2', 'review', 'e')}<bpmn:endEvent id="e" />`,
)

describeOnOperaton('Operaton: an answer lost after the engine committed', (urls) => {
  let db: TestDatabase
  let proxy: AnswerCutter
  let engine: OperatonTestEngine

  before(async function () {
    this.timeout(120_000)
    db = await createTestDatabase()
  })
  after(async () => db?.close())

  beforeEach(async function () {
    this.timeout(120_000)
    await db.reset()
    proxy = await answerCutter(urls[0]!)
    engine = await createOperatonTestEngine({ prisma: db.prisma, clock: new FakeClock(new Date('2026-05-04T08:00:00Z')), handlers: [], urls: [proxy.url] })
    await engine.start()
    await engine.deploy([review])
  })
  afterEach(async () => {
    await engine?.stop()
    await proxy?.close()
  })

  const openTask = async (instanceId: string) => {
    await engine.idle()
    return db.prisma.task.findFirstOrThrow({ where: { instanceId, status: 'open' } })
  }

  it('should keep the claim and show the task claimed when the node claimed it but its answer was lost', async function () {
    this.timeout(120_000)
    const { instanceId } = await engine.startInstance({ processId: 'la_lost_answer_review', businessKey: `case-${randomUUID()}` })
    const task = await openTask(instanceId)

    proxy.cutNext('/claim')
    await engine.assignUserTask(task.engineKey, 'la-anna')

    expect(proxy.cut, 'the claim reached the node and its answer was dropped').to.deep.equal([`/engine-rest/task/${task.engineKey}/claim`])
    const remote = await operatonNode(urls[0]!).rest(`/task/${encodeURIComponent(task.engineKey)}`)
    expect(remote.body.assignee, 'the engine has the claim').to.equal('la-anna')
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee, 'so has the inbox').to.equal('la-anna')
  })

  it('should report the completion as done and move the instance on when the node completed the task but its answer was lost', async function () {
    this.timeout(120_000)
    const { instanceId } = await engine.startInstance({ processId: 'la_lost_answer_review', businessKey: `case-${randomUUID()}` })
    const task = await openTask(instanceId)

    proxy.cutNext('/complete')
    await engine.completeUserTask(task.engineKey, { approved: true })
    await engine.idle()

    expect(proxy.cut).to.deep.equal([`/engine-rest/task/${task.engineKey}/complete`])
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).to.equal('completed')
    expect((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status).to.equal('completed')
  })
})
