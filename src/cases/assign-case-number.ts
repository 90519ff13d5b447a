// Case numbers (sygnatura) "<prefix>.<n>.<year>": one counter per prefix and year, a number given once per case.
import type { Prisma } from '../generated/prisma/client.ts'
import { toIsoDate } from '../../domain/local-date.ts'

/** Gives the case its number unless it has one; returns the number, or null when the case does not exist. */
export async function assignCaseNumber(
  tx: Prisma.TransactionClient,
  caseId: string,
  prefix: string,
  now: Date,
  actorId: string | null = null,
): Promise<string | null> {
  const existing = await tx.case.findUnique({ where: { id: caseId }, select: { number: true } })
  if (!existing) return null
  if (existing.number) return existing.number
  const year = toIsoDate(now).slice(0, 4)
  const counter = await tx.caseNumberCounter.upsert({
    where: { prefix: `${prefix}/${year}` },
    create: { prefix: `${prefix}/${year}`, last: 1 },
    update: { last: { increment: 1 } },
  })
  const number = `${prefix}.${counter.last}.${year}`
  const updated = await tx.case.updateMany({ where: { id: caseId, number: null }, data: { number } })
  if (updated.count === 0) {
    const again = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { number: true } })
    return again.number
  }
  await tx.caseEvent.create({ data: { caseId, type: 'number-assigned', data: { number }, at: now, actorId } })
  return number
}
