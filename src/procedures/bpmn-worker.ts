// The worker thread of bpmn-off-thread.ts: { id, task: 'check' | 'lint', resource, xml } in, { id, result } or
// { id, error } out.
import { parentPort } from 'node:worker_threads'
import { checkBpmnFile } from './check-bpmn-file.ts'
import { lintBpmnText } from './lint-bpmn.ts'
import { REGISTRIES } from './registries.ts'

parentPort?.on('message', async (msg: { id: number; task: 'check' | 'lint'; resource: string; xml: string }) => {
  try {
    const result = msg.task === 'check' ? await checkBpmnFile(msg.resource, msg.xml, REGISTRIES) : await lintBpmnText(msg.resource, msg.xml)
    parentPort?.postMessage({ id: msg.id, result })
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) })
  }
})
