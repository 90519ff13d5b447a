// What the browser tests share around a page: the app on a local port, signing in through the login form, and a
// watch that turns CSP violations, page errors, console errors and failed responses into a list of problems the
// test expects to stay empty.
import type { Server } from 'node:http'
import type { Express } from 'express'
import type { Page } from 'playwright-core'

/** The app listening on 127.0.0.1 at a free port. */
export async function listenLocally(app: Express): Promise<{ server: Server; base: string }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const address = server.address()
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` }
}

export async function closeServer(server: Server | undefined): Promise<void> {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
}

/** Signs in through the login page (password "demo") and waits until it has left it. */
export async function signIn(page: Page, base: string, login: string): Promise<void> {
  await page.goto(`${base}/login`)
  await page.fill('#login', login)
  await page.fill('#password', 'demo')
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button[type=submit]')])
}

export interface WatchOptions {
  /** Console errors matching this are not problems (the favicon always is ignored). */
  consoleIgnore?: RegExp
  /** Requests that fail to complete (network) are problems too. */
  requestFailures?: boolean
}

/** Collects into `problems` every CSP violation, page error, console error and HTTP answer ≥ 400 of the page. */
export async function watchPage(page: Page, problems: string[], options: WatchOptions = {}): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))
  })
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/favicon/.test(msg.text()) && !options.consoleIgnore?.test(msg.text())) problems.push(`console: ${msg.text()}`)
  })
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) problems.push(`HTTP ${res.status()} ${res.url()}`)
  })
  if (options.requestFailures) page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`))
}

/** Retries `check`, reloading the page, until it passes (the engine creates tasks a moment after a request). */
export async function eventually(page: Page, check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await page.waitForTimeout(250)
    await page.reload()
  }
}
