import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { acquireDataDirLock, DataDirLockedError } from '../../src/storage/data-dir-lock.ts'

/** The pid of a process that has already ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  if (typeof child.pid !== 'number') throw new Error('could not start a child process')
  return child.pid
}

describe('acquireDataDirLock', () => {
  let dir: string
  let lockPath: string

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-lock-'))
    lockPath = path.join(dir, 'pglite.lock')
  })

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('should write the pid and remove the file on release when the folder is free', () => {
    // when
    const lock = acquireDataDirLock(lockPath)

    // then
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid).to.equal(process.pid)
    lock.release()
    expect(fs.existsSync(lockPath)).to.equal(false)
  })

  it('should refuse with the owner pid when a live process holds the lock', () => {
    // given
    const lock = acquireDataDirLock(lockPath)

    // when / then
    try {
      expect(() => acquireDataDirLock(lockPath))
        .to.throw(DataDirLockedError, /already open in another process/)
        .with.property('ownerPid', process.pid)
    } finally {
      lock.release()
    }
  })

  it('should take the lock over when its process is gone', () => {
    // given
    fs.writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), host: os.hostname(), since: '2020-01-01T00:00:00Z' }))

    // when
    const lock = acquireDataDirLock(lockPath)

    // then
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid).to.equal(process.pid)
    lock.release()
  })

  it('should refuse when the lock file cannot be read', () => {
    // given
    fs.writeFileSync(lockPath, 'not json')

    // when / then
    expect(() => acquireDataDirLock(lockPath)).to.throw(DataDirLockedError, /pid unknown/)
  })

  it('should leave a lock alone on release when another process has taken it over', () => {
    // given
    const lock = acquireDataDirLock(lockPath)
    const other = JSON.stringify({ pid: 1, host: os.hostname(), since: '2030-01-01T00:00:00Z' })
    fs.writeFileSync(lockPath, other)

    // when
    lock.release()

    // then
    expect(fs.readFileSync(lockPath, 'utf8')).to.equal(other)
  })
})
