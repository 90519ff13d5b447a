// The entry of the BPMN worker threads (bpmn-off-thread.ts): a worker thread does not always inherit the TypeScript
// loader the server runs with, so it registers tsx itself before loading bpmn-worker.ts.
import { register } from 'tsx/esm/api'

register()
await import('./bpmn-worker.ts')
