// Plain bpmn-engine, everything in memory, nothing saved: the baseline the embedded engine is compared with.
// Same BPMN file; service tasks complete at once (an extension stub), user tasks are signalled as soon as they
// wait. The file's "=…" expressions are FEEL (timer date, gateway conditions), so the engine gets the project's
// FEEL resolver (engine/embedded/feel.ts) — without it bpmn-engine rejects the timer date "=interviewDueAt".
// The variables the real handlers and forms would set are given at start so the gateways take the grant path.
import { EventEmitter } from 'node:events'
import { Engine } from 'bpmn-engine'
import { feelExpressions } from '../../engine/embedded/feel.ts'
import { zeebeModdle } from '../../engine/embedded/process-model.ts'

const stubExtension = {
  stub(activity: any) {
    if (activity.type === 'bpmn:ServiceTask') {
      activity.behaviour.Service = function ImmediateService() {
        return { execute: (_msg: unknown, callback: (err: null, out: unknown) => void) => callback(null, {}) }
      }
    }
  },
}

function plainVariables() {
  // The boundary timer is set with the process clock (real setTimeout) an hour ahead and cleared when the
  // interview completes; a far-future date would overflow setTimeout.
  const due = new Date(Date.now() + 3_600_000).toISOString()
  // The appeal period has already passed (its boundary timer fires as soon as the appeal-window task waits), and
  // the benefit needs no six-monthly review: the same path the embedded benchmark takes.
  const appealDeadlineAt = new Date(Date.now() - 1000).toISOString()
  return {
    interviewDueAt: due,
    decisionDueAt: due,
    appealDeadlineAt,
    approvalDecision: 'approve',
    proposedOutcome: 'grant',
    interviewReviewNeeded: false,
    urgent: false,
  }
}

/** The serialised moddle context of the file, parsed once (what the embedded engine caches per version). */
export async function plainSourceContext(source: string): Promise<unknown> {
  const engine: any = new Engine({ source, moddleOptions: { zeebe: zeebeModdle } } as any)
  const [definition] = await engine.getDefinitions()
  return definition.environment.options.source
}

export type PlainInput = { source: string } | { sourceContext: unknown }

/** Runs one instance start to end; resolves with the number of activities started. */
export async function runPlainInstance(input: PlainInput, i: number): Promise<number> {
  const listener = new EventEmitter()
  let started = 0
  listener.on('activity.start', () => started++)
  const engine: any = new Engine({
    name: `plain-${i}`,
    ...('source' in input ? { source: input.source, moddleOptions: { zeebe: zeebeModdle } } : { sourceContext: input.sourceContext }),
    expressions: feelExpressions(),
    variables: plainVariables(),
    extensions: stubExtension,
    Logger: () => ({ debug() {}, error() {}, warn() {} }),
  } as any)
  const ended = new Promise<void>((resolve, reject) => {
    engine.once('end', () => resolve())
    engine.once('error', reject)
  })
  listener.on('wait', (api: any) => {
    // the appeal-window task is left to its boundary timer (signalling it would mean an appeal was filed)
    if (api.type === 'bpmn:UserTask' && api.id !== 'Task_appealWindow') api.signal({})
    // the decision is delivered as soon as the process waits for it
    else if (api.id === 'Event_decisionDelivered') setImmediate(() => engine.execution.signal({ id: 'Message_decisionDelivered' }))
  })
  await engine.execute({ listener })
  await ended
  return started
}

/** Starts an instance and leaves it waiting at the family interview (boundary timer set). Returns the live engine. */
export async function startPlainWaiting(sourceContext: unknown, i: number): Promise<any> {
  const engine: any = new Engine({
    name: `waiting-${i}`,
    sourceContext,
    expressions: feelExpressions(),
    variables: plainVariables(),
    extensions: stubExtension,
    Logger: () => ({ debug() {}, error() {}, warn() {} }),
  } as any)
  const waiting = new Promise<void>((resolve, reject) => {
    const listener = new EventEmitter()
    listener.on('wait', (api: any) => {
      if (api.type === 'bpmn:UserTask') resolve()
    })
    engine.once('error', reject)
    engine.execute({ listener }).catch(reject)
  })
  await waiting
  return engine
}
