// Seeds an inbox for bench/inbox-latency.ts with set-based SQL (generate_series, INSERT … SELECT): `open` open
// tasks on as many cases (one applicant each, a household member for a third of them), and `completed` completed
// tasks on the same cases (their earlier steps). Tasks are spread over the six procedures' real user tasks and
// their candidate groups, ~55 % held by someone of the group, due dates from 30 days overdue to 60 days ahead
// (10 % without), creation over the last 60 days, priorities 20/50/80; completed tasks over the last year.
// Deterministic: the same sizes give the same rows on PGlite and PostgreSQL (ids are md5-based UUIDs, spreads
// come from hashint4). Rows go straight into the tables: this measures the inbox queries, not the engine.
import type { PrismaClient } from '../../src/generated/prisma/client.ts'

/** The user tasks the rows copy, 20 equal slots (benefit application half of them). */
const SLOTS: [process: string, element: string, name: string, group: string][] = [
  ['benefit-application', 'Task_familyInterview', 'Rodzinny wywiad środowiskowy', 'caseworkers'],
  ['benefit-application', 'Task_familyInterview', 'Rodzinny wywiad środowiskowy', 'caseworkers'],
  ['benefit-application', 'Task_familyInterview', 'Rodzinny wywiad środowiskowy', 'caseworkers'],
  ['benefit-application', 'Task_draftDecision', 'Projekt decyzji', 'caseworkers'],
  ['benefit-application', 'Task_draftDecision', 'Projekt decyzji', 'caseworkers'],
  ['benefit-application', 'Task_approveDecision', 'Zatwierdzenie decyzji', 'managers'],
  ['benefit-application', 'Task_appealWindow', 'Bieg terminu na odwołanie', 'caseworkers'],
  ['benefit-application', 'Task_appealWindow', 'Bieg terminu na odwołanie', 'caseworkers'],
  ['benefit-application', 'Task_forwardToSko', 'Przekazanie akt do SKO', 'caseworkers'],
  ['benefit-application', 'Task_interviewUpdate', 'Aktualizacja wywiadu', 'caseworkers'],
  ['crisis-intervention', 'Task_triage', 'Ocena sytuacji kryzysowej (triaż)', 'caseworkers'],
  ['crisis-intervention', 'Task_psychologicalHelp', 'Pomoc psychologiczna', 'psychologists'],
  ['crisis-intervention', 'Task_followUpVisit', 'Wizyta monitorująca', 'caseworkers'],
  ['family-assistant', 'Task_consent', 'Analiza sytuacji rodziny i zgoda na asystenta', 'caseworkers'],
  ['family-assistant', 'Task_workPlan', 'Plan pracy z rodziną', 'family-assistants'],
  ['family-assistant', 'Task_assessment', 'Okresowa ocena sytuacji rodziny', 'family-assistants'],
  ['municipal-funeral', 'Task_establishRelatives', 'Ustalenie, czy osoby bliskie sprawią pogrzeb', 'caseworkers'],
  ['municipal-funeral', 'Task_payInvoice', 'Opłacenie faktury zakładu pogrzebowego', 'managers'],
  ['za-zyciem-coordination', 'Task_catalogue', 'Katalog wsparcia i pisemna odpowiedź', 'family-assistants'],
  ['blue-card', 'Task_monitoring', 'Realizacja planu pomocy i monitorowanie', 'blue-card-team'],
]

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`)

/** Who may hold a task of each group (logins; no User rows are needed for the inbox queries). */
export const POOLS: Record<string, string[]> = {
  caseworkers: ['pracownik', 'pracownik2', ...range('pw', 3, 25)],
  'family-assistants': ['asystent', ...range('fa', 2, 6)],
  managers: ['kierownik', 'admin', 'kw03'],
  psychologists: range('ps', 1, 3),
  'blue-card-team': range('bc', 1, 4),
}

const COMMON_SURNAMES = [
  'Nowak', 'Kowalska', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamińska', 'Lewandowski', 'Zielińska', 'Szymański',
  'Woźniak', 'Dąbrowska', 'Kozłowski', 'Jankowska', 'Mazur', 'Kwiatkowski', 'Krawczyk', 'Kaczmarek', 'Piotrowska',
  'Grabowski', 'Zając', 'Pawłowska', 'Michalski', 'Król', 'Wieczorek',
]
const SURNAME_ROOTS = ['Adam', 'Bart', 'Cich', 'Domin', 'Gór', 'Jabłoń', 'Krupi', 'Lis', 'Marci', 'Pawl', 'Sob', 'Urban', 'Walcz', 'Zaw']
const SURNAME_ENDINGS = ['ski', 'ska', 'czyk', 'ek', 'owicz', 'iak']
const FIRST_NAMES = ['Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Jan', 'Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Ewa', 'Paweł']

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`
const arr = (xs: readonly string[]) => `ARRAY[${xs.map(lit).join(',')}]`
/** A deterministic spread 0 … 2^32−1 of a row number (different salts give independent-looking spreads). */
const h = (expr: string, salt: number) => `(hashint4((${expr}) * 7 + ${salt})::bigint + 2147483648)`
const caseId = (expr: string) => `md5('case-' || (${expr}))::uuid::text`

