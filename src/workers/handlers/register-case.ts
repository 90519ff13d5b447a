// register-case: gives the case its number (sygnatura) "<prefix>.<n>.<year>", once, however often the job runs.
import { complete, fail, type JobHandler } from '../../engine/job.ts'
import { toIsoDate } from '../../domain/local-date.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { TaskType } from '../task-types.ts'

export interface RegisterCaseInput {
  caseId: string
}

export function createRegisterCaseHandler(deps: HandlerDeps): JobHandler<RegisterCaseInput> {
  return {
    taskType: TaskType.registerCase,
    async handle(job) {
      const caseId = job.variables.caseId ?? job.businessKey
      if (!caseId) return fail('register-case needs caseId')
      const number = await deps.prisma.$transaction(async (tx) => {
        const existing = await tx.case.findUnique({ where: { id: caseId }, select: { number: true } })
        if (!existing) return null
        if (existing.number) return existing.number
        const year = toIsoDate(deps.clock.now()).slice(0, 4)
        const counter = await tx.caseNumberCounter.upsert({
          where: { prefix: `${deps.caseNumberPrefix}/${year}` },
          create: { prefix: `${deps.caseNumberPrefix}/${year}`, last: 1 },
          update: { last: { increment: 1 } },
        })
        const assigned = `${deps.caseNumberPrefix}.${counter.last}.${year}`
        await tx.case.update({ where: { id: caseId }, data: { number: assigned } })
        await tx.caseEvent.create({ data: { caseId, type: 'number-assigned', data: { number: assigned }, at: deps.clock.now() } })
        return assigned
      })
      if (!number) return fail(`case ${caseId} not found`)
      return complete({ caseNumber: number })
    },
  }
}
