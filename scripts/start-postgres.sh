#!/usr/bin/env bash
# Starts Debian's PostgreSQL (installing it if missing) and creates the samooh
# role used by the test suite and the benchmarks. Safe to run repeatedly.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "== installing PostgreSQL from apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432

su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'samooh') THEN
    CREATE ROLE samooh LOGIN SUPERUSER PASSWORD 'samooh';
  END IF;
END $$;
SELECT 'CREATE DATABASE samooh OWNER samooh' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'samooh')\gexec
SQL
echo "== PostgreSQL $version ready on 127.0.0.1:5432 (role samooh)"
