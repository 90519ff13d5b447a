// The standard groups. Keys are what BPMN candidateGroups name; names are shown to people (Polish).

export const CASEWORKERS = 'caseworkers'
export const MANAGERS = 'managers'
export const FAMILY_ASSISTANTS = 'family-assistants'
export const ADMINS = 'admins'
/** Grupa diagnostyczno-pomocowa (Blue Card, UPPD art. 9a–9c): the group the blue-card procedure is restricted to by
 * default (which groups may see a procedure's cases and tasks is data: src/procedures/procedure-restrictions.ts). */
export const BLUE_CARD_TEAM = 'blue-card-team'
/** Psychologists giving immediate help in crisis intervention (UPS art. 47). */
export const PSYCHOLOGISTS = 'psychologists'

export const STANDARD_GROUPS: readonly { key: string; name: string }[] = [
  { key: CASEWORKERS, name: 'Pracownicy socjalni' },
  { key: MANAGERS, name: 'Kierownicy' },
  { key: FAMILY_ASSISTANTS, name: 'Asystenci rodziny' },
  { key: ADMINS, name: 'Administratorzy' },
  { key: BLUE_CARD_TEAM, name: 'Grupa diagnostyczno-pomocowa (Niebieska Karta)' },
  { key: PSYCHOLOGISTS, name: 'Psycholodzy (interwencja kryzysowa)' },
]

/** The name people read for a group key (the key itself for a group the system does not know). */
export function groupName(key: string): string {
  return STANDARD_GROUPS.find((g) => g.key === key)?.name ?? key
}

/** Managers and administrators see every case (except those of restricted procedures they are not allowed in) and may
 * take a task back from its assignee. */
export function isPrivileged(groups: readonly string[]): boolean {
  return groups.includes(MANAGERS) || groups.includes(ADMINS)
}
