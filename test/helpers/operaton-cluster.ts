// A cluster of our own for tests: its Operaton database (OPERATON_CLUSTER_DATABASE_URL, made by
// scripts/ci-operaton.sh) and its app database (OPERATON_CLUSTER_APP_DATABASE_URL, by default the same server and
// the engine database's name + "_app"), both emptied before use; paged reads of Operaton's history.
// Only tests read these variables (and REQUIRE_OPERATON).
import pg from 'pg'
import type { OperatonNode } from './operaton.ts'
import { describeWithService } from './service-suite.ts'

export interface ClusterDatabases {
  /** The Operaton nodes' database (emptied: its public schema is made again). */
  engineUrl: string
  /** The app processes' database (migrated and emptied by the test). */
  appUrl: string
}

/** The two databases, or null when OPERATON_CLUSTER_DATABASE_URL is unset. */
export function clusterDatabases(): ClusterDatabases | null {
  const engineUrl = process.env.OPERATON_CLUSTER_DATABASE_URL
  if (!engineUrl) return null
  let appUrl = process.env.OPERATON_CLUSTER_APP_DATABASE_URL
  if (!appUrl) {
    const parsed = new URL(engineUrl)
    parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}_app`
    appUrl = parsed.toString()
  }
  return { engineUrl, appUrl }
}

/** Runs the suite on the cluster databases (test/helpers/service-suite.ts says what happens without). */
export function describeOnCluster(title: string, fn: (databases: ClusterDatabases) => void): void {
  describeWithService(title, {
    service: 'Operaton cluster',
    value: clusterDatabases(),
    requireVariable: 'REQUIRE_OPERATON',
    missing: 'OPERATON_CLUSTER_DATABASE_URL is not set (see scripts/ci-operaton.sh)',
  }, fn)
}

/**
 * Drops everything in the database's public schema (the role must own the database), so the nodes started next
 * create Operaton's schema afresh: no deployment, instance or job of an earlier run is inherited.
 */
export async function emptyEngineDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE')
    await client.query('CREATE SCHEMA public')
  } finally {
    await client.end()
  }
}

/** Every row of a list endpoint of Operaton's REST API (GET with firstResult/maxResults), page by page. */
export async function readAll<T>(node: OperatonNode, path: string, query: Record<string, string> = {}, pageSize = 500): Promise<T[]> {
  const rows: T[] = []
  for (let first = 0; ; first += pageSize) {
    const params = new URLSearchParams({ ...query, firstResult: String(first), maxResults: String(pageSize) })
    const res = await node.rest(`${path}?${params}`)
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`)
    const page = res.body as T[]
    rows.push(...page)
    if (page.length < pageSize) return rows
  }
}

/** Counts of values: how many times each key occurs. */
export function tally<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}
