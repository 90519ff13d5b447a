-- The inbox's applicant filter (src/inbox/inbox-sql.ts) matches the start of the surname case-insensitively:
-- lower(p."lastName") LIKE lower($1) || '%'. Without an index on that expression every search read the whole
-- Person table (bench/RESULTS.md, inbox latency). text_pattern_ops serves LIKE prefixes whatever the collation.
-- An expression index cannot be written in schema.prisma; Prisma's diff ignores it (no drift).
CREATE INDEX "Person_lower_lastName_idx" ON "Person" (lower("lastName") text_pattern_ops);
