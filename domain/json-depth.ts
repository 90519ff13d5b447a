// How deeply a parsed JSON value nests objects and arrays, measured without recursion (so a body nested thousands
// deep cannot overflow the stack while it is being checked). A scalar has depth 0, `{}` and `[]` depth 1.

/** True when `value` nests objects or arrays deeper than `max`. Stops at the first container past the limit. */
export function exceedsJsonDepth(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!
    if (typeof current !== 'object' || current === null) continue
    if (depth + 1 > max) return true
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push({ value: child, depth: depth + 1 })
  }
  return false
}
