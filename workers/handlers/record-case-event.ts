// record-case-event: writes one entry into the case history, once per job. Inputs (zeebe:ioMapping):
// eventType (a key of the history labels, e.g. "sko-ruling") and eventData (a FEEL context of ids, codes,
// dates and amounts: never personal data) and, when a person's action caused the entry, actorId (`=recordedBy`:
// the id of who completed the task or recorded the event; workers/recorded-by.ts).
import { complete, fail, type JobHandler } from '../../engine/job.ts'
import type { Prisma } from '../../src/generated/prisma/client.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { once } from '../once.ts'
import { recordedByOf } from '../recorded-by.ts'
import { TaskType } from '../task-types.ts'

export interface RecordCaseEventInput {
  caseId?: string
  eventType?: string
  eventData?: Record<string, unknown> | null
  actorId?: string | null
}

export function createRecordCaseEventHandler(deps: HandlerDeps): JobHandler<RecordCaseEventInput> {
  return {
    taskType: TaskType.recordCaseEvent,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const caseId = job.variables.caseId ?? job.businessKey
      const type = job.variables.eventType
      if (!caseId) return fail('record-case-event needs caseId')
      if (typeof type !== 'string' || !/^[a-z][a-z0-9-]{0,60}$/.test(type)) return fail('record-case-event needs an eventType such as "sko-ruling"')
      const data = job.variables.eventData && typeof job.variables.eventData === 'object' ? job.variables.eventData : {}
      await once(deps, `${TaskType.recordCaseEvent}:${job.key}`, async (tx) => {
        const actorId = recordedByOf(job.variables, 'actorId')
        await tx.caseEvent.create({ data: { caseId, type, at: deps.clock.now(), actorId, data: data as Prisma.InputJsonValue } })
        return {}
      }, context)
      return complete()
    },
  }
}
