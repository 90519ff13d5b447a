// The whole system in-process for a browser spec: createSystem (PGlite in memory, the real processes and engine,
// port 0, a data folder of its own) and Debian's Chromium. `close()` stops both and removes the data folder.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../src/config.ts'
import { silentLogger } from '../../src/logger.ts'
import { createSystem, type System } from '../../src/system.ts'
import { launchBrowser, type LaunchedBrowser } from './browser.ts'
import { ensureClientBundle } from './client-bundle.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface BrowserSystem {
  system: System
  browser: LaunchedBrowser
  base: string
  close(): Promise<void>
}

/** Starts the system (its client bundles built first) and Chromium; on a failure half-way, stops what started. */
export async function startBrowserSystem(tmpPrefix: string): Promise<BrowserSystem> {
  ensureClientBundle()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), tmpPrefix))
  let system: System | undefined
  let browser: LaunchedBrowser | undefined
  const close = async () => {
    await browser?.close()
    await system?.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const config = loadConfig(
      { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'error', SCHEDULER_INTERVAL_MS: '100' },
      ROOT,
    )
    system = await createSystem(config, { inMemory: true, logger: silentLogger })
    const base = `http://127.0.0.1:${await system.listen()}`
    browser = await launchBrowser()
    return { system, browser, base, close }
  } catch (err) {
    await close()
    throw err
  }
}
