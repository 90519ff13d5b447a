// The save's inserts of new instance, job and inbox-task rows as plain INSERT statements. Prisma's create and
// createManyAndReturn cost several times a plain statement for rows carrying JSON (the variables): measured on
// PGlite, 5.6 ms against 1.2 ms for one job row with 1.4 KB of variables (bench/RESULTS.md §1i). Every column is
// named; ids are made here (Prisma's @default(uuid()) is the client's, not the database's). A row whose unique
// key exists already is skipped (ON CONFLICT DO NOTHING), as createMany's skipDuplicates did.
import { randomUUID } from 'node:crypto'
import { Prisma } from '../../src/generated/prisma/client.ts'

type Tx = Prisma.TransactionClient

const json = (value: unknown) => Prisma.sql`${JSON.stringify(value ?? null)}::jsonb`
const timestamp = (value: Date | null | undefined) => Prisma.sql`${value ?? null}::timestamp(3)`

export interface NewInstanceRow {
  id: string
  definitionId: string
  processId: string
  businessKey: string | null
  status: string
  /** bpmn-engine's state; undefined: none (an instance that ended in its first step). */
  state: unknown
  variablesJson: string
  revision: number
  startedAt: Date
  endedAt: Date | null
  trail: readonly unknown[]
}

export async function insertInstanceRow(tx: Tx, row: NewInstanceRow): Promise<void> {
  await tx.$executeRaw`INSERT INTO "ProcessInstance" ("id", "definitionId", "processId", "businessKey", "status", "state", "variables", "revision", "startedAt", "endedAt", "trail", "engine")
    VALUES (${row.id}, ${row.definitionId}, ${row.processId}, ${row.businessKey}, ${row.status}, ${row.state === undefined ? null : JSON.stringify(row.state)}::jsonb,
      ${row.variablesJson}::jsonb, ${row.revision}, ${timestamp(row.startedAt)}, ${timestamp(row.endedAt)}, ${json(row.trail)}, 'embedded')`
}

export interface NewJobRow {
  id?: string
  instanceId: string
  elementId: string
  executionId: string
  type: string
  status: string
  retries: number
  dueAt: Date
  lockedUntil?: Date | null
  attempts?: number
  variables: unknown
  headers: unknown
  result?: unknown
  errorCode?: string | null
  createdAt: Date
  updatedAt: Date
}

/** Inserts the rows; gives those inserted (not the ones whose executionId existed already). */
export function insertJobRows(tx: Tx, rows: readonly NewJobRow[]): Promise<{ id: string; executionId: string; dueAt: Date; type: string }[]> {
  const values = rows.map(
    (r) => Prisma.sql`(${r.id ?? randomUUID()}, ${r.instanceId}, ${r.elementId}, ${r.executionId}, ${r.type}, ${r.status}, ${r.retries}, ${timestamp(r.dueAt)},
      ${timestamp(r.lockedUntil)}, ${r.attempts ?? 0}, ${json(r.variables ?? {})}, ${json(r.headers ?? {})}, ${r.result === undefined ? null : JSON.stringify(r.result)}::jsonb,
      ${r.errorCode ?? null}, ${timestamp(r.createdAt)}, ${timestamp(r.updatedAt)})`,
  )
  return tx.$queryRaw`INSERT INTO "Job" ("id", "instanceId", "elementId", "executionId", "type", "status", "retries", "dueAt", "lockedUntil", "attempts", "variables", "headers", "result", "errorCode", "createdAt", "updatedAt")
    VALUES ${Prisma.join(values)} ON CONFLICT DO NOTHING RETURNING "id", "executionId", "dueAt", "type"`
}

export interface NewTaskRow {
  engineKey: string
  instanceId: string
  caseId: string | null
  processId: string
  elementId: string
  name: string
  candidateGroups: string[]
  candidateUsers: string[]
  assignee: string | null
  dueAt: Date | null
  followUpAt: Date | null
  priority: number
  formKey: string | null
  properties: unknown
  variables: unknown
  createdAt: Date
}

/**
 * Inserts open embedded-engine tasks; gives those inserted. Each keeps the form version current at its creation
 * (Camunda's default "latest" binding), read by the insert itself.
 */
export function insertTaskRows(tx: Tx, rows: readonly NewTaskRow[]): Promise<{ id: string; engineKey: string }[]> {
  const values = rows.map(
    (r) => Prisma.sql`(${randomUUID()}, 'embedded', ${r.engineKey}, ${r.instanceId}, ${r.caseId}, ${r.processId}, ${r.elementId}, ${r.name}, ${r.candidateGroups}::text[],
      ${r.candidateUsers}::text[], ${r.assignee}, ${timestamp(r.dueAt)}, ${timestamp(r.followUpAt)}, ${r.priority}, ${r.formKey},
      ${r.formKey ? Prisma.sql`(SELECT max("version") FROM "FormDefinition" WHERE "formId" = ${r.formKey})` : Prisma.sql`NULL::integer`},
      'open', ${json(r.properties ?? {})}, ${json(r.variables ?? {})}, 0, ${timestamp(r.createdAt)})`,
  )
  return tx.$queryRaw`INSERT INTO "Task" ("id", "engine", "engineKey", "instanceId", "caseId", "processId", "elementId", "name", "candidateGroups", "candidateUsers", "assignee",
      "dueAt", "followUpAt", "priority", "formKey", "formVersion", "status", "properties", "variables", "revision", "createdAt")
    VALUES ${Prisma.join(values)} ON CONFLICT DO NOTHING RETURNING "id", "engineKey"`
}
