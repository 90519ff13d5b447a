import { readFileSync } from 'node:fs'
import { Engine } from 'bpmn-engine'
import { EventEmitter } from 'node:events'
import { zeebeModdle } from '../src/engine/embedded/process-model.ts'
import { feelExpressions } from '../src/engine/embedded/feel.ts'
const source = readFileSync('processes/benefit-application.bpmn', 'utf8')
async function one(i: number) {
  const listener = new EventEmitter()
  const seen: string[] = []
  listener.on('activity.start', (api: any) => seen.push(api.id))
  listener.on('wait', (api: any) => {
    if (api.type === 'bpmn:UserTask') api.signal({ ok: true })
  })
  const due = new Date(Date.now() + 3600_000).toISOString()
  const engine: any = new Engine({
    name: 'p' + i, source, moddleOptions: { zeebe: zeebeModdle }, expressions: feelExpressions(),
    variables: { interviewDueAt: due, decisionDueAt: due, approvalDecision: 'approve', proposedOutcome: 'grant' },
    extensions: { stub(activity: any) { if (activity.type === 'bpmn:ServiceTask') activity.behaviour.Service = function () { return { execute(_m: any, cb: any) { cb(null, {}) } } } } },
  } as any)
  const end = new Promise((res, rej) => { engine.once('end', res); engine.once('error', rej) })
  await engine.execute({ listener })
  await end
  return seen
}
console.log(await one(0))
const t = performance.now(); for (let i = 0; i < 200; i++) await one(i); console.log((performance.now() - t) / 200, 'ms')
