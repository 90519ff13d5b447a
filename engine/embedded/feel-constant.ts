// A FEEL expression whose value needs nothing at all: literals, the date and time constructors and arithmetic on them
// (e.g. a timer start event's `=date and time("2027-01-01T08:00:00Z")`, which Camunda 8 evaluates when the process is
// deployed, with no variables). The syntax tree is checked before anything is evaluated, so the deployment keeps its
// promise that no manager's FEEL runs there: what is evaluated has no loops, no ranges, no calls and no variables,
// and its work is bounded by its length.
import { evaluate, parseExpression } from 'feelin'
import { isFeel, toJsonValue } from './feel.ts'

const CONSTANT_NODES = new Set([
  'Expression',
  'StringLiteral',
  'NumericLiteral',
  'BooleanLiteral',
  'DateTimeLiteral',
  'DateTimeConstructor',
  'PositionalParameters',
  'ArithmeticExpression',
  'ArithOp',
  'ParenthesizedExpression',
  '(',
  ')',
  'date and time',
  'and', // a token of "date and time" (a conjunction is a Conjunction node, not allowed)
  'date',
  'time',
  'duration',
])

/** Longer constants are not expected (a date, a duration, a cycle); a bound keeps the evaluation small. */
const MAX_LENGTH = 500

/** The value of a constant FEEL expression ("=…"), as JSON (dates and durations as ISO text), or why it is not one. */
export function constantFeelValue(expression: string): { value: unknown } | { reason: string } {
  if (!isFeel(expression)) return { value: expression }
  const source = expression.trimStart().slice(1)
  if (source.length > MAX_LENGTH) return { reason: `it is longer than ${MAX_LENGTH} characters` }
  let offending: string | null = null
  parseExpression(source, {}, undefined).iterate({
    enter(node) {
      if (offending !== null) return false
      if (node.type.isError) offending = `it does not parse at character ${node.from + 1}`
      else if (!CONSTANT_NODES.has(node.type.name)) offending = `"${source.slice(node.from, node.to)}" needs the process's variables or a function; only literals and date and time(), date(), time(), duration() can be evaluated before the process runs`
      return offending === null
    },
  })
  if (offending) return { reason: offending }
  const value = toJsonValue(evaluate(source, {}).value)
  if (value === null) return { reason: 'it has no value (a date or duration that does not parse?)' }
  return { value }
}
