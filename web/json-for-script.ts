// JSON for a <script type="application/json"> block (the task and registration pages hand form-js its schema and
// data this way): "<" escaped so no "</script>" can end it early, and the two line separators JavaScript reads
// as line ends.
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
