// Rows for web tests: inbox tasks as an engine would write them, and forms.
import { randomUUID } from 'node:crypto'
import type { Prisma, PrismaClient, Task } from '../../src/generated/prisma/client.ts'

let seq = 0

export async function insertTask(prisma: PrismaClient, overrides: Partial<Prisma.TaskUncheckedCreateInput> = {}): Promise<Task> {
  seq++
  return prisma.task.create({
    data: {
      engine: 'embedded',
      engineKey: `exec-${randomUUID()}`,
      instanceId: 'instance-1',
      processId: 'benefit-application',
      elementId: 'Task_familyInterview',
      name: `Zadanie ${seq}`,
      candidateGroups: ['caseworkers'],
      candidateUsers: [],
      createdAt: new Date(Date.UTC(2026, 2, 1, 8, 0, seq)),
      ...overrides,
    },
  })
}

export const interviewForm = {
  id: 'web-interview',
  components: [
    { type: 'text', id: 'intro', text: 'Wywiad <b>środowiskowy</b>' },
    { type: 'datetime', id: 'f1', key: 'interviewDate', label: 'Data wywiadu', subtype: 'date', validate: { required: true } },
    {
      type: 'select', id: 'f2', key: 'assistanceReason', label: 'Powód', validate: { required: true },
      values: [{ label: 'Ubóstwo', value: 'poverty' }, { label: 'Bezrobocie', value: 'unemployment' }],
    },
    { type: 'number', id: 'f3', key: 'householdSizeConfirmed', label: 'Liczba osób', validate: { required: true, min: 1, max: 30 } },
    { type: 'textarea', id: 'f4', key: 'situationDescription', label: 'Opis sytuacji', validate: { required: true, minLength: 10 } },
    { type: 'textfield', id: 'f5', key: 'postcode', label: 'Kod pocztowy', validate: { pattern: '^\\d{2}-\\d{3}$' } },
    { type: 'checkbox', id: 'f6', key: 'cooperates', label: 'Współpracuje' },
  ],
}

/** interviewForm as the engine accepts it: a form text with an HTML tag is refused at deployment (form-js would hide
 * it); the tag stays in interviewForm, which tests write to the database directly to check escaping. */
export const deployableInterviewForm = {
  ...interviewForm,
  components: interviewForm.components.map((c) => (c.id === 'intro' ? { ...c, text: 'Wywiad środowiskowy' } : c)),
}

export const validInterview = {
  interviewDate: '2026-03-09',
  assistanceReason: 'poverty',
  householdSizeConfirmed: 3,
  situationDescription: 'Rodzina w trudnej sytuacji.',
  cooperates: true,
}

export async function insertForm(prisma: PrismaClient, schema: { id: string } & Record<string, unknown> = interviewForm, version = 1): Promise<void> {
  await prisma.formDefinition.create({
    data: { formId: schema.id, version, schema: schema as Prisma.InputJsonValue, checksum: `c${version}` },
  })
}

/** A valid PESEL for a birth date in the 1900s or 2000s with the given 4-digit serial. */
export function pesel(birth: string, serial: number): string {
  const [y, m, d] = birth.split('-').map(Number)
  const month = y >= 2000 ? m + 20 : m
  const body = `${String(y % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(d).padStart(2, '0')}${String(serial).padStart(4, '0')}`
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
  const sum = [...body].reduce((acc, ch, i) => acc + Number(ch) * weights[i], 0)
  return body + String((10 - (sum % 10)) % 10)
}

export const APPLICANT_PESEL = pesel('1980-05-14', 1234)
export const SPOUSE_PESEL = pesel('1982-11-02', 2345)
export const CHILD_PESEL = pesel('2012-07-21', 3456)

export function benefitApplication(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    procedure: 'benefit-application',
    receivedAt: '2026-03-09',
    urgent: false,
    benefit: 'zasilek-okresowy',
    applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' },
    household: [
      { pesel: SPOUSE_PESEL, firstName: 'Piotr', lastName: 'Nowak' },
      { pesel: CHILD_PESEL, firstName: 'Ola', lastName: 'Nowak' },
    ],
    incomes: [
      { pesel: APPLICANT_PESEL, monthlyNet: 1200.5 },
      { pesel: SPOUSE_PESEL, monthlyNet: 800 },
    ],
    ...overrides,
  }
}
