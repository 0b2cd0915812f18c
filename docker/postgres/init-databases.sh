#!/usr/bin/env bash
# One Postgres, two tenants: the portal and Keycloak each get a database and a login role that owns
# it, and nothing else (no superuser, no CREATEDB, no access to the other's database).
# Run by the postgres image from /docker-entrypoint-initdb.d, once, when the data volume is empty.
# Changing PORTAL_DB_PASSWORD / KEYCLOAK_DB_PASSWORD later needs ALTER ROLE (see README, "Deploy").
set -euo pipefail

: "${PORTAL_DB_PASSWORD:?PORTAL_DB_PASSWORD is not set}"
: "${KEYCLOAK_DB_PASSWORD:?KEYCLOAK_DB_PASSWORD is not set}"

# Passwords travel as psql variables and are quoted by psql (:'name'), never spliced into SQL text.
psql --no-psqlrc -v ON_ERROR_STOP=1 \
  --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v portal_password="$PORTAL_DB_PASSWORD" \
  -v keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE portal LOGIN PASSWORD :'portal_password';
CREATE DATABASE portal OWNER portal;
REVOKE ALL ON DATABASE portal FROM PUBLIC;

CREATE ROLE keycloak LOGIN PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak;
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
SQL
