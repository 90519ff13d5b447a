// The Operaton engine app (operaton/) from Node: check Java and Maven, build the jar, start nodes in the background,
// wait until they answer, stop or SIGKILL them. Used by scripts/operaton.mjs (npm run operaton:start / :stop),
// scripts/ci-operaton.sh and tests that run nodes of their own. Types: operaton-node.d.mts.
// Each node logs to data/operaton/node-<port>.log and writes its pid to data/operaton/node-<port>.pid. It runs from
// its own copy of the jar (data/operaton/node-<port>.jar): a JVM reads classes from its jar while it runs, so a
// rebuild of operaton/target/engine-app.jar under a running node would break it.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ENGINE_APP_DIR = path.join(REPO_ROOT, 'operaton')
export const JAR_PATH = path.join(ENGINE_APP_DIR, 'target', 'engine-app.jar')
export const DATA_DIR = path.join(REPO_ROOT, 'data', 'operaton')
export const INSTALL_HINT = 'on Debian: apt-get install openjdk-17-jdk-headless maven'

const DEFAULT_PORT = 8080
/** A system property on every node's command line: how isEngineProcess() recognises our JVMs. */
const NODE_MARKER = '-Dwelfareflow.engine-node=true'
// a node on a busy 2-core machine took 88 s to answer once: the wait stops at once when the JVM exits (isAlive)
const DEFAULT_TIMEOUT_MS = 180_000

/** `java` from JAVA_HOME when set, else from PATH (`javac` likewise). */
function javaTool(name) {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', name) : name
}

/** The major version printed by `<tool> -version`, or null when the tool is missing. */
function toolMajorVersion(tool) {
  const result = spawnSync(tool, ['-version'], { encoding: 'utf8' })
  if (result.error || result.status !== 0) return null
  const text = `${result.stderr}\n${result.stdout}`
  const match = /(?:version|javac)\s+"?(\d+)(?:\.(\d+))?/.exec(text)
  if (!match) return null
  const major = Number(match[1])
  return major === 1 && match[2] ? Number(match[2]) : major
}

/**
 * What is missing to build (`forBuild`) or only run the engine app: null when all is there, else one sentence
 * naming what is missing and how to install it.
 */
export function missingToolchain({ forBuild = true } = {}) {
  const missing = []
  const java = toolMajorVersion(javaTool('java'))
  if (java === null) missing.push('Java 17+ (no java found)')
  else if (java < 17) missing.push(`Java 17+ (found Java ${java})`)
  if (forBuild) {
    if (java !== null && java >= 17 && toolMajorVersion(javaTool('javac')) === null) missing.push('a JDK (javac)')
    const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' })
    if (mvn.error || mvn.status !== 0) missing.push('Maven (no mvn found)')
  }
  return missing.length ? `The Operaton engine app needs ${missing.join(' and ')}: ${INSTALL_HINT}` : null
}

/** The newest modification time (ms) of what goes into the jar: pom.xml and everything under src/main/. */
function newestSourceTime(dir = ENGINE_APP_DIR) {
  let newest = fs.statSync(path.join(dir, 'pom.xml')).mtimeMs
  const walk = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name)
      if (entry.isDirectory()) walk(full)
      else newest = Math.max(newest, fs.statSync(full).mtimeMs)
    }
  }
  walk(path.join(dir, 'src', 'main'))
  return newest
}

/** True when the jar is missing or older than a source file. */
export function jarIsStale() {
  if (!fs.existsSync(JAR_PATH)) return true
  return fs.statSync(JAR_PATH).mtimeMs < newestSourceTime()
}

/**
 * Builds operaton/target/engine-app.jar with Maven when it is missing or older than its sources (or always with
 * `force`). `tests: false` (the default) skips the JUnit tests. Returns `{ jar, built, ms }`.
 */
