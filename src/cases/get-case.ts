// Reads one case for a user who may see it. Every read — and every refused read — is in the audit log.
import type { Actor } from '../users/actor.ts'
import { taskOrder, toTaskSummary, type TaskSummary } from '../inbox/task-view.ts'
import { recordAudit } from './audit.ts'
import { mayAccessCase } from './case-access.ts'
import type { ServiceDeps } from './deps.ts'
import { ServiceError } from './service-error.ts'

export interface PersonView {
  id: string
  pesel: string | null
  firstName: string
  lastName: string
}

export interface CaseView {
  id: string
  number: string | null
  procedure: string
  status: string
  /** True while the procedure's start is pending (being started or retried: start-case-process.ts). */
  startPending: boolean
  /** Start attempts made so far (the registration's own is the first). */
  startAttempts: number
  outcome: string | null
  receivedAt: string
  urgent: boolean
  benefit: string | null
  applicant: PersonView | null
  household: PersonView[]
  incomes: { pesel: string; monthlyNet: number }[]
  history: { at: string; type: string; actor: string | null; data: unknown }[]
  openTasks: TaskSummary[]
  /** What the registration took from the procedure's start form (Case.startForm); null without one. */
  registration: RegistrationData | null
}

export interface RegistrationData {
  formId: string
  version: number
  values: Record<string, unknown>
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function registrationData(raw: unknown): RegistrationData | null {
  if (!isObject(raw) || typeof raw.formId !== 'string' || typeof raw.version !== 'number' || !isObject(raw.values)) return null
  return { formId: raw.formId, version: raw.version, values: raw.values }
}

const personView = (p: PersonView): PersonView => ({ id: p.id, pesel: p.pesel, firstName: p.firstName, lastName: p.lastName })

export async function getCase(deps: Pick<ServiceDeps, 'prisma' | 'clock'>, actor: Actor, caseId: string): Promise<CaseView> {
  const { prisma } = deps
  const kase = await prisma.case.findUnique({
    where: { id: caseId },
    include: {
      persons: { orderBy: { id: 'asc' } },
      incomes: { orderBy: { id: 'asc' } },
      events: { orderBy: { at: 'asc' } },
    },
  })
  if (!kase) throw new ServiceError('NOT_FOUND', 'No such case.')
  if (!(await mayAccessCase(prisma, actor.user, caseId, kase))) {
    await recordAudit(prisma, actor, deps.clock.now(), { action: 'case.read-denied', caseId })
    throw new ServiceError('FORBIDDEN', 'You may not see this case.')
  }
  await recordAudit(prisma, actor, deps.clock.now(), { action: 'case.read', caseId })

  const actorIds = [...new Set(kase.events.map((e) => e.actorId).filter((id): id is string => id !== null))]
  const actors = new Map(
    (await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, login: true } })).map((u) => [u.id, u.login]),
  )
  const tasks = await prisma.task.findMany({ where: { caseId, status: 'open' }, orderBy: [...taskOrder] })
  const applicant = kase.persons.find((p) => p.role === 'applicant')

  return {
    id: kase.id,
    number: kase.number,
    procedure: kase.procedure,
    status: kase.status,
    startPending: kase.startPendingSince !== null,
    startAttempts: kase.startAttempts,
    outcome: kase.outcome,
    receivedAt: kase.receivedAt.toISOString().slice(0, 10),
    urgent: kase.urgent,
    benefit: kase.benefit,
    applicant: applicant ? personView(applicant) : null,
    household: kase.persons.filter((p) => p.role !== 'applicant').map(personView),
    incomes: kase.incomes.map((i) => ({ pesel: i.pesel, monthlyNet: Number(i.monthlyNet.toString()) })),
    registration: registrationData(kase.startForm),
    history: kase.events.map((e) => ({
      at: e.at.toISOString(),
      type: e.type,
      actor: e.actorId ? (actors.get(e.actorId) ?? null) : null,
      data: e.data,
    })),
    openTasks: tasks.map(toTaskSummary),
  }
}
