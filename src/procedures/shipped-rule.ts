// What start-up does with a file of the processes folder whose text changed since it was last read (or that was
// never read here): pure rules, no I/O (seed-processes-folder.ts applies them). A shipped file seeds what is not
// deployed yet and upgrades what nobody changed since it was shipped; it never replaces a manager's newer version.

/** deploy: as a new version; unchanged: the newest version already has this content; pending: a manager's newer
 * version is in force, so the shipped content waits for her (shipped-versions.ts). */
export type ShippedAction = 'deploy' | 'unchanged' | 'pending'

export interface NewestVersionFacts {
  /** The newest version has the file's content (canonically). */
  sameAsFile: boolean
  /** The newest version has the content the folder shipped last time. */
  sameAsShipped: boolean
  /** The newest version was deployed by the start-up, not by a person. */
  deployedBySystem: boolean
}

/**
 * For one procedure, form or decision the file defines. `newest`: its newest version (null: none yet);
 * `shippedBefore`: whether this database recorded what the folder shipped for it before (false on databases from
 * before the record existed: there a version the start-up deployed is the shipped one).
 */
export function shippedAction(newest: NewestVersionFacts | null, shippedBefore: boolean): ShippedAction {
  if (newest === null) return 'deploy'
  if (newest.sameAsFile) return 'unchanged'
  const untouched = shippedBefore ? newest.sameAsShipped : newest.deployedBySystem
  return untouched ? 'deploy' : 'pending'
}

/** A file deploys as a whole (every process or decision in it gets a version): only when none of them waits. */
export function fileAction(actions: ShippedAction[]): ShippedAction {
  if (actions.includes('pending')) return 'pending'
  if (actions.includes('deploy') || actions.length === 0) return 'deploy'
  return 'unchanged'
}
