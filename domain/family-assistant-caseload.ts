// The caseload cap of a family assistant (asystent rodziny, UWR art. 15 ust. 4): at most 15 families at a
// time (the original text said 20; the date of the change is UNCONFIRMED). The cap is dated data, taken as
// in force on the day of the assignment. Pure: the count of the assistant's active families is passed in.
import type { IsoDate } from './local-date.ts'
import { parameterEntryOn } from './procedure-parameters.ts'

export interface CaseloadCheck {
  cap: number
  /** Families the assistant works with now, this one not included. */
  activeFamilies: number
  /** True when one more family stays within the cap. */
  allowed: boolean
  legalBasis: string
}

export function checkFamilyAssistantCaseload(activeFamilies: number, assignedOn: IsoDate): CaseloadCheck {
  if (!Number.isInteger(activeFamilies) || activeFamilies < 0) throw new RangeError('activeFamilies must be a whole number ≥ 0')
  const entry = parameterEntryOn('familyAssistantMaxFamilies', assignedOn)
  return { cap: entry.value, activeFamilies, allowed: activeFamilies + 1 <= entry.value, legalBasis: entry.legalBasis }
}
