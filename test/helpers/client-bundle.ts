// Builds the browser bundle (scripts/build-client.mjs) when it is missing: web/public/build/ is gitignored and
// made by `npm install`; a test that serves or drives the editor calls this in before().
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export function ensureClientBundle(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-client.mjs'), '--if-missing'], { cwd: ROOT, stdio: 'inherit' })
}
