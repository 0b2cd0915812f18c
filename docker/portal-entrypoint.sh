#!/bin/sh
# Portal container start: apply pending Prisma migrations, then hand PID 1 to the Next server.
# A failed migration stops the container (set -e), so a half-migrated database never serves traffic.
# Replicas starting together are serialised by the schema engine's Postgres advisory lock
# (pg_advisory_lock(72707369), as in `prisma migrate deploy`); the later ones find nothing to apply.
set -eu

if [ -z "${DATABASE_URL:-}" ]; then
  echo "portal-entrypoint: DATABASE_URL is not set" >&2
  exit 1
fi

node /app/migrate.mjs deploy

exec "$@"
