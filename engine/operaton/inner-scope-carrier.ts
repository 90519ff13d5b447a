// What a job or inbox task inside an inner instance of a multi-instance sub-process sets, as Operaton must receive it
// to keep it in that inner instance (README › Operaton: what the translation does). Each inner instance declares the
// local variable INNER_SCOPE_CARRIER (translate-loop.ts), where Operaton's setVariable stops; a completion inside it
// sends its variables as that one JSON map, and the task's end listener (the engine app's welfareScope.keep) makes
// each entry a local variable of the inner instance, in the completion's transaction. Pure: no I/O.
import { toTypedValue, type TypedVariables } from './typed-variables.ts'

/** The variable each inner instance declares (operaton/…/loop/InnerScope.java CARRIER). */
export const INNER_SCOPE_CARRIER = 'wf_scope_out'

/** The variables of a completion inside an inner instance: one JSON map in the carrier. */
export function carriedVariables(variables: Record<string, unknown>): TypedVariables {
  const defined = Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== undefined))
  return { [INNER_SCOPE_CARRIER]: toTypedValue(defined) }
}

const LOOP_COUNTS = ['nrOfInstances', 'nrOfActiveInstances', 'nrOfCompletedInstances']

/**
 * The variables Operaton shows a job or task inside an inner instance as the embedded engine shows them: without the
 * carrier and Operaton's loop counts, the loop counter counted from 1 (Operaton counts from 0).
 */
export function innerScopeView(variables: Record<string, unknown>): Record<string, unknown> {
  const out = { ...variables }
  delete out[INNER_SCOPE_CARRIER]
  for (const name of LOOP_COUNTS) delete out[name]
  if (typeof out.loopCounter === 'number') out.loopCounter += 1
  return out
}
