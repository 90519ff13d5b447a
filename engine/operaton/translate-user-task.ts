// A Zeebe user task (zeebe:userTask) as an Operaton user task: assignment, schedule, priority, form, properties and
// io mappings. Literal values stay; "=name" becomes null-safe JUEL; other FEEL is computed by a FEEL input parameter
// `wf_<attribute>` (local to the task) and referenced. Candidate groups/users given by any FEEL are always computed,
// because Operaton refuses a candidate list that is null while Zeebe and the embedded engine read it as empty.
import {
  extensionOf,
  feelParameter,
  inputOutput,
  replaceExtensions,
  translateIoMapping,
  type TranslationContext,
} from './translate-context.ts'
import { feelCandidates, feelDateText, feelPriority, looksLikeJuel, nullSafeJuel, strictJuel, zeebeValue } from './translate-expressions.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any

type Attribute = 'assignee' | 'candidateGroups' | 'candidateUsers' | 'dueDate' | 'followUpDate' | 'priority'

const COMPUTE: Record<Attribute, (expression: string) => string> = {
  assignee: (e) => `{v: (${e}), r: if v = null then null else string(v)}.r`,
  candidateGroups: feelCandidates,
  candidateUsers: feelCandidates,
  dueDate: feelDateText,
  followUpDate: feelDateText,
  priority: feelPriority,
}

const LABEL: Record<Attribute, string> = {
  assignee: 'assignee',
  candidateGroups: 'candidate groups',
  candidateUsers: 'candidate users',
  dueDate: 'due date',
  followUpDate: 'follow-up date',
  priority: 'priority',
}

export function translateUserTask(ctx: TranslationContext, el: El): void {
  // without zeebe:userTask it is Camunda 8's job-worker user task: an inbox task here all the same
  const assignment = extensionOf(el, 'zeebe:AssignmentDefinition')
  const schedule = extensionOf(el, 'zeebe:TaskSchedule')
  const priority = extensionOf(el, 'zeebe:PriorityDefinition')
  const form = extensionOf(el, 'zeebe:FormDefinition')
  const io = translateIoMapping(ctx, el)

  const values: [Attribute, unknown][] = [
    ['assignee', assignment?.assignee],
    ['candidateGroups', assignment?.candidateGroups],
    ['candidateUsers', assignment?.candidateUsers],
    ['dueDate', schedule?.dueDate],
    ['followUpDate', schedule?.followUpDate],
    ['priority', priority?.priority],
  ]
  for (const [attribute, raw] of values) {
    if (raw === undefined || raw === null || raw === '') continue
    const value = zeebeValue(String(raw))
    const computedName = `wf_${attribute}`
    if (value.kind === 'literal') {
      if (looksLikeJuel(value.text)) {
        ctx.refuse(el.id, `The ${LABEL[attribute]} "${value.text}" contains "\${" or "#{", which Operaton would evaluate as an expression instead of text`)
        continue
      }
      if (attribute === 'priority' && !/^\s*\d+\s*$/.test(value.text)) {
        ctx.refuse(el.id, `The priority "${value.text}" is not a whole number`)
        continue
      }
      el.set(`camunda:${attribute}`, value.text.trim())
    } else if (value.kind === 'reference' && attribute !== 'candidateGroups' && attribute !== 'candidateUsers') {
      el.set(`camunda:${attribute}`, nullSafeJuel(value.name))
    } else {
      const expression = value.kind === 'reference' ? value.name : value.expression
      io.inputs.push(feelParameter(ctx, 'camunda:InputParameter', computedName, COMPUTE[attribute](expression)))
      el.set(`camunda:${attribute}`, strictJuel(computedName))
    }
  }

  if (form) {
    const formId = form.formId ?? form.formKey
    const binding = form.bindingType ?? 'latest'
    if (form.externalReference) {
      ctx.refuse(el.id, 'An external form reference cannot be translated; link a deployed form by formId')
    } else if (!formId || String(formId).trim().startsWith('=')) {
      ctx.refuse(el.id, 'The form must be a static formId; Operaton resolves forms by a fixed reference')
    } else if (binding !== 'latest' && binding !== 'deployment') {
      ctx.refuse(el.id, `The form binding "${binding}" cannot be translated; Operaton forms bind to the latest version or to the same deployment`)
    } else {
      el.set('camunda:formRef', String(formId))
      el.set('camunda:formRefBinding', binding)
    }
  }

  const added: El[] = [...inputOutput(ctx, io)]
  const properties = extensionOf(el, 'zeebe:Properties')?.properties ?? []
  if (properties.length) {
    added.unshift(
      ctx.moddle.create('camunda:Properties', {
        values: properties.map((p: El) => ctx.moddle.create('camunda:Property', { name: p.name, value: p.value })),
      }),
    )
  }
  replaceExtensions(ctx, el, added)
  el.set('camunda:asyncAfter', true)
}
