#!/usr/bin/env bash
# Writes docker/.env from docker/.env.example: the public names you give it, and a fresh random
# value for every secret (each 64 hex characters, 256 bits). Run it once per deployment.
# An existing docker/.env keeps every value: new secrets would lock the services out of their data
# (database roles, Keycloak client, room names, recordings). A second run only appends settings that a
# newer .env.example added (after an upgrade), and otherwise changes nothing and says so.
#
#   docker/init.sh --portal-domain portal.example.org --auth-domain auth.example.org \
#                  --meet-domain meet.example.org --acme-email ops@example.org
#   PORTAL_DOMAIN=... AUTH_DOMAIN=... MEET_DOMAIN=... ACME_EMAIL=... docker/init.sh
#   docker/init.sh --tls-mode internal --portal-domain portal.test ...   # self-signed trial
#
# Without flags or variables, and on a terminal, it asks. Works with bash 3.2 (macOS) and later.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="$here/.env.example"
env_file="$here/.env"

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'EOF'

Options (each also read from the environment variable in brackets):
  --portal-domain NAME   public name of the portal            [PORTAL_DOMAIN]
  --auth-domain NAME     public name of Keycloak              [AUTH_DOMAIN]
  --meet-domain NAME     public name of Jitsi Meet            [MEET_DOMAIN]
  --acme-email ADDRESS   ACME account contact                 [ACME_EMAIL]
  --tls-mode MODE        acme (default) or internal           [TLS_MODE]
  --organisation NAME    shown in the portal                  [ORGANISATION_NAME]
  --public-ip IPS        media address(es) for the bridge     [JVB_ADVERTISE_IPS]
EOF
}

fail() {
  echo "init.sh: $*" >&2
  exit 1
}

portal_domain="${PORTAL_DOMAIN:-}"
auth_domain="${AUTH_DOMAIN:-}"
meet_domain="${MEET_DOMAIN:-}"
acme_email="${ACME_EMAIL:-}"
tls_mode="${TLS_MODE:-}"
organisation="${ORGANISATION_NAME:-}"
public_ip="${JVB_ADVERTISE_IPS:-}"

while [ $# -gt 0 ]; do
  case "$1" in
    --portal-domain) portal_domain="${2:?--portal-domain needs a value}"; shift 2 ;;
    --auth-domain) auth_domain="${2:?--auth-domain needs a value}"; shift 2 ;;
    --meet-domain) meet_domain="${2:?--meet-domain needs a value}"; shift 2 ;;
    --acme-email) acme_email="${2:?--acme-email needs a value}"; shift 2 ;;
    --tls-mode) tls_mode="${2:?--tls-mode needs a value}"; shift 2 ;;
    --organisation) organisation="${2:?--organisation needs a value}"; shift 2 ;;
    --public-ip) public_ip="${2:?--public-ip needs a value}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option: $1" ;;
  esac
done

[ -r "$template" ] || fail "missing $template"

# 32 random bytes as hex: long enough for every consumer (lib/env.ts wants >= 32 characters) and
# safe inside URLs, YAML, JSON and Prosody's Lua config without quoting.
secret() {
  local value
  value="$(openssl rand -hex 32 2>/dev/null || true)"
  if [ "${#value}" -ne 64 ]; then
    value="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  fi
  [ "${#value}" -eq 64 ] || fail "could not read 32 random bytes"
  printf '%s' "$value"
}

# An upgrade can bring settings an existing docker/.env lacks (e.g. the recording keys): only those
# are appended, each secret freshly generated, and no value already there is ever touched.
add_missing_settings() {
  local line key value added=""
  tmp="$(mktemp "$here/.env.XXXXXX")"
  trap 'rm -f "$tmp"' EXIT
  cat "$env_file" >"$tmp"
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" =~ ^([A-Z][A-Z0-9_]*)=(.*)$ ]] || continue
    key="${BASH_REMATCH[1]}"
    value="${BASH_REMATCH[2]}"
    if grep -q "^${key}=" "$env_file"; then continue; fi
    if [ -z "$value" ]; then value="$(secret)"; fi
    if [ -z "$added" ]; then printf '\n# Added by docker/init.sh on %s: settings new in this version (see .env.example).\n' "$(date -u +%F)" >>"$tmp"; fi
    printf '%s=%s\n' "$key" "$value" >>"$tmp"
    added="$added $key"
  done <"$template"
  if [ -z "$added" ]; then
    echo "init.sh: $env_file already exists; nothing changed (delete it only to start a new deployment)."
    return
  fi
  chmod 600 "$tmp"
  mv -f "$tmp" "$env_file"
  echo "init.sh: $env_file already existed; added the new settings:$added. Back the file up again."
}

if [ -e "$env_file" ]; then
  add_missing_settings
  exit 0
fi

# Ask for what is missing, but only when someone can answer.
ask() {
  local prompt="$1" current="$2" answer
  if [ -n "$current" ] || [ ! -t 0 ]; then
    printf '%s' "$current"
    return
  fi
  read -r -p "$prompt: " answer
  printf '%s' "$answer"
}

tls_mode="${tls_mode:-acme}"
portal_domain="$(ask "Portal domain (e.g. portal.example.org)" "$portal_domain")"
auth_domain="$(ask "Keycloak domain (e.g. auth.example.org)" "$auth_domain")"
meet_domain="$(ask "Jitsi Meet domain (e.g. meet.example.org)" "$meet_domain")"
if [ "$tls_mode" = "acme" ]; then
  acme_email="$(ask "E-mail for certificate notices" "$acme_email")"
