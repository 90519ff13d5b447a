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

export const DECEASED_PESEL = pesel('1950-04-02', 4321)

export function funeralRegistration(form: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    procedure: 'municipal-funeral',
    receivedAt: '2026-03-09',
    form: {
      deceasedFirstName: 'Stefan',
      deceasedLastName: 'Wiśniewski',
      deceasedPesel: DECEASED_PESEL,
      dateOfDeath: '2026-03-05',
      placeOfDeath: 'Szpital Miejski, Koszalin',
      relativesKnown: false,
      reporterKind: 'hospital',
      reporterName: 'Szpital Miejski w Koszalinie',
      ...form,
    },
  }
}

export function crisisRegistration(form: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    procedure: 'crisis-intervention',
    receivedAt: '2026-03-09',
    form: {
      personFirstName: 'Ewa',
      personLastName: 'Zielińska',
      reportedAt: '2026-03-09T15:00',
      crisisKind: 'homelessness',
      situation: 'Pożar mieszkania, rodzina bez dachu nad głową.',
      immediateDanger: false,
      childrenAffected: true,
      reportedBy: 'police',
      ...form,
    },
  }
}

export function zaZyciemRegistration(form: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    procedure: 'za-zyciem-coordination',
    receivedAt: '2026-03-09',
    form: {
      applicantFirstName: 'Maria',
      applicantLastName: 'Lewandowska',
      applicantPesel: APPLICANT_PESEL,
      applicantRole: 'mother',
      eligibility: 'pregnancy',
      expectedDueDate: '2026-06-20',
      complicatedPregnancy: true,
      medicalCertificate: true,
      supportRequested: ['psychological', 'medical'],
      ...form,
    },
  }
}

export function familyAssistantRegistration(form: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    procedure: 'family-assistant',
    receivedAt: '2026-03-09',
    form: {
      familyContactFirstName: 'Katarzyna',
      familyContactLastName: 'Wójcik',
      familyAddress: 'ul. Polna 3, Koszalin',
      childrenCount: 3,
      familySituation: 'Trudności w organizacji opieki nad dziećmi.',
      referralSource: 'court',
      courtOrder: true,
      ...form,
    },
  }
}
