// Types of operaton-node.mjs (the Operaton engine app from Node), for TypeScript tests that run nodes of their own.

export declare const REPO_ROOT: string
export declare const ENGINE_APP_DIR: string
export declare const JAR_PATH: string
export declare const DATA_DIR: string
export declare const INSTALL_HINT: string

/** null when Java 17+ (and, for a build, javac and Maven) are there; else one sentence naming what is missing. */
export declare function missingToolchain(options?: { forBuild?: boolean }): string | null
export declare function jarIsStale(): boolean
export declare function buildEngineApp(options?: {
  force?: boolean
  tests?: boolean
  log?: (line: string) => void
}): { jar: string; built: boolean; ms: number }

export declare function logFileFor(port: number): string
export declare function pidFileFor(port: number): string
/** The copy of the jar the node on this port runs from (a rebuild cannot break a running node). */
export declare function jarCopyFor(port: number): string
export declare function isEngineProcess(pid: number): boolean
export declare function runningNodes(): Array<{ port: number; pid: number }>

export declare function waitForNode(
  restUrl: string,
  options?: { timeoutMs?: number; token?: string; onProgress?: (seconds: number) => void; isAlive?: () => boolean },
): Promise<number>

export interface StartNodeOptions {
  /** Default OPERATON_PORT or 8080. */
  port?: number
  /** postgresql://user:pass@host:port/db or jdbc:postgresql:…; default OPERATON_DATABASE_URL; none: H2 in data/operaton. */
  databaseUrl?: string
  /** More OPERATON_* settings for this node, e.g. { OPERATON_TEST_CLOCK: 'true' }. */
  env?: Record<string, string>
  /** JVM options; default OPERATON_JAVA_OPTS split on spaces. */
  javaOptions?: string[]
  /** How long to wait for the REST API (default 90 000 ms). */
  timeoutMs?: number
  onProgress?: (seconds: number) => void
  /** Build the jar first when it is missing or stale (default true). */
  build?: boolean
}

export interface EngineNode {
  port: number
  pid: number
  /** The REST address, http://127.0.0.1:<port>/engine-rest */
  url: string
  /** http://127.0.0.1:<port> (the /welfare/... endpoints live here) */
  baseUrl: string
  logFile: string
  /** How long the node took to answer, from its start. */
  readyMs: number
  /** SIGTERM, SIGKILL after 20 s; removes the pid file. */
  stop(): Promise<void>
  /** SIGKILL at once (a crash); removes the pid file. */
  kill(): Promise<void>
}

export declare function startNode(options?: StartNodeOptions): Promise<EngineNode>
export declare function stopNode(port: number): Promise<boolean>
export declare function stopAllNodes(): Promise<number[]>
