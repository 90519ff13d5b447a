// Bundles the browser code (src/web/client/*.js: the procedure editor, bpmn-js + the Zeebe properties panel, and
// the visual diff of two versions, and the read-only process diagram of a case)
// with esbuild into src/web/public/build/ (gitignored), served under /static/build/. Run by `npm install`
// (postinstall) and by the tests when the bundle is missing. esbuild is a devDependency: an install without
// dev dependencies skips the build and the editor page says the editor is not built.
// Usage: node scripts/build-client.mjs [--if-missing]
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outdir = path.join(root, 'src/web/public/build')
const entries = {
  editor: path.join(root, 'src/web/client/editor.js'),
  diff: path.join(root, 'src/web/client/diff.js'),
  viewer: path.join(root, 'src/web/client/viewer.js'),
}

if (process.argv.includes('--if-missing') && Object.keys(entries).every((name) => existsSync(path.join(outdir, `${name}.js`)))) {
  process.exit(0)
}

let esbuild
try {
  esbuild = await import('esbuild')
} catch {
  console.warn('build-client: esbuild is not installed (production install?); the procedure editor is not built')
  process.exit(0)
}

mkdirSync(outdir, { recursive: true })
const started = Date.now()
const result = await esbuild.build({
  entryPoints: entries,
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  sourcemap: false,
  legalComments: 'linked',
  // fonts and images as files next to the bundle: the CSP allows no data: URLs for fonts
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  metafile: true,
})
const outputs = Object.entries(result.metafile.outputs)
  .filter(([file]) => /\.(js|css)$/.test(file))
  .map(([file, meta]) => `${path.basename(file)} ${Math.round(meta.bytes / 1024)} KiB`)
console.log(`build-client: ${outputs.join(', ')} in ${Date.now() - started} ms → ${path.relative(root, outdir)}/`)
