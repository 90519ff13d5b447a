// A task as the inbox lists it: the summary plus business columns read from its case (number, applicant's
// surname and initial, benefit) and deadline marks (days left, overdue, at risk).
import type { PrismaClient, Task } from '../generated/prisma/client.ts'
import { deadlineMarks } from './task-deadline.ts'
import { toTaskSummary, type TaskSummary } from './task-view.ts'

export interface InboxItem extends TaskSummary {
  processId: string
  elementId: string
  createdAt: string
  completedAt: string | null
  /** the absent person this task was meant for, when it was routed to a substitute */
  substituteFor: string | null
  caseNumber: string | null
  /** "Nowak A." */
  applicant: string | null
  /** benefit key of the case (e.g. "zasilek-okresowy") */
  benefit: string | null
  /** Warsaw calendar days to the due date; negative when past */
  daysLeft: number | null
  overdue: boolean
  atRisk: boolean
}

export function applicantLabel(person: { firstName: string; lastName: string }): string {
  const initial = [...person.firstName.trim()][0]
  return initial ? `${person.lastName} ${initial.toUpperCase()}.` : person.lastName
}

export async function toInboxItems(prisma: PrismaClient, tasks: readonly Task[], now: Date): Promise<InboxItem[]> {
  const caseIds = [...new Set(tasks.map((t) => t.caseId).filter((id): id is string => id !== null))]
  const [cases, applicants] = caseIds.length === 0
    ? [[], []]
    : await Promise.all([
      prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, number: true, benefit: true } }),
      prisma.person.findMany({
        where: { caseId: { in: caseIds }, role: 'applicant' },
        select: { caseId: true, firstName: true, lastName: true },
        orderBy: { id: 'asc' },
      }),
    ])
  const caseById = new Map(cases.map((c) => [c.id, c]))
  const applicantByCase = new Map<string, string>()
  for (const p of applicants) if (!applicantByCase.has(p.caseId)) applicantByCase.set(p.caseId, applicantLabel(p))
  return tasks.map((task) => {
    const kase = task.caseId ? caseById.get(task.caseId) : undefined
    return {
      ...toTaskSummary(task),
      processId: task.processId,
      elementId: task.elementId,
      createdAt: task.createdAt.toISOString(),
      completedAt: task.completedAt ? task.completedAt.toISOString() : null,
      substituteFor: task.substituteFor,
      caseNumber: kase?.number ?? null,
      applicant: task.caseId ? (applicantByCase.get(task.caseId) ?? null) : null,
      benefit: kase?.benefit ?? null,
      ...deadlineMarks(task.dueAt, now, task.status === 'open'),
    }
  })
}
