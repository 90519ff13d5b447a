// Browser tests: Debian's Chromium (/usr/bin/chromium, installed in CI by scripts/ci-chromium.sh) driven by
// playwright-core, headless, with a fresh user-data-dir per launch. When the binary is missing the browser
// suites are left out with a pending line, unless REQUIRE_BROWSER=1 or CI (both set by .ci/run), which make them fail.
// Only tests read these two variables.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext } from 'playwright-core'
import { describeWithService } from './service-suite.ts'

export const CHROMIUM_PATH = '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const

/** test-artifacts/ at the project root (gitignored): screenshots of the browser suites. */
export const ARTIFACTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts')

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH)
}

export interface LaunchedBrowser {
  context: BrowserContext
  close(): Promise<void>
}

/** Chromium with a fresh, throw-away user-data-dir (removed on close). */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'wf-chromium-'))
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      locale: 'pl-PL',
      timezoneId: 'Europe/Warsaw',
      viewport: { width: 1400, height: 900 },
    })
    return {
      context,
      async close() {
        try {
          await context.close()
        } finally {
          rmSync(userDataDir, { recursive: true, force: true })
        }
      },
    }
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true })
    throw err
  }
}

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  return path.join(ARTIFACTS_DIR, name)
}

/** A suite that needs Chromium (test/helpers/service-suite.ts: failing without it under REQUIRE_BROWSER=1 or CI). */
export function describeWithBrowser(title: string, fn: (this: Mocha.Suite) => void): void {
  describeWithService(title, {
    service: 'browser',
    value: chromiumAvailable() ? CHROMIUM_PATH : null,
    requireVariable: 'REQUIRE_BROWSER',
    missing: `${CHROMIUM_PATH} does not exist (scripts/ci-chromium.sh installs it)`,
  }, fn)
}
