// Reads docker-compose.yml as docker-compose does, for the tests that compare it with the config readers:
// YAML 1.1 with merge keys (`<<: *anchor`, as PyYAML reads it), then `${…}` interpolation of the values.
// js-yaml comes with mocha (a dev dependency); nothing here talks to Docker.
import { readFileSync } from 'node:fs'
import { load, YAML11_SCHEMA } from 'js-yaml'

export interface ComposeService {
  name: string
  build?: string | { context?: string; dockerfile?: string }
  image?: string
  environment?: Record<string, unknown> | string[]
  ports?: unknown[]
  depends_on?: string[] | Record<string, { condition?: string }>
  healthcheck?: { test?: unknown }
  volumes?: unknown[]
}

export interface ComposeFile {
  services: ComposeService[]
  volumes: Record<string, unknown>
}

export function readComposeFile(file: string): ComposeFile {
  const doc = load(readFileSync(file, 'utf8'), { schema: YAML11_SCHEMA }) as {
    services?: Record<string, Omit<ComposeService, 'name'>>
    volumes?: Record<string, unknown>
  }
  if (!doc || typeof doc !== 'object' || !doc.services) throw new Error(`${file}: no services`)
  return {
    services: Object.entries(doc.services).map(([name, service]) => ({ name, ...service })),
    volumes: doc.volumes ?? {},
  }
}

/** A service's environment as written (before interpolation), whether given as a map or as `NAME=value` lines. */
export function rawEnvironment(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {}
  const entries: [string, string][] = Array.isArray(env)
    ? env.map((line) => {
        const at = line.indexOf('=')
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)]
      })
    : Object.entries(env).map(([name, value]) => [name, value === null || value === undefined ? '' : String(value)])
  return Object.fromEntries(entries)
}

/** docker-compose's interpolation: `$$`, `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`,
 * `${NAME:?message}`, `${NAME?message}`. A variable that is unset with no default is an error here (docker-compose
 * would warn and use an empty string), so a test notices it. */
export function interpolate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, _inner, braced: string | undefined, operator: string | undefined, argument: string | undefined, bare: string | undefined) => {
      if (whole === '$$') return '$'
      const name = (braced ?? bare) as string
      const value = vars[name]
      const unset = value === undefined || (operator?.startsWith(':') === true && value === '')
      if (!unset) return value as string
      if (operator === ':-' || operator === '-') return argument ?? ''
      if (operator === ':?' || operator === '?') throw new Error(`${name} is required: ${argument}`)
      throw new Error(`${name} is not set and has no default`)
    })
}

/** The environment the container gets: each value interpolated with `vars` (the shell or .env of `docker compose`). */
export function environment(service: ComposeService, vars: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(rawEnvironment(service)).map(([name, value]) => [name, interpolate(value, vars)]))
}

/** The build context folder, relative to the compose file, without `./` or a trailing slash; null: no build. */
export function buildContext(service: ComposeService): string | null {
  const context = typeof service.build === 'string' ? service.build : service.build?.context
  if (context === undefined) return null
  return context.replace(/^\.\/?/, '').replace(/\/+$/, '') || '.'
}

/** The services a service waits for, with the condition (service_started when none is given). */
export function dependencies(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? []
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']))
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep?.condition ?? 'service_started']))
}

/** `ENV NAME=value …` instructions of a Dockerfile: the names. */
export function dockerfileEnvNames(dockerfile: string): string[] {
  const joined = readFileSync(dockerfile, 'utf8').replace(/\\\r?\n/g, ' ')
  const names: string[] = []
  for (const line of joined.split(/\r?\n/)) {
    const match = /^\s*ENV\s+(.*)$/i.exec(line)
    if (!match) continue
    const args = match[1].trim()
    if (!args.includes('=')) names.push(args.split(/\s+/)[0]) // legacy `ENV NAME value`
    else for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)) names.push(m[1])
  }
  return names
}
