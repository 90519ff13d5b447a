// Checks a Camunda Form (form-js JSON) before it is deployed.
import type { DeploymentProblem } from '../port.ts'

export interface CheckedForm {
  formId: string | null
  schema: unknown
  problems: DeploymentProblem[]
}

export function validateFormSchema(resource: string, content: string): CheckedForm {
  const problems: DeploymentProblem[] = []
  let schema: any
  try {
    schema = JSON.parse(content)
  } catch (err) {
    problems.push({ resource, elementId: null, rule: 'form', message: `The form is not valid JSON: ${(err as Error).message}` })
    return { formId: null, schema: null, problems }
  }
  if (!schema || typeof schema !== 'object' || typeof schema.id !== 'string' || !schema.id) {
    problems.push({ resource, elementId: null, rule: 'form', message: 'The form needs a string "id" (the formId user tasks link to)' })
  }
  if (!Array.isArray(schema?.components)) {
    problems.push({ resource, elementId: null, rule: 'form', message: 'The form needs a "components" array' })
  } else {
    const keys = new Set<string>()
    for (const c of schema.components) {
      if (!c || typeof c.type !== 'string') {
        problems.push({ resource, elementId: null, rule: 'form', message: 'Every form component needs a "type"' })
        continue
      }
      if (c.key !== undefined) {
        if (typeof c.key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.key)) {
          problems.push({ resource, elementId: c.id ?? null, rule: 'form', message: `Component key "${c.key}" is not a valid variable name` })
        } else if (keys.has(c.key)) {
          problems.push({ resource, elementId: c.id ?? null, rule: 'form', message: `Component key "${c.key}" is used twice` })
        } else keys.add(c.key)
      }
    }
  }
  return { formId: typeof schema?.id === 'string' ? schema.id : null, schema, problems }
}
