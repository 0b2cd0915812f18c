#!/bin/bash
# Jibri runs this after each recording with one argument: the session's directory, holding the
# finished .mp4 and Jibri's metadata.json ({"meeting_url": "https://MEET_DOMAIN/<room>", ...}).
# Mounted read-only into the jibri container at /opt/portal/finalize.sh (docker/compose.yml).
#
# Each .mp4 goes to the portal's internal ingest endpoint, which encrypts it into its own storage
# and answers only once the encrypted copy is verified; then the plaintext here is deleted. Each upload
# has a connect and a total timeout and is tried up to FINALIZE_ATTEMPTS times with doubling pauses
# (a portal restarting is the usual cause); one log line per file says how it ended. On failure the
# files stay and the script exits 1: run it again on the same directory to retry (the portal keeps
# one entry per file however often it receives it).
#
# The request is signed, not the body: HMAC-SHA256(RECORDINGS_INGEST_SECRET,
# "v1.<unix time>.<room>.<sha256 of the file>.<bytes>.<duration or empty>"), so the file streams
# from disk (curl -T) and the portal checks hash and size as it reads (lib/recordings/ingest-auth.ts).
set -euo pipefail

dir="${1:?usage: finalize.sh <recording directory>}"
endpoint="${PORTAL_INTERNAL_URL:-http://portal:3000}/api/internal/recordings"
secret="${RECORDINGS_INGEST_SECRET:?RECORDINGS_INGEST_SECRET is not set (docker/.env, run docker/init.sh)}"

attempts="${FINALIZE_ATTEMPTS:-5}"
# Per try: the portal answers only after encrypting and verifying the whole file.
max_seconds="${FINALIZE_MAX_SECONDS:-1800}"

log() { echo "finalize.sh: $*" >&2; }
for tool in curl openssl sha256sum stat; do
  command -v "$tool" >/dev/null || { log "needs $tool"; exit 1; }
done

# The room is the last path segment of the meeting URL (without query or fragment), lower-cased as
# Prosody keeps it. Jibri writes the JSON on one line; no jq needed.
meeting_url="$(sed -n 's/.*"meeting_url"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$dir/metadata.json" 2>/dev/null | head -n 1)"
room="${meeting_url%%[?#]*}"
room="${room%/}"
room="$(printf '%s' "${room##*/}" | tr '[:upper:]' '[:lower:]')"
if [[ ! "$room" =~ ^[a-z0-9][a-z0-9._-]*$ ]]; then
  log "no room in $dir/metadata.json (meeting_url: '${meeting_url}'); keeping the recording"
  exit 1
fi

failed=0
shopt -s nullglob
for file in "$dir"/*.mp4; do
  size="$(stat -c %s -- "$file")"
  sha256="$(sha256sum -- "$file" | cut -d ' ' -f 1)"
  duration=""
  if command -v ffprobe >/dev/null; then
    duration="$(ffprobe -v error -show_entries format=duration -of default=noprint_wrappers=1:nokey=1 -- "$file" 2>/dev/null || true)"
  fi
  [[ "$duration" =~ ^[0-9]{1,9}(\.[0-9]{1,9})?$ ]] || duration=""
  ok=0 try=0 pause=5
  while [ "$try" -lt "$attempts" ]; do
    try=$((try + 1))
    # Signed afresh for each try: the portal accepts a signature only for a few minutes.
    timestamp="$(date +%s)"
    signature="$(printf 'v1.%s.%s.%s.%s.%s' "$timestamp" "$room" "$sha256" "$size" "$duration" |
      openssl dgst -sha256 -hmac "$secret" -r | cut -d ' ' -f 1)"
    headers=(--header "Content-Type: application/octet-stream" --header "Expect:"
      --header "X-Recording-Room: $room" --header "X-Recording-Sha256: $sha256" --header "X-Recording-Size: $size"
      --header "X-Recording-Timestamp: $timestamp" --header "X-Recording-Signature: $signature")
    [ -z "$duration" ] || headers+=(--header "X-Recording-Duration: $duration")
    # -T streams the file from disk (--data-binary @file would read it all into memory first).
    if answer="$(curl --silent --show-error --fail-with-body --connect-timeout 10 --max-time "$max_seconds" \
      --request POST --upload-file "$file" "${headers[@]}" -- "$endpoint" 2>&1)"; then
      ok=1
      break
    fi
    if [ "$try" -lt "$attempts" ]; then sleep "$pause"; pause=$((pause * 2)); fi
  done
  if [ "$ok" -eq 1 ]; then
    rm -f -- "$file"
    log "stored $(basename -- "$file") ($size bytes) in the portal after $try attempt(s); plaintext removed"
  else
    log "the portal did not take $(basename -- "$file") after $try attempts (${answer:0:200}); kept for a retry"
    failed=1
  fi
done

if [ "$failed" -ne 0 ]; then exit 1; fi
# Everything is in the portal: metadata.json (participants' names) goes as well.
rm -f -- "$dir/metadata.json"
rmdir -- "$dir" 2>/dev/null || true
