#!/usr/bin/env bash
# The typed client example (examples/typed-client), as CI runs it: types generated afresh
# from schema.gql, type-checked and compiled, then its script run against the service on a
# fresh embedded database (the demo organization), checking what it prints. Needs
# `npm ci --prefix examples/typed-client` and `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLE=examples/typed-client

fail() { echo "TYPED CLIENT FAIL: $*" >&2; [ -f "${LOG:-}" ] && tail -n 40 "$LOG" >&2; exit 1; }
[ -d "$EXAMPLE/node_modules" ] || fail "run npm ci --prefix $EXAMPLE first"
[ -f dist/src/main.js ] || fail "run npm run build first"

echo "typed client: codegen from schema.gql, type-check, compile"
rm -rf "$EXAMPLE/src/gql" "$EXAMPLE/dist"
T0=$SECONDS
npm run --silent --prefix "$EXAMPLE" codegen >/dev/null
# Compiling is the type-check: with noEmitOnError, a type error fails here and emits nothing.
(cd "$EXAMPLE" && npx tsc -p tsconfig.json)
echo "typed client: generated and compiled in $((SECONDS - T0)) s"

DATA_DIR=$(mktemp -d -t parasol-typed-client-XXXXXX)
LOG="$DATA_DIR/server.log"
PORT=${TYPED_CLIENT_PORT:-$((20000 + RANDOM % 20000))}
while curl -s -o /dev/null "http://127.0.0.1:${PORT}/" 2>/dev/null; do PORT=$((PORT + 1)); done
URL="http://127.0.0.1:${PORT}"
PID=""
cleanup() {
  [ -n "$PID" ] && { kill -- "-$PID" 2>/dev/null || kill "$PID" 2>/dev/null; } || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

echo "typed client: the service on a fresh embedded database"
T0=$SECONDS
setsid env -u DATABASE_URL -u JWT_SECRET PARASOL_DATA_DIR="$DATA_DIR/data" PORT="$PORT" \
  node --max-semi-space-size=64 dist/src/main.js >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fsS "$URL/health" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || fail "server exited during boot"
  sleep 0.5
done
curl -fsS "$URL/health" >/dev/null 2>&1 || fail "server not healthy after 60 s"

echo "typed client: service healthy in $((SECONDS - T0)) s; the example's script"
OUT=$(PARASOL_URL="$URL/graphql" node "$EXAMPLE/dist/main.js") || fail "the script failed: $OUT"
echo "$OUT"
expect() { grep -qxF -- "$1" <<<"$OUT" || fail "expected the line: $1"; }
expect "admin@mars.example in Mars: 5 brand(s), 1 umbrella(s)"
expect "Mars (mars)"
for brand in "M&M's /mars/m-ms" "Snickers /mars/snickers" "Dove /mars/dove" "Mars /mars/mars-bar"; do
  grep -qF -- "  ${brand}: " <<<"$OUT" || fail "expected the sub-brand line: ${brand}"
done
expect "Snickers inbox: 5 item(s)"
echo "typed client: OK"
