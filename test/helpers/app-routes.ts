// Every route an Express app answers (method and path pattern), read from its router (router 2.x layers), so a test
// can go through all of them: a route added later is covered without anyone listing it.
import type { Express } from 'express'

export interface AppRoute {
  method: string
  path: string
  /** The `:name` parameters of the path. */
  params: string[]
}

interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean> }
  slash?: boolean
  handle?: { stack?: RouterLayer[] }
}

function collect(stack: readonly RouterLayer[], into: AppRoute[]): AppRoute[] {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]
      for (const path of paths) {
        if (typeof path !== 'string') throw new Error(`route path is not a string: ${String(path)}`)
        for (const method of Object.keys(layer.route.methods)) {
          into.push({ method, path, params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]) })
        }
      }
    } else if (layer.slash && Array.isArray(layer.handle?.stack)) {
      collect(layer.handle.stack, into)
    }
  }
  return into
}

export function appRoutes(app: Express): AppRoute[] {
  const router = (app as unknown as { router: { stack: RouterLayer[] } }).router
  return collect(router.stack, [])
}

/** The path with every parameter replaced by `value` (already URL-encoded). */
export function fillPath(route: AppRoute, value: string): string {
  return route.path.replace(/:(\w+)/g, value)
}
