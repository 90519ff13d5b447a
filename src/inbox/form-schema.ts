// The part of the Camunda Forms (form-js) schema that we render and validate on the server.

export interface FormValue {
  label: string
  value: string | number | boolean
}

export interface FormComponent {
  type: string
  key?: string
  id?: string
  label?: string
  text?: string
  description?: string
  disabled?: boolean
  readonly?: boolean
  subtype?: string
  /** form-js number fields: the most digits after the decimal point (2 on every amount in złoty; 0: whole numbers). */
  decimalDigits?: number
  values?: FormValue[]
  validate?: {
    required?: boolean
    min?: number
    max?: number
    minLength?: number
    maxLength?: number
    pattern?: string
    validationType?: string
  }
  conditional?: { hide?: string }
  /**
   * form-js custom properties (text key-value pairs). Understood on date fields: `notBefore` / `notAfter`
   * ("yesterday", "today", "tomorrow", YYYY-MM-DD or "=variable", another date of the process or of the form) and
   * `notBeforeLabel` / `notAfterLabel` naming a variable bound in messages (domain/date-bounds.ts).
   */
  properties?: Record<string, string>
  components?: FormComponent[]
  /** form-js: a group's data path (its children's values nested under it); not supported here. */
  path?: string
  /** form-js: options from a variable or an expression instead of `values`; not supported here. */
  valuesKey?: string
  valuesExpression?: string
}

export interface FormSchema {
  id?: string
  components: FormComponent[]
}

/** Component types that hold a value the user enters. */
export const INPUT_TYPES = new Set(['textfield', 'textarea', 'number', 'select', 'radio', 'checkbox', 'datetime', 'checklist', 'taglist'])

/** Components the task page shows without a value: text (headings and paragraphs only). */
export const DISPLAY_TYPES = new Set(['text'])

/** Containers whose children are rendered and validated in place (flattened; without a data `path`). */
export const CONTAINER_TYPES = new Set(['group'])

/** Component types with a static list of options (`values`). */
export const CHOICE_TYPES = new Set(['select', 'radio', 'checklist', 'taglist'])

/** Every component type the task page renders and the server validates; the deployment checks refuse others. */
export const SUPPORTED_TYPES = new Set([...INPUT_TYPES, ...DISPLAY_TYPES, ...CONTAINER_TYPES])

export function isFormSchema(value: unknown): value is FormSchema {
  return typeof value === 'object' && value !== null && Array.isArray((value as FormSchema).components)
}

/** Every component, groups flattened, in document order. */
export function flattenComponents(components: readonly FormComponent[]): FormComponent[] {
  return components.flatMap((c) => [c, ...(Array.isArray(c.components) ? flattenComponents(c.components) : [])])
}

/** Input components with a key, groups flattened. */
export function inputComponents(form: FormSchema): (FormComponent & { key: string })[] {
  return flattenComponents(form.components).filter(
    (c): c is FormComponent & { key: string } => INPUT_TYPES.has(c.type) && typeof c.key === 'string' && c.key !== '',
  )
}