export function buildEngineApp({ force = false, tests = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (!force && !jarIsStale()) return { jar: JAR_PATH, built: false, ms: 0 }
  const problem = missingToolchain({ forBuild: true })
  if (problem) throw new Error(problem)
  const args = ['-q', '-B', '-Dstyle.color=never', ...(tests ? [] : ['-DskipTests']), 'package']
  log(`[operaton] building the engine app: mvn ${args.join(' ')} (the first build downloads its dependencies)`)
  const started = Date.now()
  const result = spawnSync('mvn', args, { cwd: ENGINE_APP_DIR, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const ms = Date.now() - started
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n')
    throw new Error(`[operaton] the Maven build failed (exit ${result.status}):\n${output}`)
  }
  // Maven leaves an up-to-date jar untouched: mark it as built now, so jarIsStale() stays false until a source changes
  const now = new Date()
  fs.utimesSync(JAR_PATH, now, now)
  log(`[operaton] built ${path.relative(REPO_ROOT, JAR_PATH)} in ${(ms / 1000).toFixed(1)} s`)
  return { jar: JAR_PATH, built: true, ms }
}

export function logFileFor(port) {
  return path.join(DATA_DIR, `node-${port}.log`)
}

export function pidFileFor(port) {
  return path.join(DATA_DIR, `node-${port}.pid`)
}

export function jarCopyFor(port) {
  return path.join(DATA_DIR, `node-${port}.jar`)
}

/** True while `pid` is a live engine-app JVM (a pid reused by another program does not count). */
export function isEngineProcess(pid) {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(NODE_MARKER)
  } catch {
    return true // no /proc (not Linux): trust the pid file
  }
}

/** The nodes started through this module that are still running: `[{ port, pid }]`, by port. */
export function runningNodes() {
  if (!fs.existsSync(DATA_DIR)) return []
  const nodes = []
  for (const name of fs.readdirSync(DATA_DIR)) {
    const match = /^node-(\d+)\.pid$/.exec(name)
    if (!match) continue
    const pid = Number(fs.readFileSync(path.join(DATA_DIR, name), 'utf8').trim())
    if (Number.isInteger(pid) && pid > 0 && isEngineProcess(pid)) nodes.push({ port: Number(match[1]), pid })
    else fs.rmSync(path.join(DATA_DIR, name), { force: true }) // stale
  }
  return nodes.sort((a, b) => a.port - b.port)
}

async function answers(url, headers) {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) })
    await response.body?.cancel()
    return response.status
  } catch {
    return null
  }
}

