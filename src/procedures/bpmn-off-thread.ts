// The CPU-heavy part of checking a BPMN upload on worker threads: parsing and checking the file (check-bpmn-file.ts)
// and bpmnlint (every rule walks the whole diagram). For a file of thousands of elements that is seconds of CPU, which
// on the server's thread would hold every other request. Two workers (the check and the lint of a file run side by
// side), started on first use and kept; idle, they do not keep the process alive. When no worker can run (one failed
// to start or died), the work is done here instead: nothing is lost, it is only slower for the others.
// The file's parse result goes into this thread's parse cache, so that the deployment that follows the check
// (engine, catalog) does not parse it again.
import { Worker } from 'node:worker_threads'
import { rememberParsedBpmn } from '../../engine/embedded/process-model.ts'
import { rememberCanonical } from './canonical-content.ts'
import { checkBpmnFile, type CheckedBpmnFile } from './check-bpmn-file.ts'
import { lintBpmnText } from './lint-bpmn.ts'
import type { LintWarning } from './lint-bpmn.ts'
import { REGISTRIES } from './registries.ts'

type Task = 'check' | 'lint'

interface Pending {
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

interface PoolWorker {
  worker: Worker
  pending: Map<number, Pending>
}

const POOL_SIZE = 2
const pool: (PoolWorker | null)[] = []
let broken = false
let nextId = 0

function startWorker(slot: number): PoolWorker {
  const worker = new Worker(new URL('./bpmn-worker-entry.mjs', import.meta.url))
  const entry: PoolWorker = { worker, pending: new Map() }
  const failAll = (err: Error) => {
    for (const p of entry.pending.values()) p.reject(err)
    entry.pending.clear()
    if (pool[slot] === entry) pool[slot] = null
  }
  worker.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
    const p = entry.pending.get(msg.id)
    if (!p) return
    entry.pending.delete(msg.id)
    if (entry.pending.size === 0) worker.unref()
    if (msg.error === undefined) p.resolve(msg.result)
    else p.reject(new Error(msg.error))
  })
  worker.on('error', (err) => {
    broken = true
    failAll(err)
  })
  worker.on('exit', () => failAll(new Error('the BPMN worker stopped')))
  pool[slot] = entry
  return entry
}

/** The least busy worker (started when its slot is empty). */
function pick(): PoolWorker {
  let best: PoolWorker | null = null
  for (let slot = 0; slot < POOL_SIZE; slot++) {
    const entry = pool[slot] ?? startWorker(slot)
    if (!best || entry.pending.size < best.pending.size) best = entry
  }
  return best!
}

async function offThread<T>(task: Task, resource: string, xml: string, here: () => Promise<T>): Promise<T> {
  if (!broken) {
    try {
      const entry = pick()
      const id = ++nextId
      const result = new Promise<unknown>((resolve, reject) => entry.pending.set(id, { resolve, reject }))
      entry.worker.ref()
      entry.worker.postMessage({ id, task, resource, xml })
      return (await result) as T
    } catch {
      /* the worker failed: do it here */
    }
  }
  return here()
}

/** checkBpmnFile with the shipped registries, on a worker thread; its parse result is cached on this thread. */
export async function checkBpmnOffThread(resource: string, xml: string): Promise<CheckedBpmnFile> {
  const checked = await offThread('check', resource, xml, () => checkBpmnFile(resource, xml, REGISTRIES))
  rememberParsedBpmn(resource, xml, { processes: checked.processes, problems: checked.parseProblems, warnings: checked.warnings })
  if (checked.canonical) rememberCanonical(resource, xml, checked.canonical)
  return checked
}

/** bpmnlint's warnings for one file, on a worker thread. */
export function lintOffThread(resource: string, xml: string): Promise<LintWarning[]> {
  return offThread('lint', resource, xml, () => lintBpmnText(resource, xml))
}

/** How many workers run and whether they could not (then the work is done on the calling thread). */
export function bpmnWorkerState(): { running: number; broken: boolean } {
  return { running: pool.filter((entry) => entry !== null && entry !== undefined).length, broken }
}