const SLOTS_CTE = `slots(slot, proc, el, name, grp) AS (VALUES ${SLOTS.map(([p, e, n, g], i) => `(${i}, ${lit(p)}, ${lit(e)}, ${lit(n)}, ${lit(g)})`).join(', ')})`

function pool(group: string, hash: string): string {
  return `CASE ${group} ${Object.entries(POOLS).map(([g, logins]) => `WHEN ${lit(g)} THEN (${arr(logins)})[(1 + ${hash} % ${logins.length})::int]`).join(' ')} END`
}

function taskVariables(caseExpr: string, g: string): string {
  return `jsonb_build_object('caseId', ${caseId(caseExpr)}, 'receivedAt', '2026-03-02', 'urgent', false,
    'benefit', 'zasilek-okresowy', 'householdSize', 1 + ${h(caseExpr, 30)} % 5,
    'incomes', jsonb_build_array(jsonb_build_object('monthlyNet', 900), jsonb_build_object('monthlyNet', 0)),
    'caseNumber', 'OPS.8311.' || (${caseExpr}) || '.2026', 'interviewDueAt', '2026-03-20T22:59:59.000Z',
    'decisionDueAt', '2026-04-02T21:59:59.000Z', 'row', ${g})`
}

export interface SeedCounts {
  cases: number
  persons: number
  openTasks: number
  completedTasks: number
}

