// JSON-shaped values to Operaton typed variables and back (structured values as JSON text, dates as ISO strings).
import { expect } from 'chai'
import { fromOperatonVariables, fromTypedValue, toOperatonVariables, toTypedValue } from '../../engine/operaton/typed-variables.ts'

describe('Operaton typed variables', () => {
  it('should type scalars as String, Boolean, Integer, Long, Double and Null when they are sent', () => {
    expect(toOperatonVariables({ s: 'a', b: false, i: 42, neg: -7, big: 2 ** 40, d: 1.5, n: null, u: undefined })).to.deep.equal({
      s: { value: 'a', type: 'String' },
      b: { value: false, type: 'Boolean' },
      i: { value: 42, type: 'Integer' },
      neg: { value: -7, type: 'Integer' },
      big: { value: 2 ** 40, type: 'Long' },
      d: { value: 1.5, type: 'Double' },
      n: { value: null, type: 'Null' },
    })
  })

  it('should send a Date as its ISO string when a variable holds one', () => {
    expect(toTypedValue(new Date('2026-03-01T10:00:00Z'))).to.deep.equal({ value: '2026-03-01T10:00:00.000Z', type: 'String' })
  })

  it('should send objects and arrays as JSON text with the Map and List type names when they are structured', () => {
    const vars = toOperatonVariables({ applicant: { name: 'x', income: [1, 2.5] }, items: [{ a: 1 }] })
    expect(vars.applicant).to.deep.equal({
      value: '{"name":"x","income":[1,2.5]}',
      type: 'Object',
      valueInfo: { serializationDataFormat: 'application/json', objectTypeName: 'java.util.Map' },
    })
    expect(vars.items.valueInfo).to.deep.equal({ serializationDataFormat: 'application/json', objectTypeName: 'java.util.List' })
  })

  it('should refuse NaN and functions naming the variable but not its value when they are sent', () => {
    expect(() => toOperatonVariables({ ratio: NaN })).to.throw(TypeError, /"ratio"/)
    expect(() => toOperatonVariables({ fn: () => 1 })).to.throw(TypeError, /"fn".*function/)
  })

  it('should read JSON text, embedded JSON, numbers, dates and nulls back when Operaton returns them', () => {
    const back = fromOperatonVariables({
      asText: { type: 'Object', value: '{"a":[1,{"b":true}]}', valueInfo: { serializationDataFormat: 'application/json', objectTypeName: 'java.util.Map' } },
      embedded: { type: 'Object', value: { a: 1 }, valueInfo: { serializationDataFormat: 'application/json', objectTypeName: 'java.util.Map' } },
      long: { type: 'Long', value: 7 },
      int: { type: 'Integer', value: 3 },
      dbl: { type: 'Double', value: 0.25 },
      date: { type: 'Date', value: '2026-01-05T10:00:00.000+0100' },
      nothing: { type: 'Null', value: null },
      text: { type: 'String', value: 'ok' },
      flag: { type: 'Boolean', value: true },
    })
    expect(back).to.deep.equal({
      asText: { a: [1, { b: true }] },
      embedded: { a: 1 },
      long: 7,
      int: 3,
      dbl: 0.25,
      date: '2026-01-05T09:00:00.000Z',
      nothing: null,
      text: 'ok',
      flag: true,
    })
  })

  it('should leave out values that are not JSON when Operaton holds Java-serialized objects or files', () => {
    const back = fromOperatonVariables({
      javaMap: { type: 'Object', value: 'rO0ABXNy…', valueInfo: { serializationDataFormat: 'application/x-java-serialized-object', objectTypeName: 'scala.collection.immutable.Map' } },
      file: { type: 'File', value: null, valueInfo: { filename: 'a.pdf' } },
      kept: { type: 'String', value: 'x' },
    })
    expect(back).to.deep.equal({ kept: 'x' })
  })

  it('should give back the same JSON-shaped values when they go there and back', () => {
    const original = { s: 'ż', i: 1, l: 2 ** 35, d: -0.5, b: true, n: null, o: { list: [1, 'a', { deep: [] }] }, a: [] as unknown[] }
    const sent = toOperatonVariables(original)
    expect(fromOperatonVariables(sent)).to.deep.equal(original)
    expect(fromTypedValue(toTypedValue([1, 2]))).to.deep.equal([1, 2])
  })
})
