// The server's field messages kept at their form-js fields (the task page and the registration page). form-js
// re-validates a field whenever it updates it (also without an edit, e.g. a number field re-reporting its value), so
// a server message is put back until the value really changes; then form-js's own check takes over.

const valueText = (v) => JSON.stringify(v === undefined || v === '' ? null : v)

/**
 * Keeps the server's messages on `form` (a form-js Form whose fields are `fields`). Returns `show(byKey)`, which
 * places messages (field key → text) at their fields, replacing form-js's own, and returns the messages of keys the
 * form does not show; and `current()`, the messages kept now, by field id.
 */
export function keepServerFieldErrors(form, fields) {
  let kept = {}
  function reapply(state) {
    let errors = null
    for (const [id, { key, message, value }] of Object.entries(kept)) {
      if (valueText(state.data[key]) !== value) {
        delete kept[id]
        continue
      }
      const current = state.errors?.[id]
      if (!(Array.isArray(current) && current.length === 1 && current[0] === message)) {
        errors ??= { ...state.errors }
        errors[id] = [message]
      }
    }
    if (errors) form._setState({ errors }) // fires 'changed' again, which then finds nothing to put back
  }
  form.on('changed', reapply)

  function show(byKey) {
    const data = form._getState().data
    const unplaced = []
    kept = {}
    for (const [key, message] of Object.entries(byKey ?? {})) {
      const field = fields.find((f) => f.key === key)
      if (field) kept[field.id] = { key, message, value: valueText(data[key]) }
      else unplaced.push(message)
    }
    // the server is the authority: its messages replace form-js's for every field it looked at
    form._setState({ errors: Object.fromEntries(Object.entries(kept).map(([id, e]) => [id, [e.message]])) })
    return unplaced
  }
  return { show, current: () => ({ ...kept }) }
}
