import { expect } from 'chai'
import { ConfigError, loadConfig } from '../../src/config.ts'

describe('configuration', () => {
  it('should use the embedded defaults when nothing is set', () => {
    const c = loadConfig({}, '/srv/wf')
    expect(c).to.include({ port: 3000, engine: 'embedded', dataDir: '/srv/wf/data', databaseUrl: null, demoAccounts: true, defaultLocale: 'pl' })
    expect(Object.isFrozen(c)).to.equal(true)
  })

  it('should read PORT, DATA_DIR, DATABASE_URL and ENGINE when they are valid', () => {
    const c = loadConfig({ PORT: '8081', DATA_DIR: '/var/lib/wf', DATABASE_URL: 'postgresql://u:p@db:5432/wf', ENGINE: 'operaton', OPERATON_URL: 'http://a:8080/engine-rest/, http://b:8080/engine-rest' }, '/srv')
    expect(c).to.include({ port: 8081, dataDir: '/var/lib/wf', databaseUrl: 'postgresql://u:p@db:5432/wf', engine: 'operaton' })
    expect(c.operaton).to.deep.equal({ urls: ['http://a:8080/engine-rest', 'http://b:8080/engine-rest'], apiToken: null, workers: 'in-app', workerConcurrency: 4 })
  })

  it('should refuse ENGINE=zeebe naming the engines that exist when it is set', () => {
    expect(() => loadConfig({ ENGINE: 'zeebe' })).to.throw(ConfigError, /embedded.*operaton/)
  })

  const bad: [string, Record<string, string>][] = [
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['ENGINE', { ENGINE: 'camunda7' }],
    ['OPERATON_URL', { ENGINE: 'operaton' }],
    ['OPERATON_URL', { ENGINE: 'operaton', OPERATON_URL: 'ftp://x/engine-rest' }],
    ['OPERATON_URL', { OPERATON_URL: 'not a url' }],
    ['OPERATON_API_TOKEN', { OPERATON_API_TOKEN: 'short' }],
    ['OPERATON_WORKERS', { OPERATON_WORKERS: 'maybe' }],
    ['OPERATON_WORKER_CONCURRENCY', { OPERATON_WORKER_CONCURRENCY: '0' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x@y/z' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['DEMO_ACCOUNTS', { DEMO_ACCOUNTS: 'maybe' }],
    ['DEMO_ACCOUNTS', { NODE_ENV: 'production', DEMO_ACCOUNTS: 'true' }],
    ['CASE_NUMBER_PREFIX', { CASE_NUMBER_PREFIX: 'OPS 8311; drop' }],
    ['MAX_DEPLOYMENT_BYTES', { MAX_DEPLOYMENT_BYTES: '5MB' }],
    ['MAX_DEPLOYMENT_BYTES', { MAX_DEPLOYMENT_BYTES: '10' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail.example.org' }],
    ['SMTP_URL', { SMTP_URL: 'not a url' }],
    ['SMTP_URL', { SMTP_URL: 'smtp://' }],
    ['MAIL_FROM', { MAIL_FROM: 'nobody' }],
    ['MAIL_FROM', { MAIL_FROM: 'a@b\r\nBcc: x@y' }],
    ['LOGIN_HISTORY_DAYS', { LOGIN_HISTORY_DAYS: '0' }],
    ['LOGIN_HISTORY_DAYS', { LOGIN_HISTORY_DAYS: 'forever' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'true' }],
    ['TRUST_PROXY', { TRUST_PROXY: '11' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'proxy.example.org' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.0/33' }],
    ['TRUST_PROXY', { TRUST_PROXY: '127.0.0.1, 10.0.0.1/8/1' }],
  ]
  for (const [variable, env] of bad) {
    it(`should stop with a message naming ${variable} when it is ${JSON.stringify(env)}`, () => {
      let error: unknown
      try {
        loadConfig(env)
      } catch (err) {
        error = err
      }
      expect(error).to.be.instanceOf(ConfigError)
      expect((error as ConfigError).variable).to.equal(variable)
      expect((error as Error).message).to.contain(variable)
    })
  }

  it('should limit procedure uploads to 5 MiB by default and read MAX_DEPLOYMENT_BYTES when it is set', () => {
    expect(loadConfig({}).maxDeploymentBytes).to.equal(5 * 1024 * 1024)
    expect(loadConfig({ MAX_DEPLOYMENT_BYTES: '200000' }).maxDeploymentBytes).to.equal(200_000)
  })

  it('should never create demo accounts in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demoAccounts).to.equal(false)
  })

  it('should leave e-mail off and send from welfare-flow <noreply@localhost> when SMTP_URL and MAIL_FROM are unset', () => {
    expect(loadConfig({})).to.include({ smtpUrl: null, mailFrom: 'welfare-flow <noreply@localhost>' })
  })

  it('should read SMTP_URL and MAIL_FROM when they are valid', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.org:587', MAIL_FROM: 'MOPS <mops@example.org>' })).to.include({
      smtpUrl: 'smtp://u:p@mail.example.org:587',
      mailFrom: 'MOPS <mops@example.org>',
    })
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.org', MAIL_FROM: 'mops@example.org' }).smtpUrl).to.equal('smtps://mail.example.org')
  })

  it('should keep sign-in attempts 90 days unless LOGIN_HISTORY_DAYS says otherwise', () => {
    expect(loadConfig({}).loginHistoryDays).to.equal(90)
    expect(loadConfig({ LOGIN_HISTORY_DAYS: '30' }).loginHistoryDays).to.equal(30)
  })

  it('should trust no proxy when TRUST_PROXY is unset or false', () => {
    expect(loadConfig({}).trustProxy).to.equal(false)
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).to.equal(false)
  })

  it('should read TRUST_PROXY as a hop count or a list of addresses, subnets and presets when it is valid', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).to.equal(1)
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).to.deep.equal(['loopback', '10.0.0.0/8', 'fd00::1'])
  })
})
