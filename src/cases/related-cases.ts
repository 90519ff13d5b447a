// The applicant's other cases, for the case page: every case in which a person with the applicant's PESEL appears
// (as applicant or household member), that the viewer may open. A case of the same procedure and benefit still
// open is marked as a possible duplicate (a second application for the same help). Cases the viewer may not open
// (Blue Card) are left out without a trace. Reading the list is audited with the count only.
import type { Actor } from '../users/actor.ts'
import { recordAudit } from './audit.ts'
import { mayAccessCase } from './case-access.ts'
import type { ServiceDeps } from './deps.ts'

export interface RelatedCase {
  id: string
  number: string | null
  procedure: string
  benefit: string | null
  status: string
  receivedAt: string
  /** the person's role there: applicant or household */
  role: string
  possibleDuplicate: boolean
}

const LIMIT = 50

export async function relatedCases(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  kase: { id: string; procedure: string; benefit: string | null; applicantPesel: string | null },
): Promise<RelatedCase[]> {
  if (!kase.applicantPesel) return []
  const persons = await deps.prisma.person.findMany({
    where: { pesel: kase.applicantPesel, caseId: { not: kase.id } },
    select: { role: true, case: { select: { id: true, number: true, procedure: true, benefit: true, status: true, receivedAt: true, ownerGroup: true } } },
    orderBy: { case: { receivedAt: 'desc' } },
    take: LIMIT,
  })
  const seen = new Set<string>()
  const out: RelatedCase[] = []
  for (const { role, case: other } of persons) {
    if (seen.has(other.id)) continue
    seen.add(other.id)
    if (!(await mayAccessCase(deps.prisma, actor.user, other.id, other))) continue
    out.push({
      id: other.id,
      number: other.number,
      procedure: other.procedure,
      benefit: other.benefit,
      status: other.status,
      receivedAt: other.receivedAt.toISOString().slice(0, 10),
      role,
      possibleDuplicate: other.status === 'open' && other.procedure === kase.procedure && other.benefit === kase.benefit,
    })
  }
  if (out.length > 0) await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'case.related-read', caseId: kase.id, details: { count: out.length } })
  return out
}