function authHeaders(token) {
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/**
 * Waits until `GET <restUrl>/engine` answers 200, up to `timeoutMs`; calls `onProgress(seconds)` about every 5 s.
 * Rejects early when `isAlive()` turns false (the process died).
 */
export async function waitForNode(restUrl, { timeoutMs = DEFAULT_TIMEOUT_MS, token, onProgress, isAlive } = {}) {
  const started = Date.now()
  let lastReport = started
  for (;;) {
    const status = await answers(`${restUrl}/engine`, authHeaders(token))
    if (status === 200) return Date.now() - started
    if (status === 401) throw new Error(`${restUrl} answers 401: set OPERATON_API_TOKEN to the node's token`)
    if (isAlive && !isAlive()) throw new Error(`the node for ${restUrl} exited before it was ready`)
    const now = Date.now()
    if (now - started > timeoutMs) throw new Error(`${restUrl} did not answer within ${Math.round(timeoutMs / 1000)} s`)
    if (onProgress && now - lastReport >= 5_000) {
      lastReport = now
      onProgress(Math.round((now - started) / 1000))
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/** Sends `signal` to pid and waits up to `waitMs` for it to go. True when it went. */
async function signalAndWait(pid, signal, waitMs) {
  try {
    process.kill(pid, signal)
  } catch {
    return true
  }
  const deadline = Date.now() + waitMs
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0)
    } catch {
      return true
    }
    if (!isEngineProcess(pid)) return true // gone, or a zombie of ours
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}

/**
 * Starts one node in the background (it outlives this process) and waits until its REST API answers.
 * `port` (default OPERATON_PORT or 8080); `databaseUrl` a PostgreSQL URL (postgresql://… or jdbc:postgresql:…;
 * without one the node uses an H2 file in data/operaton, which only one node can open); `env` more OPERATON_*
 * settings (e.g. OPERATON_TEST_CLOCK: 'true'); `javaOptions` JVM options (default from OPERATON_JAVA_OPTS).
 * Builds the jar first when it is missing or stale. Resolves to `{ port, pid, url, baseUrl, logFile, readyMs,
 * stop(), kill() }`: `url` is the REST address (…/engine-rest), `stop()` SIGTERM (SIGKILL after 20 s),
 * `kill()` SIGKILL at once (a crash, for tests).
 */
export async function startNode({
  port = Number(process.env.OPERATON_PORT || DEFAULT_PORT),
  databaseUrl = process.env.OPERATON_DATABASE_URL || undefined,
  env = {},
  javaOptions = (process.env.OPERATON_JAVA_OPTS || '').split(/\s+/).filter(Boolean),
  timeoutMs = DEFAULT_TIMEOUT_MS,
  onProgress,
  build = true,
} = {}) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port: ${port}`)
  const problem = missingToolchain({ forBuild: build && jarIsStale() })
  if (problem) throw new Error(problem)
  if (build) buildEngineApp()
  else if (!fs.existsSync(JAR_PATH)) throw new Error(`${JAR_PATH} is missing: build it first (buildEngineApp())`)

  const childEnv = { ...process.env, ...env, OPERATON_PORT: String(port) }
  if (databaseUrl) childEnv.OPERATON_DATABASE_URL = databaseUrl
  childEnv.OPERATON_DATA_DIR ||= DATA_DIR
  const bind = childEnv.OPERATON_BIND || '127.0.0.1'
  const host = bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  const url = `${baseUrl}/engine-rest`
  const token = childEnv.OPERATON_API_TOKEN || undefined

  if ((await answers(`${url}/engine`, authHeaders(token))) !== null) {
    throw new Error(`port ${port} already answers: a node is running there (npm run operaton:stop stops the ones started here)`)
  }
  if (!childEnv.OPERATON_DATABASE_URL) {
    for (const node of runningNodes()) {
      const health = await fetch(`http://127.0.0.1:${node.port}/welfare/health`).then((r) => r.json()).catch(() => null)
      if (health?.database === 'h2' && path.resolve(childEnv.OPERATON_DATA_DIR) === DATA_DIR) {
        throw new Error(`the node on port ${node.port} holds the H2 database: a second node needs OPERATON_DATABASE_URL (PostgreSQL)`)
      }
    }
  }

  fs.mkdirSync(DATA_DIR, { recursive: true })
  const logFile = logFileFor(port)
  const pidFile = pidFileFor(port)
  const logFd = fs.openSync(logFile, 'a')
  fs.writeSync(logFd, `\n==== ${new Date().toISOString()} starting node on port ${port} ====\n`)
  const jar = jarCopyFor(port)
  fs.copyFileSync(JAR_PATH, jar)
  const child = spawn(javaTool('java'), [NODE_MARKER, ...javaOptions, '-jar', jar], {
    cwd: REPO_ROOT,
    env: childEnv,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  })
  fs.closeSync(logFd)
  let exited = false
  child.on('exit', () => {
    exited = true
  })
  child.unref()
  const pid = child.pid
  if (!pid) throw new Error(`could not start java (see ${logFile})`)
  fs.writeFileSync(pidFile, `${pid}\n`)

  const removePidFile = () => {
    try {
      if (fs.readFileSync(pidFile, 'utf8').trim() === String(pid)) fs.rmSync(pidFile, { force: true })
    } catch {
      // already gone
    }
  }
  const handle = {
    port,
    pid,
    url,
    baseUrl,
    logFile,
    readyMs: 0,
    async stop() {
      const gone = await signalAndWait(pid, 'SIGTERM', 20_000)
      if (!gone) await signalAndWait(pid, 'SIGKILL', 5_000)
      removePidFile()
    },
    async kill() {
      await signalAndWait(pid, 'SIGKILL', 5_000)
      removePidFile()
    },
  }
  try {
    handle.readyMs = await waitForNode(url, { timeoutMs, token, onProgress, isAlive: () => !exited })
  } catch (error) {
    await handle.stop()
    throw new Error(`${error.message}\n--- last lines of ${logFile} ---\n${tail(logFile)}`)
  }
  return handle
}

/** Stops the node started on `port` (by its pid file): SIGTERM, SIGKILL after 20 s. False when none was running. */
export async function stopNode(port) {
  const node = runningNodes().find((n) => n.port === port)
  if (!node) return false
  const gone = await signalAndWait(node.pid, 'SIGTERM', 20_000)
  if (!gone) await signalAndWait(node.pid, 'SIGKILL', 5_000)
  fs.rmSync(pidFileFor(port), { force: true })
  return true
}

/** Stops every node started through this module; returns their ports. */
export async function stopAllNodes() {
  const nodes = runningNodes()
  await Promise.all(nodes.map((node) => stopNode(node.port)))
  return nodes.map((node) => node.port)
}