fi

lower() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }
portal_domain="$(lower "$portal_domain")"
auth_domain="$(lower "$auth_domain")"
meet_domain="$(lower "$meet_domain")"

missing=""
[ -n "$portal_domain" ] || missing="$missing --portal-domain"
[ -n "$auth_domain" ] || missing="$missing --auth-domain"
[ -n "$meet_domain" ] || missing="$missing --meet-domain"
[ "$tls_mode" != "acme" ] || [ -n "$acme_email" ] || missing="$missing --acme-email"
[ -z "$missing" ] || fail "missing:$missing (or set the matching environment variables; see --help)"

hostname_re='^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'
for name in "$portal_domain" "$auth_domain" "$meet_domain"; do
  [[ "$name" =~ $hostname_re ]] || fail "not a host name: $name"
done
if [ "$portal_domain" = "$auth_domain" ] || [ "$portal_domain" = "$meet_domain" ] || [ "$auth_domain" = "$meet_domain" ]; then
  fail "the portal, Keycloak and Jitsi Meet need three different names"
fi
case "$tls_mode" in
  acme) ;;
  internal) acme_email="${acme_email:-admin@$portal_domain}" ;;
  *) fail "--tls-mode must be acme or internal, not: $tls_mode" ;;
esac
[[ "$acme_email" =~ ^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$ ]] || fail "not an e-mail address: $acme_email"
if [ -n "$public_ip" ]; then
  [[ "$public_ip" =~ ^[0-9A-Fa-f:.,]+$ ]] || fail "--public-ip takes IP addresses separated by commas: $public_ip"
fi
# Values go into the env file unquoted: keep out what Compose would interpret.
case "$organisation" in
  *'$'* | *'"'* | *"'"* | *'\'* | *'#'* | *'`'*) fail "the organisation name may not contain \$ \" ' \\ # or \`" ;;
esac

# The value a key gets; empty answer = keep the template's default, or generate when that is empty.
chosen() {
  case "$1" in
    PORTAL_DOMAIN) printf '%s' "$portal_domain" ;;
    AUTH_DOMAIN) printf '%s' "$auth_domain" ;;
    MEET_DOMAIN) printf '%s' "$meet_domain" ;;
    ACME_EMAIL) printf '%s' "$acme_email" ;;
    TLS_MODE) printf '%s' "$tls_mode" ;;
    ORGANISATION_NAME) printf '%s' "$organisation" ;;
    JVB_ADVERTISE_IPS) printf '%s' "$public_ip" ;;
    # A known address needs no STUN lookup (and no third party); TURN announces the first one.
    JVB_DISABLE_STUN) [ -z "$public_ip" ] || printf 1 ;;
    TURN_PUBLIC_IP) printf '%s' "${public_ip%%,*}" ;;
    # Mail from the portal's own domain: receivers refuse or filter example.org.
    MAIL_FROM) printf 'Meeting portal <no-reply@%s>' "$portal_domain" ;;
  esac
}

umask 077
tmp="$(mktemp "$here/.env.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

generated=""
while IFS= read -r line || [ -n "$line" ]; do
  if [[ "$line" =~ ^([A-Z][A-Z0-9_]*)=(.*)$ ]]; then
    key="${BASH_REMATCH[1]}"
    value="$(chosen "$key")"
    if [ -z "$value" ]; then value="${BASH_REMATCH[2]}"; fi
    if [ -z "$value" ]; then
      value="$(secret)"
      case " $generated " in *" $value "*) fail "random source repeated itself" ;; esac
      generated="$generated $value"
    fi
    printf '%s=%s\n' "$key" "$value" >>"$tmp"
  elif [[ "$line" =~ ^#\ ([A-Z][A-Z0-9_]*)= ]] && [ -n "$(chosen "${BASH_REMATCH[1]}")" ]; then
    # An optional setting that was given: switch it on.
    printf '%s=%s\n' "${BASH_REMATCH[1]}" "$(chosen "${BASH_REMATCH[1]}")" >>"$tmp"
  else
    printf '%s\n' "$line" >>"$tmp"
  fi
done <"$template"

chmod 600 "$tmp"
# A hard link never replaces an existing file, so a concurrent run cannot clobber the other's secrets.
if ! ln "$tmp" "$env_file" 2>/dev/null; then
  [ -e "$env_file" ] && { echo "init.sh: $env_file appeared meanwhile; nothing changed."; exit 0; }
  fail "could not create $env_file"
fi
chmod 600 "$env_file"

cat <<EOF
Wrote $env_file (mode 600) with $(printf '%s' "$generated" | wc -w | tr -d ' ') fresh secrets.
  portal    https://$portal_domain
  keycloak  https://$auth_domain   (admin console /admin, user "admin", password KEYCLOAK_ADMIN_PASSWORD in the file)
  meet      https://$meet_domain
  tls       $tls_mode
Back the file up somewhere safe: ROOM_NAME_SECRET and JITSI_APP_SECRET belong with every database backup,
and RECORDINGS_MASTER_KEY is the only way to read the recordings (keep it apart from them).
Next: point DNS at this host, open 80/tcp, 443/tcp, 10000/udp, 3478/udp+tcp and 49160-49200/udp, then
  docker compose --env-file docker/.env -f docker/compose.yml up -d
EOF
