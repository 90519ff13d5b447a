// npm run operaton:start / operaton:stop / operaton:status — one Operaton engine node in the background
// (see README.md, "The Operaton engine app"). Start: builds operaton/ when the jar is missing or stale, starts a
// node on OPERATON_PORT (8080) with OPERATON_DATABASE_URL (PostgreSQL; unset: H2 in data/operaton), waits until
// its REST API answers and prints the address. Stop: the node on OPERATON_PORT, or every node started here.
import path from 'node:path'
import { REPO_ROOT, missingToolchain, jarIsStale, runningNodes, startNode, stopAllNodes, stopNode } from './operaton-node.mjs'

const command = process.argv[2]
const portVariable = process.env.OPERATON_PORT

function fail(message) {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

async function start() {
  const problem = missingToolchain({ forBuild: jarIsStale() })
  if (problem) fail(problem)
  const port = Number(portVariable || 8080)
  process.stderr.write(`[operaton] starting a node on port ${port} (${process.env.OPERATON_DATABASE_URL ? 'PostgreSQL' : 'H2 in data/operaton'})\n`)
  const node = await startNode({
    port,
    onProgress: (seconds) => process.stderr.write(`[operaton] waiting for the node on port ${port}: ${seconds} s\n`),
  })
  process.stderr.write(`[operaton] ready in ${(node.readyMs / 1000).toFixed(1)} s (pid ${node.pid}, log ${path.relative(REPO_ROOT, node.logFile)})\n`)
  process.stdout.write(`${node.url}\n`)
}

async function stop() {
  if (portVariable) {
    const port = Number(portVariable)
    if (await stopNode(port)) process.stderr.write(`[operaton] stopped the node on port ${port}\n`)
    else process.stderr.write(`[operaton] no node started here runs on port ${port}\n`)
    return
  }
  const ports = await stopAllNodes()
  process.stderr.write(ports.length ? `[operaton] stopped the nodes on ports ${ports.join(', ')}\n` : '[operaton] no node was running\n')
}

function status() {
  const nodes = runningNodes()
  if (!nodes.length) process.stdout.write('no node started here is running\n')
  for (const node of nodes) process.stdout.write(`port ${node.port}: pid ${node.pid}, http://127.0.0.1:${node.port}/engine-rest\n`)
}

try {
  if (command === 'start') await start()
  else if (command === 'stop') await stop()
  else if (command === 'status') status()
  else fail('usage: node scripts/operaton.mjs start|stop|status (OPERATON_PORT, OPERATON_DATABASE_URL: see README.md)')
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
}
