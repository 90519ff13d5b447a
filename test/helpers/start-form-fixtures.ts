// Registration bodies of the shipped procedures' start forms (processes/forms/*-start.form), for tests.
import { APPLICANT_PESEL, pesel } from './web-fixtures.ts'

export const PERPETRATOR_PESEL = pesel('1978-01-15', 5678)

export function blueCardRegistration(form: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    procedure: 'blue-card',
    receivedAt: '2026-03-09',
    form: {
      victimFirstName: 'Anna',
      victimLastName: 'Nowak',
      victimPesel: APPLICANT_PESEL,
      perpetratorFirstName: 'Jan',
      perpetratorLastName: 'Nowak',
      perpetratorPesel: PERPETRATOR_PESEL,
      perpetratorRelation: 'mąż',
      perpetratorPresent: false,
      perpetratorLivesWithVictim: true,
      childrenInHousehold: 2,
      childWitnessed: true,
      filledByInstitution: 'police',
      filledByName: 'asp. Piotr Kowalski, dzielnicowy',
      ...form,
    },
    ...overrides,
  }
}
