// PGlite is a single-process database: a second process opening the same folder would corrupt it.
// A lock file next to the folder holds the owner's pid; a lock whose process is gone is stale and taken over.
import fs from 'node:fs'
import os from 'node:os'

export interface DataDirLock {
  readonly path: string
  release(): void
}

export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly ownerPid: number | null,
  ) {
    super(
      `The PGlite database is already open in another process (pid ${ownerPid ?? 'unknown'}, lock file ${lockPath}). ` +
        `Only one process may use it: stop the other one, or set DATABASE_URL to use PostgreSQL. ` +
        `If no such process runs, delete the lock file.`,
    )
    this.name = 'DataDirLockedError'
  }
}

interface LockContent {
  pid: number
  host: string
  since: string
}

/** Creates `lockPath` exclusively, or throws DataDirLockedError when a live process holds it. */
export function acquireDataDirLock(lockPath: string): DataDirLock {
  const mine: LockContent = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(mine) + '\n', { flag: 'wx' })
      return { path: lockPath, release: () => removeIfUnchanged(lockPath, mine) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = readLock(lockPath)
    if (owner === 'missing') continue // released meanwhile
    if (owner !== 'unreadable' && isStale(owner)) {
      removeIfUnchanged(lockPath, owner)
      continue
    }
    throw new DataDirLockedError(lockPath, owner === 'unreadable' ? null : owner.pid)
  }
  throw new DataDirLockedError(lockPath, null)
}

function readLock(lockPath: string): LockContent | 'missing' | 'unreadable' {
  let text: string
  try {
    text = fs.readFileSync(lockPath, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    return 'unreadable'
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '') }
    }
  } catch {
    // a lock being written right now, or garbage: treat as held
  }
  return 'unreadable'
}

/** Stale when written on this host by a process that no longer exists. Another host's lock is never stale. */
function isStale(owner: LockContent): boolean {
  if (owner.host !== os.hostname()) return false
  if (owner.pid === process.pid) return false // opened twice in this process: just as harmful
  try {
    process.kill(owner.pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** Removes the lock only if it still is the given owner's (never someone else's fresh lock). */
function removeIfUnchanged(lockPath: string, owner: LockContent): void {
  const now = readLock(lockPath)
  if (now !== 'missing' && now !== 'unreadable' && now.pid === owner.pid && now.since === owner.since) {
    fs.rmSync(lockPath, { force: true })
  }
}
