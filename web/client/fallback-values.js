// What a person typed into the task page's plain HTML fields before form-js took their place (the page is usable
// while the script loads; on a slow connection or a busy machine that can be seconds). The plain fields are the
// server's rendering of the same form (views/partials/form-field.hbs: one input per form key, `name` = key), so
// a field counts as typed when its value differs from the value the page was served with (defaultValue,
// defaultChecked, defaultSelected). Values are turned into what form-js holds for the field's type; an option
// value is matched by its text, so numeric and boolean option values come back with their type.

/**
 * @param {HTMLElement} root the element holding the plain fields
 * @param {Array<{ key: string, type: string, values?: Array<{ value: unknown }> }>} fields form-js fields with keys
 * @returns {{ data: Record<string, unknown>, focusedKey: string | null }}
 */
export function fallbackValues(root, fields) {
  const data = {}
  for (const field of fields) {
    const inputs = [...root.querySelectorAll('input, textarea, select')].filter((el) => el.name === field.key)
    if (inputs.length === 0 || !inputs.some(changed)) continue
    data[field.key] = typedValue(field, inputs)
  }
  const active = root.ownerDocument?.activeElement
  const focusedKey = active && root.contains(active) && typeof active.name === 'string' && active.name ? active.name : null
  return { data, focusedKey }
}

function changed(el) {
  if (el instanceof HTMLSelectElement) return [...el.options].some((o) => o.selected !== o.defaultSelected)
  if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked
  return el.value !== el.defaultValue
}

function optionValue(field, text) {
  if (text === '') return null
  const option = (field.values ?? []).find((o) => String(o.value) === text)
  return option ? option.value : text
}

function typedValue(field, inputs) {
  const first = inputs[0]
  switch (field.type) {
    case 'checkbox':
      return first.checked
    case 'checklist':
    case 'taglist':
      return inputs.filter((el) => el.checked).map((el) => optionValue(field, el.value))
    case 'radio': {
      const chosen = inputs.find((el) => el.checked)
      return chosen ? optionValue(field, chosen.value) : null
    }
    case 'select':
      return optionValue(field, first.value)
    case 'number': {
      const text = first.value.trim()
      if (text === '') return null
      const number = Number(text.replace(',', '.'))
      return Number.isFinite(number) ? number : text // the server's check names what is wrong with it
    }
    default:
      return first.value === '' && field.type === 'datetime' ? null : first.value
  }
}