/** Empties every table but _prisma_migrations (the scratch database or a fresh temporary PGlite only). */
export async function emptyTables(prisma: PrismaClient): Promise<void> {
  const rows = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  )
  if (rows.length) await prisma.$executeRawUnsafe(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`)
}

/** Inserts the rows (into empty tables), then VACUUM ANALYZE as the app's maintenance / autovacuum would. */
export async function seedInbox(prisma: PrismaClient, open: number, completed: number, now: Date): Promise<SeedCounts> {
  const at = `TIMESTAMP ${lit(now.toISOString().replace('T', ' ').replace('Z', ''))}`
  const slotOf = (expr: string) => `${h(expr, 1)} % ${SLOTS.length}`

  await prisma.$executeRawUnsafe(`
    WITH ${SLOTS_CTE}
    INSERT INTO "Case" (id, number, procedure, status, "receivedAt", urgent, benefit, "ownerGroup", variables, "createdAt")
    SELECT ${caseId('g')}, 'OPS.8311.' || g || '.2026', s.proc, 'open',
           (${at} - (${h('g', 2)} % 90) * INTERVAL '1 day')::date,
           ${h('g', 3)} % 10 = 0,
           CASE WHEN s.proc = 'benefit-application' THEN (ARRAY['zasilek-okresowy','zasilek-staly','zasilek-celowy'])[(1 + ${h('g', 4)} % 3)::int] END,
           CASE WHEN s.grp = 'blue-card-team' THEN 'blue-card-team' ELSE 'caseworkers' END,
           '{}', ${at} - (${h('g', 2)} % 90) * INTERVAL '1 day'
    FROM generate_series(1, ${open}) g JOIN slots s ON s.slot = ${slotOf('g')}`)

  const surname = `CASE WHEN ${h('g', 5)} % 10 < 8 THEN (${arr(COMMON_SURNAMES)})[(1 + ${h('g', 6)} % ${COMMON_SURNAMES.length})::int]
    ELSE (${arr(SURNAME_ROOTS)})[(1 + ${h('g', 6)} % ${SURNAME_ROOTS.length})::int] || (${arr(SURNAME_ENDINGS)})[(1 + ${h('g', 7)} % ${SURNAME_ENDINGS.length})::int] END`
  await prisma.$executeRawUnsafe(`
    INSERT INTO "Person" (id, "caseId", role, pesel, "firstName", "lastName")
    SELECT md5('applicant-' || g)::uuid::text, ${caseId('g')}, 'applicant', NULL,
           (${arr(FIRST_NAMES)})[(1 + ${h('g', 8)} % ${FIRST_NAMES.length})::int], ${surname}
    FROM generate_series(1, ${open}) g`)
  await prisma.$executeRawUnsafe(`
    INSERT INTO "Person" (id, "caseId", role, pesel, "firstName", "lastName")
    SELECT md5('household-' || g)::uuid::text, ${caseId('g')}, 'household', NULL,
           (${arr(FIRST_NAMES)})[(1 + ${h('g', 9)} % ${FIRST_NAMES.length})::int], ${surname}
    FROM generate_series(1, ${open}) g WHERE ${h('g', 10)} % 3 = 0`)

  await prisma.$executeRawUnsafe(`
    WITH ${SLOTS_CTE}
    INSERT INTO "Task" (id, engine, "engineKey", "instanceId", "caseId", "processId", "elementId", name,
                        "candidateGroups", "candidateUsers", assignee, "dueAt", priority, "formKey", status, "createdAt",
                        variables, properties)
    SELECT md5('open-task-' || g)::uuid::text, 'embedded', 'bench-open-' || g, md5('instance-' || g)::uuid::text, ${caseId('g')},
           s.proc, s.el, s.name, ARRAY[s.grp], '{}',
           CASE WHEN ${h('g', 11)} % 100 < 55 THEN ${pool('s.grp', h('g', 12))} END,
           CASE WHEN ${h('g', 13)} % 10 = 0 THEN NULL
                ELSE ${at} + (${h('g', 14)} % 90 - 30) * INTERVAL '1 day' + (${h('g', 15)} % 24) * INTERVAL '1 hour' END,
           CASE ${h('g', 16)} % 10 WHEN 0 THEN 80 WHEN 1 THEN 20 ELSE 50 END,
           NULL, 'open',
           ${at} - (${h('g', 17)} % (60 * 24 * 60)) * INTERVAL '1 minute',
           ${taskVariables('g', 'g')}, '{}'
    FROM generate_series(1, ${open}) g JOIN slots s ON s.slot = ${slotOf('g')}`)

  // completed tasks: earlier steps of the same cases (case c = 1 + (k − 1) mod open), completed in the last year
  const c = `(1 + (k - 1) % ${open})`
  const done = `(${at} - (${h('k', 20)} % (365 * 24 * 60)) * INTERVAL '1 minute')`
  if (completed > 0) {
    await prisma.$executeRawUnsafe(`
      WITH ${SLOTS_CTE}
      INSERT INTO "Task" (id, engine, "engineKey", "instanceId", "caseId", "processId", "elementId", name,
                          "candidateGroups", "candidateUsers", assignee, "dueAt", priority, "formKey", status, "createdAt",
                          "completedAt", "completedBy", variables, properties)
      SELECT md5('completed-task-' || k)::uuid::text, 'embedded', 'bench-done-' || k, md5('instance-' || ${c})::uuid::text, ${caseId(c)},
             s.proc, s.el, s.name, ARRAY[s.grp], '{}',
             ${pool('s.grp', h('k', 21))},
             CASE WHEN ${h('k', 22)} % 10 = 0 THEN NULL ELSE ${done} + (${h('k', 23)} % 10) * INTERVAL '1 day' END,
             50, NULL, 'completed',
             ${done} - (1 + ${h('k', 24)} % 14) * INTERVAL '1 day',
             ${done}, ${pool('s.grp', h('k', 21))},
             ${taskVariables(c, 'k')}, '{}'
      FROM generate_series(1, ${completed}) k JOIN slots s ON s.slot = ${slotOf(c)}`)
  }

  for (const table of ['Case', 'Person', 'Task']) await prisma.$executeRawUnsafe(`VACUUM ANALYZE "${table}"`)
  const [counts] = await prisma.$queryRawUnsafe<{ cases: number; persons: number; open: number; completed: number }[]>(`
    SELECT (SELECT count(*) FROM "Case")::int AS cases, (SELECT count(*) FROM "Person")::int AS persons,
           (SELECT count(*) FROM "Task" WHERE status = 'open')::int AS open,
           (SELECT count(*) FROM "Task" WHERE status = 'completed')::int AS completed`)
  return { cases: counts.cases, persons: counts.persons, openTasks: counts.open, completedTasks: counts.completed }
}
