// The route parameters a request path would fill, found before routing (the input guard names the parameter that
// holds a forbidden character: `id`, `docId` …). Reads the app's routes from its router (router 2.x layers:
// `route`, `match(path)`, `slash` for routers mounted at "/"), once per app; null when no route matches.
import type { Application } from 'express'

interface RouterLayer {
  route?: unknown
  slash?: boolean
  handle?: { stack?: RouterLayer[] }
  match?(path: string): false | { params: Record<string, unknown> }
}

const routesOf = new WeakMap<object, RouterLayer[]>()

function collectRoutes(stack: readonly RouterLayer[], into: RouterLayer[]): RouterLayer[] {
  for (const layer of stack) {
    if (layer.route && typeof layer.match === 'function') into.push(layer)
    else if (layer.slash && Array.isArray(layer.handle?.stack)) collectRoutes(layer.handle.stack, into)
  }
  return into
}

/** The parameters of the first route whose path matches `path` (decoded), or null. */
export function routeParams(app: Application, path: string): Record<string, string> | null {
  const router = (app as unknown as { router?: { stack?: RouterLayer[] } }).router
  if (!router || !Array.isArray(router.stack)) return null
  let routes = routesOf.get(app)
  if (!routes) {
    routes = collectRoutes(router.stack, [])
    routesOf.set(app, routes)
  }
  for (const layer of routes) {
    let matched: ReturnType<NonNullable<RouterLayer['match']>>
    try {
      matched = layer.match!(path)
    } catch {
      continue // a malformed escape: the router answers 400 itself
    }
    if (matched && Object.keys(matched.params).length > 0) {
      return Object.fromEntries(Object.entries(matched.params).filter((e): e is [string, string] => typeof e[1] === 'string'))
    }
  }
  return null
}
