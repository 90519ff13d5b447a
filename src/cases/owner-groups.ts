// The group that owns (and may see) the cases of each procedure. One place: every procedure not listed here
// belongs to the caseworkers.
import { BLUE_CARD_TEAM, CASEWORKERS } from '../users/groups.ts'

const OWNER_GROUPS: Readonly<Record<string, string>> = {
  'blue-card': BLUE_CARD_TEAM,
}

export function ownerGroupFor(procedure: string): string {
  return Object.hasOwn(OWNER_GROUPS, procedure) ? OWNER_GROUPS[procedure] : CASEWORKERS
}
