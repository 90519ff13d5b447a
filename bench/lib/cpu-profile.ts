// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per package / source file, and the total
// (inclusive) time of the functions named on the command line. Used to say where the time of a benchmark goes.
//   tsx bench/lib/cpu-profile.ts <file.cpuprofile> [functionName ...]
import { readFileSync } from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** Which bucket a source URL belongs to: an npm package, a project folder, or a V8 category. */
export function bucketOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/builtin)'
  const nm = url.lastIndexOf('/node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/')
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]
  }
  const src = url.indexOf('/work/main/')
  if (src >= 0) return url.slice(src + '/work/main/'.length).split('/').slice(0, 3).join('/')
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0]
  return url
}

export interface ProfileSummary {
  totalMs: number
  buckets: { bucket: string; selfMs: number; share: number }[]
  functions: { name: string; inclusiveMs: number; share: number }[]
}

export function summariseProfile(file: string, functionNames: string[] = []): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const selfUs = new Map<number, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
  }
  let total = 0
  const buckets = new Map<string, number>()
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!
    const b = bucketOf(n.callFrame.url, n.callFrame.functionName)
    buckets.set(b, (buckets.get(b) ?? 0) + us)
    total += us
  }
  // Inclusive time of a function: samples with that function anywhere on the stack (counted once per sample).
  const wanted = new Set(functionNames)
  const inclusive = new Map<string, number>()
  if (wanted.size) {
    for (const [id, us] of selfUs) {
      const seen = new Set<string>()
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const name = byId.get(cur)!.callFrame.functionName
        if (wanted.has(name) && !seen.has(name)) {
          seen.add(name)
          inclusive.set(name, (inclusive.get(name) ?? 0) + us)
        }
      }
    }
  }
  return {
    totalMs: total / 1000,
    buckets: [...buckets]
      .map(([bucket, us]) => ({ bucket, selfMs: us / 1000, share: us / total }))
      .sort((a, b) => b.selfMs - a.selfMs),
    functions: functionNames.map((name) => ({ name, inclusiveMs: (inclusive.get(name) ?? 0) / 1000, share: (inclusive.get(name) ?? 0) / total })),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, ...fns] = process.argv.slice(2)
  const s = summariseProfile(file, fns)
  console.log(`total sampled ${s.totalMs.toFixed(0)} ms`)
  for (const b of s.buckets.slice(0, 25)) console.log(`${(b.share * 100).toFixed(1).padStart(5)}%  ${b.selfMs.toFixed(0).padStart(7)} ms  ${b.bucket}`)
  for (const f of s.functions) console.log(`incl ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.inclusiveMs.toFixed(0).padStart(7)} ms  ${f.name}`)
}
