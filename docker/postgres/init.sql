-- Runs once, when the PostgreSQL container starts on an empty data volume (docker-compose.yml mounts it into
-- /docker-entrypoint-initdb.d). The image has already created the role `welfare` (POSTGRES_USER) and the app's
-- database `welfare` (POSTGRES_DB); this adds the Operaton engine's own database, owned by the same role.
-- The engine nodes create their tables in it on their first start.
CREATE DATABASE operaton OWNER welfare;
