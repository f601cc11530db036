#!/usr/bin/env bash
# Smoke test of the README's first command on a machine with no PostgreSQL server:
# `npm start` on a fresh embedded data folder answers a login and a brand-tree query,
# refuses a second process on the same folder, stops gracefully, and keeps its data and
# signing secret across a restart.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR=$(mktemp -d -t parasol-smoke-XXXXXX)
# A port nothing answers on yet, so the test can only talk to the server it started.
PORT=${SMOKE_PORT:-$((20000 + RANDOM % 20000))}
while curl -s -o /dev/null "http://127.0.0.1:${PORT}/" 2>/dev/null || curl -s -o /dev/null "http://127.0.0.1:$((PORT + 1))/" 2>/dev/null; do PORT=$((PORT + 2)); done
URL="http://127.0.0.1:${PORT}"
LOG="$DATA_DIR/server.log"
PID=""
cleanup() {
  [ -n "$PID" ] && { kill -- "-$PID" 2>/dev/null || kill "$PID" 2>/dev/null; } || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
fail() { echo "SMOKE FAIL: $*" >&2; [ -f "$LOG" ] && tail -n 40 "$LOG" >&2; exit 1; }

# Run without DATABASE_URL whatever the caller's environment: this is the embedded path.
run_env() { env -u DATABASE_URL -u JWT_SECRET PARASOL_DATA_DIR="$DATA_DIR/data" PORT="$1" "${@:2}"; }

wait_healthy() {
  for _ in $(seq 1 120); do
    curl -fsS "$URL/health" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || fail "server exited during boot"
    sleep 0.5
  done
  fail "server not healthy after 60 s"
}

gql() { # gql <json body> [token]
  curl -fsS "$URL/graphql" -H 'content-type: application/json' ${2:+-H "authorization: Bearer $2"} -d "$1"
}
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);const v=($1);if(v===undefined)process.exit(3);console.log(typeof v==='string'?v:JSON.stringify(v))})"; }

echo "smoke: npm start on a fresh embedded data folder"
# In a process group of its own: npm does not pass SIGTERM on to the server it starts, so
# stopping means signalling the whole group (npm, its shell and node).
setsid env -u DATABASE_URL -u JWT_SECRET PARASOL_DATA_DIR="$DATA_DIR/data" PORT="$PORT" npm start >"$LOG" 2>&1 &
PID=$!
wait_healthy

TOKEN=$(gql '{"query":"mutation { login(email: \"admin@mars.example\", password: \"parasol-demo\") { accessToken } }"}' | json 'j.data.login.accessToken') || fail "demo login"
TREE=$(gql '{"query":"{ brands(filter: { rootsOnly: true }) { edges { node { name children { totalCount edges { node { name profiles { totalCount } } } } } } } }"}' "$TOKEN")
echo "$TREE" | json 'j.data.brands.edges[0].node.name === "Mars" && j.data.brands.edges[0].node.children.totalCount === 4 && j.data.brands.edges[0].node.children.edges.every(e => e.node.profiles.totalCount === 2) || undefined' >/dev/null \
  || fail "brand tree: $TREE"
echo "smoke: login and demo tree OK"

# The explorer, as a browser opens it, with its assets from the service itself.
# Read whole, then searched: `curl | grep -q` fails under pipefail when grep stops reading early (curl: (23)).
EXPLORER_PAGE=$(curl -fsS "$URL/graphql" -H 'accept: text/html') || fail "explorer page at GET /graphql"
grep -q 'query MarsTree' <<<"$EXPLORER_PAGE" || fail "explorer page at GET /graphql"
curl -fsS -o /dev/null "$URL/graphql/explorer/ruru.js" || fail "explorer assets"
echo "smoke: explorer OK"

echo "smoke: a second process on the same folder is refused"
if run_env $((PORT + 1)) timeout 60 node dist/src/main.js >"$DATA_DIR/second.log" 2>&1; then fail "second process started on a locked folder"; fi
grep -q "already in use" "$DATA_DIR/second.log" || fail "second process message: $(cat "$DATA_DIR/second.log")"

gql '{"query":"mutation { createBrand(input: { name: \"Smoke Test Brand\" }) { id slug } }"}' "$TOKEN" | json 'j.data.createBrand.slug' | grep -qx 'smoke-test-brand' || fail "createBrand"

stop_server() {
  kill -TERM -- "-$PID" 2>/dev/null || kill -TERM "$PID"
  for _ in $(seq 1 40); do kill -0 -- "-$PID" 2>/dev/null || kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
  { kill -0 -- "-$PID" 2>/dev/null || kill -0 "$PID" 2>/dev/null; } && fail "server still running 10 s after SIGTERM"
  wait "$PID" || true
  PID=""
}

echo "smoke: graceful stop on SIGTERM"
stop_server

echo "smoke: restart keeps the data and the signing secret"
setsid env -u DATABASE_URL -u JWT_SECRET PARASOL_DATA_DIR="$DATA_DIR/data" PORT="$PORT" node dist/src/main.js >"$LOG" 2>&1 &
PID=$!
wait_healthy
gql '{"query":"{ brands(filter: { search: \"smoke\" }) { totalCount } }"}' "$TOKEN" | json 'j.data.brands.totalCount === 1 || undefined' >/dev/null \
  || fail "data or token lost across restart"
stop_server
echo "smoke: OK"
