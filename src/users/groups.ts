// The standard groups. Keys are what BPMN candidateGroups name; names are shown to people (Polish).

export const CASEWORKERS = 'caseworkers'
export const MANAGERS = 'managers'
export const FAMILY_ASSISTANTS = 'family-assistants'
export const ADMINS = 'admins'

export const STANDARD_GROUPS: readonly { key: string; name: string }[] = [
  { key: CASEWORKERS, name: 'Pracownicy socjalni' },
  { key: MANAGERS, name: 'Kierownicy' },
  { key: FAMILY_ASSISTANTS, name: 'Asystenci rodziny' },
  { key: ADMINS, name: 'Administratorzy' },
]

/** Managers and administrators see every case and may take a task back from its assignee. */
export function isPrivileged(groups: readonly string[]): boolean {
  return groups.includes(MANAGERS) || groups.includes(ADMINS)
}
