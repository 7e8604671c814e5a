#!/usr/bin/env bash
# Creates the reference server's own database, idempotently: role `reference` (dev password `reference`)
# owning `reference_db`. Runs psql as the postgres superuser (needs root, as deploy/local/infra.sh does).
# The table itself is created by server.js at start.
#
#   load-test/reference/setup-db.sh          (PG_PORT=5432)
set -euo pipefail
PG_PORT="${PG_PORT:-5432}"

if PGPASSWORD=reference psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U reference -d reference_db -c 'select 1' >/dev/null 2>&1; then
  exit 0   # already there (works without root too)
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "setup-db.sh: reference_db is missing and creating it needs root (su postgres -c psql)" >&2
  exit 1
fi
sql="SELECT 'CREATE ROLE reference LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reference') \\gexec
ALTER ROLE reference WITH LOGIN PASSWORD 'reference';
SELECT 'CREATE DATABASE reference_db OWNER reference' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'reference_db') \\gexec
"
(cd / && su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -p $PG_PORT -d postgres") <<<"$sql" >/dev/null
