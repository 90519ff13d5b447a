// Rows for inbox tests: a case with a number, a benefit and an applicant (as registration would store them),
// and a capturing logger to check that no personal data is logged.
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import { createLogger, type Logger } from '../../src/logger.ts'

let caseSeq = 0

export async function insertCase(
  prisma: PrismaClient,
  options: { number?: string | null; benefit?: string | null; applicant?: { firstName: string; lastName: string }; ownerGroup?: string; procedure?: string } = {},
): Promise<{ id: string; number: string | null }> {
  caseSeq++
  const kase = await prisma.case.create({
    data: {
      procedure: options.procedure ?? 'benefit-application',
      receivedAt: new Date('2026-03-02'),
      number: options.number === undefined ? `OPS.8311.${caseSeq}.2026` : options.number,
      benefit: options.benefit === undefined ? 'zasilek-okresowy' : options.benefit,
      ownerGroup: options.ownerGroup ?? 'caseworkers',
    },
  })
  if (options.applicant) {
    await prisma.person.create({ data: { caseId: kase.id, role: 'applicant', firstName: options.applicant.firstName, lastName: options.applicant.lastName } })
    await prisma.person.create({ data: { caseId: kase.id, role: 'household', firstName: 'Zofia', lastName: 'Domownik' } })
  }
  return { id: kase.id, number: kase.number }
}

/** A debug-level logger that keeps every line in `lines`. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  return { logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }), lines }
}
