// The pure parts of /metrics: the text format (prom-client's), histograms, the token check and the METRICS_* configuration.
import { expect } from 'chai'
import { ConfigError, loadConfig } from '../../src/config.ts'
import { Registry } from 'prom-client'
import { familiesRegistry } from '../../src/metrics/exposition.ts'
import { Counter, Histogram } from '../../src/metrics/metrics-registry.ts'
import { metricsTokenMatches } from '../../src/metrics/metrics-token.ts'
import { parsePrometheusText, sampleValue } from '../helpers/prometheus-text.ts'

describe('unit: metrics', () => {
  it('should escape backslash, double quote and line feed in label values and read them back when rendered', async () => {
    // given
    const value = 'a\\b"c\nd'
    // when
    const text = await familiesRegistry([
      { name: 'x_total', help: 'Help with \\ and\nnew line.', type: 'counter', labelNames: ['type'], samples: [{ labels: { type: value }, value: 3 }] },
    ]).metrics()
    // then
    expect(text).to.equal('# HELP x_total Help with \\\\ and\\nnew line.\n# TYPE x_total counter\nx_total{type="a\\\\b\\"c\\nd"} 3\n')
    expect(sampleValue(parsePrometheusText(text), 'x_total', { type: value })).to.equal(3)
  })

  it('should declare a family that has no samples yet with its HELP and TYPE only', async () => {
    const text = await familiesRegistry([{ name: 'welfare_jobs', help: 'Jobs.', type: 'gauge', labelNames: ['type', 'status'], samples: [] }]).metrics()
    expect(text).to.equal('# HELP welfare_jobs Jobs.\n# TYPE welfare_jobs gauge\n')
  })

  it('should refuse an invalid metric or label name and a metric declared twice', () => {
    const family = (name: string, labelNames: string[] = []) => ({ name, help: 'h', type: 'gauge' as const, labelNames, samples: [] })
    expect(() => familiesRegistry([family('bad-name')])).to.throw(/Invalid metric name/)
    expect(() => familiesRegistry([family('ok', ['bad-label'])])).to.throw(/Invalid label name/)
    expect(() => familiesRegistry([family('ok'), family('ok')])).to.throw(/already been registered/)
  })

  it('should put a value on a bucket edge into that bucket and keep buckets cumulative when observed', async () => {
    // given
    const registry = new Registry()
    const histogram = new Histogram(registry, 'h_seconds', 'h', ['operation'], [0.01, 0.1, 1])
    // when
    for (const v of [0.01, 0.05, 0.1, 0.5, 3]) histogram.observe({ operation: 'deploy' }, v)
    // then
    const families = parsePrometheusText(await registry.metrics())
    const bucket = (le: string) => sampleValue(families, 'h_seconds_bucket', { operation: 'deploy', le })
    expect(['0.01', '0.1', '1', '+Inf'].map(bucket)).to.deep.equal([1, 3, 4, 5])
    expect(sampleValue(families, 'h_seconds_count', { operation: 'deploy' })).to.equal(5)
    expect(sampleValue(families, 'h_seconds_sum', { operation: 'deploy' })).to.be.closeTo(3.66, 1e-9)
  })

  it('should keep one series per label combination when a counter is increased', async () => {
    const registry = new Registry()
    const counter = new Counter(registry, 'c_total', 'c', ['type', 'outcome'])
    counter.inc({ type: 'a', outcome: 'complete' })
    counter.inc({ outcome: 'complete', type: 'a' }, 2)
    counter.inc({ type: 'a', outcome: 'fail' })
    const family = parsePrometheusText(await registry.metrics()).get('c_total')!
    expect(family.samples.map((s) => ({ labels: s.labels, value: s.value }))).to.deep.equal([
      { labels: { type: 'a', outcome: 'complete' }, value: 3 },
      { labels: { type: 'a', outcome: 'fail' }, value: 1 },
    ])
  })

  it('should accept only the exact token when the metrics token is compared', () => {
    const token = 'metrics-token-0123456789abcdef'
    expect(metricsTokenMatches(token, token)).to.equal(true)
    expect(metricsTokenMatches(token, `${token}x`)).to.equal(false)
    expect(metricsTokenMatches(token, token.slice(0, -1))).to.equal(false)
    expect(metricsTokenMatches(token, '')).to.equal(false)
  })

  it('should leave the metrics token and listener off and bind to 127.0.0.1 when METRICS_* are unset', () => {
    expect(loadConfig({})).to.include({ metricsToken: null, metricsPort: null, metricsHost: '127.0.0.1' })
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(32), METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' })).to.include({
      metricsToken: 'a'.repeat(32),
      metricsPort: 9464,
      metricsHost: '10.0.0.5',
    })
  })

  for (const [variable, env] of [
    ['METRICS_TOKEN', { METRICS_TOKEN: 'short' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'with a space in the middle of it ok' }],
    ['METRICS_PORT', { METRICS_PORT: '70000' }],
    ['METRICS_PORT', { METRICS_PORT: 'abc' }],
    ['METRICS_PORT', { PORT: '3000', METRICS_PORT: '3000' }],
    ['METRICS_HOST', { METRICS_HOST: 'host name' }],
  ] as const) {
    it(`should stop with a message naming ${variable} when it is ${JSON.stringify(env)}`, () => {
      let error: unknown
      try {
        loadConfig(env)
      } catch (err) {
        error = err
      }
      expect(error).to.be.instanceOf(ConfigError)
      expect((error as ConfigError).variable).to.equal(variable)
    })
  }
})
