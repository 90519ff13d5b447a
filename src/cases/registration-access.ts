// Who may register (start) a case of each procedure. The procedures the caseworkers own (benefit applications and
// every other one not named here): caseworkers, managers and administrators. A Blue Card starts with form A, which
// the social-assistance staff fill in on suspicion of domestic violence (UPPD art. 9b, Dz.U. 2023 poz. 1870; domain
// brief §6): caseworkers, family assistants, managers and the Blue Card team — though only the team may read the case
// afterwards (case-access.ts), so the others are shown its number on a confirmation page instead.
import type { AuthUser } from '../users/auth-user.ts'
import { ADMINS, BLUE_CARD_TEAM, CASEWORKERS, FAMILY_ASSISTANTS, MANAGERS } from '../users/groups.ts'

const DEFAULT_REGISTRANTS: readonly string[] = [CASEWORKERS, MANAGERS, ADMINS]

const REGISTRANTS: Readonly<Record<string, readonly string[]>> = {
  'blue-card': [CASEWORKERS, FAMILY_ASSISTANTS, MANAGERS, BLUE_CARD_TEAM],
}

export function registrantGroups(procedure: string): readonly string[] {
  return Object.hasOwn(REGISTRANTS, procedure) ? REGISTRANTS[procedure] : DEFAULT_REGISTRANTS
}

export function mayRegister(user: Pick<AuthUser, 'groups'>, procedure: string): boolean {
  return registrantGroups(procedure).some((g) => user.groups.includes(g))
}

/** Whether the person may register a case of any procedure (the "new application" link). */
export function mayRegisterAny(user: Pick<AuthUser, 'groups'>): boolean {
  return [DEFAULT_REGISTRANTS, ...Object.values(REGISTRANTS)].some((groups) => groups.some((g) => user.groups.includes(g)))
}
