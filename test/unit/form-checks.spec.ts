// The deployment checks of a Camunda Form (validateFormSchema): every kind of broken form the checks cover is
// refused with the component (id, else key) and the rule; the forms in processes/forms pass (bpmn-lint.spec.ts).
import { expect } from 'chai'
import { hasNestedRepetition, validateFormSchema } from '../../engine/embedded/form-schema.ts'

const formWith = (...components: unknown[]) => JSON.stringify({ id: 'test-form', components })
const text = (id: string, key: string, extra: object = {}) => ({ type: 'textfield', id, key, label: key, ...extra })
const problemsOf = (content: string) => validateFormSchema('test.form', content).problems.map((p) => ({ elementId: p.elementId, rule: p.rule }))

describe('unit: form checks (validateFormSchema)', () => {
  it('should accept a form with every supported component type when it is well formed', () => {
    const content = formWith(
      { type: 'text', id: 'Text_1', text: '## Nagłówek' },
      text('Field_a', 'a', { validate: { required: true, minLength: 1, maxLength: 10, pattern: '^[a-z]+(\\.[a-z]+)*$' } }),
      { type: 'textarea', id: 'Field_b', key: 'b', validate: { maxLength: 4000 } },
      { type: 'number', id: 'Field_c', key: 'c', validate: { min: 0, max: 10 } },
      { type: 'select', id: 'Field_d', key: 'd', values: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] },
      { type: 'radio', id: 'Field_e', key: 'e', values: [{ label: 'Tak', value: true }, { label: 'Nie', value: false }] },
      { type: 'checkbox', id: 'Field_f', key: 'f', conditional: { hide: '=c > 5' } },
      { type: 'checklist', id: 'Field_g', key: 'g', values: [{ label: 'X', value: 'x' }] },
      { type: 'taglist', id: 'Field_h', key: 'h', values: [{ label: 'Y', value: 'y' }] },
      { type: 'datetime', id: 'Field_i', key: 'i', subtype: 'date', validate: { validationType: 'custom' } },
      { type: 'group', id: 'Group_1', components: [text('Field_j', 'j', { validate: { validationType: 'email' } })] },
    )
    expect(validateFormSchema('test.form', content).problems).to.deep.equal([])
    expect(validateFormSchema('test.form', content).formId).to.equal('test-form')
  })

  it('should refuse a form when it is not JSON, has no id, a bad id or no components', () => {
    expect(problemsOf('{"id": "x", "components": [')).to.deep.equal([{ elementId: null, rule: 'form' }])
    expect(problemsOf('{"components": []}')).to.deep.equal([{ elementId: null, rule: 'form' }])
    expect(problemsOf('{"id": "bad id/with slash", "components": []}')).to.deep.equal([{ elementId: null, rule: 'form' }])
    expect(problemsOf('{"id": "x"}')).to.deep.equal([{ elementId: null, rule: 'form' }])
    expect(problemsOf('[1, 2]').map((p) => p.rule)).to.deep.equal(['form', 'form'])
  })

  it('should refuse components of types the task page cannot show when they are used', () => {
    for (const type of ['button', 'spacer', 'separator', 'image', 'iframe', 'html', 'dynamiclist', 'table', 'expression', 'filepicker']) {
      expect(problemsOf(formWith({ type, id: `C_${type}`, key: 'k' })), type).to.deep.equal([{ elementId: `C_${type}`, rule: 'form-component' }])
    }
    expect(problemsOf(formWith({ id: 'C_noType', key: 'k' }))).to.deep.equal([{ elementId: 'C_noType', rule: 'form-component' }])
    expect(problemsOf(formWith({ type: 'group', id: 'G', components: [{ type: 'button', id: 'B' }] }))).to.deep.equal([{ elementId: 'B', rule: 'form-component' }])
  })

  it('should refuse keys that are missing, invalid or used twice (groups included) and ids used twice', () => {
    expect(problemsOf(formWith({ type: 'textfield', id: 'F1', label: 'no key' }))).to.deep.equal([{ elementId: 'F1', rule: 'form-key' }])
    expect(problemsOf(formWith(text('F1', 'not a name')))).to.deep.equal([{ elementId: 'F1', rule: 'form-key' }])
    expect(problemsOf(formWith(text('F1', 'note'), text('F2', 'note')))).to.deep.equal([{ elementId: 'F2', rule: 'form-key' }])
    expect(problemsOf(formWith(text('F1', 'note'), { type: 'group', id: 'G', components: [text('F2', 'note')] }))).to.deep.equal([{ elementId: 'F2', rule: 'form-key' }])
    expect(problemsOf(formWith(text('F1', 'a'), text('F1', 'b')))).to.deep.equal([{ elementId: 'F1', rule: 'form-key' }])
    // a component without an id is named by its key
    expect(problemsOf(formWith({ type: 'textfield', key: 'x' }, { type: 'textfield', key: 'x' }))).to.deep.equal([{ elementId: 'x', rule: 'form-key' }])
  })

  it('should refuse validation rules that make no sense when they contradict or do not compile', () => {
    const cases: [string, object][] = [
      ['min > max', { min: 10, max: 1 }],
      ['minLength > maxLength', { minLength: 5, maxLength: 2 }],
      ['negative length', { minLength: -1 }],
      ['fractional length', { maxLength: 2.5 }],
      ['non-numeric min', { min: 'one' }],
      ['required with maxLength 0', { required: true, maxLength: 0 }],
      ['unchecked validation type', { validationType: 'phone' }],
      ['pattern that does not compile', { pattern: '([a-z' }],
      ['catastrophic pattern (a+)+', { pattern: '^(a+)+$' }],
      ['catastrophic pattern (\\w+\\s?)*', { pattern: '^(\\w+\\s?)*$' }],
      ['pattern that is not text', { pattern: 5 }],
      ['validate that is not an object', [] as unknown as object],
    ]
    for (const [name, validate] of cases) {
      expect(problemsOf(formWith(text('F1', 'a', { validate }))), name).to.deep.equal([{ elementId: 'F1', rule: 'form-validation' }])
    }
  })

  it('should refuse choices without static values when a select, radio, checklist or taglist has none or bad ones', () => {
    for (const type of ['select', 'radio', 'checklist', 'taglist']) {
      expect(problemsOf(formWith({ type, id: 'C', key: 'c' })), type).to.deep.equal([{ elementId: 'C', rule: 'form-values' }])
      expect(problemsOf(formWith({ type, id: 'C', key: 'c', values: [] })), type).to.deep.equal([{ elementId: 'C', rule: 'form-values' }])
    }
    expect(problemsOf(formWith({ type: 'select', id: 'C', key: 'c', valuesKey: 'options' }))).to.deep.equal([{ elementId: 'C', rule: 'form-values' }])
    expect(problemsOf(formWith({ type: 'select', id: 'C', key: 'c', valuesExpression: '=options' }))).to.deep.equal([{ elementId: 'C', rule: 'form-values' }])
    expect(problemsOf(formWith({ type: 'radio', id: 'C', key: 'c', values: [{ label: 'A' }] }))).to.deep.equal([{ elementId: 'C', rule: 'form-values' }])
    expect(problemsOf(formWith({ type: 'radio', id: 'C', key: 'c', values: [{ label: 'A', value: 'a' }, { label: 'B', value: 'a' }] }))).to.deep.equal([{ elementId: 'C', rule: 'form-values' }])
  })

  it('should refuse groups with a data path, bad date subtypes and hide conditions that are not FEEL when used', () => {
    expect(problemsOf(formWith({ type: 'group', id: 'G', path: 'address', components: [] }))).to.deep.equal([{ elementId: 'G', rule: 'form-component' }])
    expect(problemsOf(formWith({ type: 'datetime', id: 'D', key: 'd', subtype: 'week' }))).to.deep.equal([{ elementId: 'D', rule: 'form-component' }])
    expect(problemsOf(formWith(text('F1', 'a', { conditional: { hide: '=a >' } })))).to.deep.equal([{ elementId: 'F1', rule: 'form-component' }])
  })

  it('should find nested unbounded repetition without a fixed separator when a pattern has it', () => {
    for (const p of ['(a+)+', '(\\w+\\s?)*$', '((ab)*)+', '(?:x+)+', '(.*)*', '(a{1,}b?)+']) expect(hasNestedRepetition(p), p).to.equal(true)
    for (const p of ['^[a-z]+(\\.[a-z]+)*$', '^\\d{2}-\\d{3}$', '(a|b)+', '([a-z]+,)*', '^[A-Z][a-z]+( [A-Z][a-z]+)*$', '[(+)]+', '\\(a+\\)+']) {
      expect(hasNestedRepetition(p), p).to.equal(false)
    }
  })
})
