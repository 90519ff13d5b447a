// Bundles the browser code (web/client/*.js: the procedure editor, bpmn-js + the Zeebe properties panel, and
// the visual diff of two versions, and the read-only process diagram of a case; the form editor, form-js, in a
// build of its own: see ownBuilds)
// with esbuild into web/public/build/ (gitignored), served under /static/build/. Run by `npm install`
// (postinstall) and by the tests when the bundle is missing. esbuild is a devDependency: an install without
// dev dependencies skips the build and the editor page says the editor is not built.
// Usage: node scripts/build-client.mjs [--if-missing]
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outdir = path.join(root, 'web/public/build')
const entries = {
  editor: path.join(root, 'web/client/editor.js'),
  diff: path.join(root, 'web/client/diff.js'),
  viewer: path.join(root, 'web/client/viewer.js'),
  'task-form': path.join(root, 'web/client/task-form.js'),
  'register-form': path.join(root, 'web/client/register-form.js'),
  formEditor: path.join(root, 'web/client/form-editor.js'),
  'dmn-editor': path.join(root, 'web/client/dmn-editor.js'),
  'case-documents': path.join(root, 'web/client/case-documents.js'),
}

/** The directory of `pkg` as `from` (a package) sees it: its own nested copy when it has one, else the top one. */
const packageDirOf = (from, pkg) =>
  [path.join(root, 'node_modules', from, 'node_modules', pkg), path.join(root, 'node_modules', pkg)].find((dir) => existsSync(dir))

/** Bundles built on their own with extra esbuild options (one line each; their names are in `entries` too).
 * formEditor: @bpmn-io/form-js-editor pins preact <= 10.15.1 (bpmn-io/form-js#760, drag and drop) and needs its own
 * form-js-viewer; the properties panel it renders must use that same preact copy, not the top-level one. */
const ownBuilds = {
  formEditor: { alias: { preact: packageDirOf('@bpmn-io/form-js-editor', 'preact'), '@bpmn-io/form-js-viewer': packageDirOf('@bpmn-io/form-js-editor', '@bpmn-io/form-js-viewer') } },
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
const options = {
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
}
const results = [await esbuild.build({ ...options, entryPoints: Object.fromEntries(Object.entries(entries).filter(([name]) => !(name in ownBuilds))) })]
for (const [name, extra] of Object.entries(ownBuilds)) results.push(await esbuild.build({ ...options, ...extra, entryPoints: { [name]: entries[name] } }))
const outputs = results
  .flatMap((result) => Object.entries(result.metafile.outputs))
  .filter(([file]) => /\.(js|css)$/.test(file))
  .map(([file, meta]) => `${path.basename(file)} ${Math.round(meta.bytes / 1024)} KiB`)
console.log(`build-client: ${outputs.join(', ')} in ${Date.now() - started} ms → ${path.relative(root, outdir)}/`)
