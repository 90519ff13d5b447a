// Builds the web app for tests: a real test database with the demo accounts, a fake clock, a silent logger,
// and an engine (FakeEngine unless one is given). Plus helpers to sign in by API or through the pages.
import { SlaMonitor } from '../../src/sla/sla-monitor.ts'
import type { Express } from 'express'
import request from 'supertest'
import { loadConfig, type Config } from '../../src/config.ts'
import { FakeClock } from '../../engine/clock.ts'
import type { WorkflowEngine } from '../../engine/port.ts'
import { silentLogger, type Logger } from '../../src/logger.ts'
import { ensureDemoAccounts } from '../../src/users/demo-accounts.ts'
import { createApp } from '../../web/app.ts'
import type { TestDatabase } from './test-database.ts'
import { FakeEngine } from './web-fake-engine.ts'

export const TEST_NOW = '2026-03-10T09:00:00Z'

export interface WebTestApp {
  app: Express
  config: Readonly<Config>
  clock: FakeClock
  engine: WorkflowEngine
}

export async function createWebTestApp(
  db: TestDatabase,
  options: { engine?: WorkflowEngine; clock?: FakeClock; env?: Record<string, string>; logger?: Logger; withSla?: boolean } = {},
): Promise<WebTestApp & { fakeEngine: FakeEngine | null }> {
  const config = loadConfig({ NODE_ENV: 'test', ...options.env })
  const clock = options.clock ?? new FakeClock(TEST_NOW)
  const fakeEngine = options.engine ? null : new FakeEngine(db.prisma)
  const engine = options.engine ?? fakeEngine!
  await ensureDemoAccounts(db, config, silentLogger)
  // withSla: a real SLA monitor behind the app (run on demand: after registration, task completion, dashboards)
  const sla = options.withSla ? new SlaMonitor({ prisma: db.prisma, engine, clock, logger: silentLogger }) : undefined
  const app = createApp({ config, db, engine, clock, logger: options.logger ?? silentLogger, sla })
  return { app, config, clock, engine, fakeEngine }
}

/** Signs in through the API; returns the bearer token. */
export async function tokenFor(app: Express, login: string, password = 'demo'): Promise<string> {
  const res = await request(app).post('/api/session').send({ login, password })
  if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status}`)
  return res.body.token as string
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

/** Signs in through the login page; returns the cookie-carrying agent and the session's CSRF token. */
export async function browserFor(app: Express, login: string): Promise<{ agent: request.Agent; csrf: string }> {
  const agent = request.agent(app)
  const form = await agent.get('/login')
  const loginToken = /name="loginToken" value="([^"]+)"/.exec(form.text)?.[1]
  if (!loginToken) throw new Error('no login token on the login page')
  const res = await agent.post('/login').type('form').send({ login, password: 'demo', loginToken })
  if (res.status !== 303) throw new Error(`page login ${login} failed: ${res.status}`)
  const inbox = await agent.get('/inbox')
  const csrf = /name="_csrf" value="([^"]+)"/.exec(inbox.text)?.[1]
  if (!csrf) throw new Error('no CSRF token on the inbox page')
  return { agent, csrf }
}
