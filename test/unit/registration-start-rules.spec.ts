// The pure rules behind an idempotent, crash-safe registration: how deep input may nest (checked without
// recursion), which Idempotency-Keys are accepted, when two bodies are the same request, when a failed start is
// tried again.
import { expect } from 'chai'
import { exceedsJsonDepth } from '../../domain/json-depth.ts'
import { parseIdempotencyKey } from '../../domain/idempotency-key.ts'
import { MAX_START_RETRY_DELAY_MS, startRetryDelayMs } from '../../domain/start-retry.ts'
import { requestHash } from '../../src/cases/request-hash.ts'
import { nestingIssues, validateRegistration } from '../../src/cases/registration-input.ts'

function nestedArrays(depth: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

describe('registration start rules', () => {
  describe('exceedsJsonDepth', () => {
    it('should count objects and arrays, not scalars, when it measures depth', () => {
      expect(exceedsJsonDepth('text', 0)).to.equal(false)
      expect(exceedsJsonDepth({}, 0)).to.equal(true)
      expect(exceedsJsonDepth({ a: [1, { b: null }] }, 3)).to.equal(false)
      expect(exceedsJsonDepth({ a: [1, { b: {} }] }, 3)).to.equal(true)
    })

    it('should answer without overflowing the stack when a value is nested 200,000 deep', () => {
      expect(exceedsJsonDepth(nestedArrays(200_000), 5)).to.equal(true)
    })
  })

  describe('nestingIssues and validateRegistration', () => {
    const context = { today: '2026-03-10', procedures: ['family-assistance'] }
    const body = (variables: unknown) => ({
      procedure: 'family-assistance',
      receivedAt: '2026-03-09',
      applicant: { pesel: '44051401359', firstName: 'Jan', lastName: 'Kowalski' },
      variables,
    })

    it('should name the field nested too deeply, and `_` for a field the registration does not know', () => {
      expect(nestingIssues(body({ a: { b: { c: { d: { e: 1 } } } } }))).to.deep.equal({}) // five objects
      expect(nestingIssues(body({ a: { b: { c: { d: { e: { f: 1 } } } } } }))).to.deep.equal({ variables: { code: 'tooDeep', params: { max: 5 } } })
      expect(nestingIssues({ ...body({}), 'x\u0000y': nestedArrays(9) })).to.deep.equal({ _: { code: 'tooDeep', params: { max: 5 } } })
      expect(nestingIssues(nestedArrays(7))).to.deep.equal({ _: { code: 'tooDeep', params: { max: 5 } } })
    })

    it('should refuse variables nested too deeply when it validates a registration', () => {
      const result = validateRegistration(body({ a: nestedArrays(3000) }), context)
      expect(result.ok).to.equal(false)
      expect(!result.ok && result.fields.variables).to.deep.equal({ code: 'tooDeep', params: { max: 5 } })
    })
  })

  describe('parseIdempotencyKey', () => {
    it('should accept UUIDs and tokens of up to 128 letters, digits and . _ : ~ -', () => {
      for (const key of ['3f1c9a2e-7b4d-4e0a-9c1f-2b8d6e5a4c3b', 'a', 'K'.repeat(128), 'client:retry_1.2~x-y']) {
        expect(parseIdempotencyKey(key), key).to.deep.equal({ valid: true, key })
      }
    })

    it('should refuse empty, long and odd keys and read a missing one as none', () => {
      for (const key of ['', 'K'.repeat(129), 'a b', 'a/b', 'zażółć', 'a\nb', 42, ['a']]) {
        expect(parseIdempotencyKey(key), JSON.stringify(key)).to.deep.equal({ valid: false })
      }
      expect(parseIdempotencyKey(undefined)).to.deep.equal({ valid: true, key: null })
      expect(parseIdempotencyKey(null)).to.deep.equal({ valid: true, key: null })
    })
  })

  describe('requestHash', () => {
    it('should give the same hash for the same values in another key order and another for other values', () => {
      const a = requestHash({ x: 1, y: { p: [1, 2], q: 'z' }, skipped: undefined })
      expect(requestHash({ y: { q: 'z', p: [1, 2] }, x: 1 })).to.equal(a)
      expect(requestHash({ y: { q: 'z', p: [2, 1] }, x: 1 })).not.to.equal(a)
      expect(requestHash({ y: { q: 'z', p: [1, 2] }, x: '1' })).not.to.equal(a)
    })
  })

  describe('startRetryDelayMs', () => {
    it('should wait the grace period after the first failure, twice as long after each further one, an hour at most', () => {
      expect([1, 2, 3, 4].map((n) => startRetryDelayMs(n, 30_000))).to.deep.equal([30_000, 60_000, 120_000, 240_000])
      expect(startRetryDelayMs(8, 30_000)).to.equal(MAX_START_RETRY_DELAY_MS)
      expect(startRetryDelayMs(500, 30_000)).to.equal(MAX_START_RETRY_DELAY_MS)
    })
  })
})
