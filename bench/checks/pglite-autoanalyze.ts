// Does PGlite ever analyze a table by itself? Inserts 20 000 rows, waits past autovacuum_naptime (1 min), and
// prints the table's statistics. Backs a remark in bench/RESULTS.md (the inbox query's plan before/after ANALYZE).
//   npx tsx bench/checks/pglite-autoanalyze.ts      (about 75 s)
import { PGlite } from '@electric-sql/pglite'

const db = new PGlite()
await db.waitReady
const setting = async (name: string) => (await db.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name]
console.log(`autovacuum = ${await setting('autovacuum')}, autovacuum_naptime = ${await setting('autovacuum_naptime')}`)
await db.exec(`CREATE TABLE t (id int, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g;`)
await new Promise((r) => setTimeout(r, 75_000))
const stats = await db.query(`SELECT n_live_tup, last_autoanalyze, autoanalyze_count, last_autovacuum FROM pg_stat_user_tables WHERE relname = 't'`)
const cls = await db.query(`SELECT reltuples FROM pg_class WHERE relname = 't'`)
console.log('after 75 s:', JSON.stringify(stats.rows[0]), 'pg_class.reltuples', JSON.stringify(cls.rows[0]))
await db.close()
process.exit(0)
