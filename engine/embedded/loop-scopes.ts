// The variable scopes of the inner instances of multi-instance sub-processes. An inner instance sees the process's
// variables and its own: its item (the input element), its loop counter (from 1) and whatever its jobs, tasks,
// scripts and messages set. Those stay in it: nothing reaches another inner instance or the process, except its
// output element, which the loop collects into the output collection when the inner instance completes.
// The scopes live in the process's variables under one key no FEEL name can spell (SCOPES_KEY), by the inner
// instance's execution id, so they are saved and recovered with the instance's state (a restart keeps them);
// cleanVariables (feel.ts) leaves the key out of what the instance shows. bpmn-elements gives each inner instance of
// a sub-process an environment of its own, which every element inside it (nested sub-processes too) shares or copies:
// the inner instance's execution id, after those of the inner instances around it, is written into that
// environment's variables under CHAIN_KEY (saved with the sub-process's state), and that is how an element finds its
// scopes, innermost last.
import { feel } from './feel.ts'
import { LOOP_OUTPUT } from './multi-instance.ts'
import type { LoopModel } from './process-model.ts'

/** Where the scopes are kept among the process's variables (a ':' is never part of a FEEL variable name). */
export const SCOPES_KEY = 'wf:loop-scopes'

type Vars = Record<string, unknown>

function store(processVars: Vars): Record<string, Vars> {
  const existing = processVars[SCOPES_KEY]
  if (existing && typeof existing === 'object') return existing as Record<string, Vars>
  const created: Record<string, Vars> = {}
  processVars[SCOPES_KEY] = created
  return created
}

/** Where an inner instance's environment names the inner instances it is in, outermost first. */
export const CHAIN_KEY = 'wf:loop-scope-chain'

/** Marks the environment of an inner instance that starts (idempotent: a recovered one is already marked). */
export function markScope(environment: any, executionId: string): void {
  const vars = environment?.variables
  if (!vars) return
  const outer: string[] = Array.isArray(vars[CHAIN_KEY]) ? vars[CHAIN_KEY] : []
  if (!outer.includes(executionId)) vars[CHAIN_KEY] = [...outer, executionId]
}

/** The execution ids of the scopes around an element (from its environment), outermost first. */
function scopeIdsAround(processVars: Vars, environment: any): string[] {
  const scopes = processVars[SCOPES_KEY] as Record<string, Vars> | undefined
  const chain = environment?.variables?.[CHAIN_KEY]
  if (!scopes || !Array.isArray(chain)) return []
  return chain.filter((id): id is string => typeof id === 'string' && id in scopes)
}

/** Opens the scope of an inner instance that starts: its item and loop counter. Idempotent (a recovered run starts
 * its inner instances again: their scope, with what they set so far, is kept). */
export function openScope(processVars: Vars, loop: LoopModel, content: any): void {
  const scopes = store(processVars)
  const id = String(content.executionId)
  if (scopes[id]) return
  const local: Vars = { loopCounter: Number(content.index) + 1 }
  if (loop.inputElement) local[loop.inputElement] = content[loop.inputElement] ?? null
  scopes[id] = local
}

/** Closes the scope of an inner instance that completed: its output element, evaluated in it, as bpmn-elements'
 * iteration output (multi-instance.ts LOOP_OUTPUT). */
export function closeScope(processVars: Vars, loop: LoopModel, executionId: string): Vars {
  const scopes = store(processVars)
  const local = scopes[executionId] ?? {}
  const value = loop.outputElement ? (feel(loop.outputElement, { ...visible(processVars), ...local }) ?? null) : null
  delete scopes[executionId]
  return { [LOOP_OUTPUT]: value }
}

/** Drops the scope of an inner instance that was discarded or cancelled. */
export function dropScope(processVars: Vars, executionId: string): void {
  const scopes = processVars[SCOPES_KEY] as Record<string, Vars> | undefined
  if (scopes) delete scopes[executionId]
}

/** What an element sees besides the process's variables: the scopes around it merged, the innermost winning. */
export function scopeVariables(processVars: Vars, environment: any): Vars {
  const scopes = processVars[SCOPES_KEY] as Record<string, Vars> | undefined
  const out: Vars = {}
  for (const id of scopeIdsAround(processVars, environment)) Object.assign(out, scopes![id])
  return out
}

/** Where what an element sets goes: the innermost scope around it, or the process's variables. */
export function scopeTarget(processVars: Vars, environment: any): Vars {
  const ids = scopeIdsAround(processVars, environment)
  return ids.length ? (processVars[SCOPES_KEY] as Record<string, Vars>)[ids[ids.length - 1]!]! : processVars
}

/** Removes the scopes of inner instances no waiting element is in any more (ended while nothing listened). */
export function pruneScopes(processVars: Vars, waitingEnvironments: any[]): void {
  const scopes = processVars[SCOPES_KEY] as Record<string, Vars> | undefined
  if (!scopes) return
  const live = new Set<string>()
  for (const environment of waitingEnvironments) for (const id of scopeIdsAround(processVars, environment)) live.add(id)
  for (const id of Object.keys(scopes)) if (!live.has(id)) delete scopes[id]
  if (!Object.keys(scopes).length) delete processVars[SCOPES_KEY]
}

function visible(processVars: Vars): Vars {
  const { [SCOPES_KEY]: _scopes, ...rest } = processVars
  return rest
}
