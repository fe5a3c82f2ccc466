#!/usr/bin/env bash
# bench/load.sh: many logged-in sessions at once against a demo database:
# 200 sessions (residents and staff) request pages and downloads without
# pause for 60 s; reports the answers by status (the goal: no 5xx), the
# latency percentiles and ebok's RSS every second. See bench/README.md.
#
# Usage:
#   bench/load.sh DATABASE
#
# DATABASE is an SQLite path or a postgres:// URL of a demo cooperative
# (`ebok demo --premises 100000 …`). The script builds ebok and loadgen
# (unless EBOK_BIN / LOADGEN_BIN name them), starts `ebok serve` on
# 127.0.0.1 against DATABASE (EBOK_STAFF_TOTP=optional, EBOK_LOG_LEVEL=warn,
# mail to a temp dir), runs bench/loadgen with its pid, prints the report
# and the machine's load, stops the server (a trap also does on error or
# Ctrl+C) and removes its temp dir. It exits 1 when any answer was 5xx or
# missing.
#
# Settings (environment):
#   SESSIONS=200 DURATION=60s STAFF_SHARE=0.2   the run
#   PREMISES=100000                             staff open premises 1..N
#   EBOK_PORT=18093                             loopback port
#   EBOK_AUDIT_KEY_FILE                         the demo's audit key (default: <dir of DATABASE>/audit.key
#                                               for SQLite; required for PostgreSQL, logins are audited)
#   MAX_TIME=15m                                lifetime bound of the server
#   EBOK_BIN, LOADGEN_BIN                       prebuilt binaries (default: go build)
set -euo pipefail

if [[ $# -ne 1 || $1 == -h || $1 == --help ]]; then
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 2
fi
DATABASE=$1
SESSIONS=${SESSIONS:-200}
DURATION=${DURATION:-60s}
STAFF_SHARE=${STAFF_SHARE:-0.2}
PREMISES=${PREMISES:-100000}
EBOK_PORT=${EBOK_PORT:-18093}
MAX_TIME=${MAX_TIME:-15m}
case $DATABASE in
postgres://* | postgresql://*) ENGINE=postgres ;;
*) ENGINE=sqlite; EBOK_AUDIT_KEY_FILE=${EBOK_AUDIT_KEY_FILE:-$(dirname "$DATABASE")/audit.key} ;;
esac
[[ -n ${EBOK_AUDIT_KEY_FILE:-} ]] || { echo "load.sh: set EBOK_AUDIT_KEY_FILE to the demo's audit.key" >&2; exit 1; }
export EBOK_AUDIT_KEY_FILE

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ebok-load.XXXXXX")
EBOK_PID= WATCHDOG=

cleanup() {
	[[ -n $WATCHDOG ]] && kill "$WATCHDOG" 2>/dev/null || true
	if [[ -n $EBOK_PID ]] && kill -0 "$EBOK_PID" 2>/dev/null; then
		kill -TERM "$EBOK_PID" 2>/dev/null || true
		for _ in $(seq 100); do kill -0 "$EBOK_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$EBOK_PID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "load.sh: $*" >&2
	[[ -s $TMP/ebok.log ]] && { echo "--- ebok serve log (tail) ---" >&2; tail -20 "$TMP/ebok.log" >&2; }
	exit 1
}

EBOK_BIN=${EBOK_BIN:-}
LOADGEN_BIN=${LOADGEN_BIN:-}
if [[ -z $EBOK_BIN || -z $LOADGEN_BIN ]]; then
	echo "building ebok and loadgen…"
	(cd "$ROOT" && go build -o "$TMP/ebok" ./cmd/ebok && go build -o "$TMP/loadgen" ./bench/loadgen)
	EBOK_BIN=${EBOK_BIN:-$TMP/ebok}
	LOADGEN_BIN=${LOADGEN_BIN:-$TMP/loadgen}
fi

URL=http://127.0.0.1:$EBOK_PORT
mkdir -p "$TMP/data"
# Started directly (not through timeout), so that $! is ebok's own pid,
# whose RSS loadgen samples; MAX_TIME is enforced by a watchdog.
EBOK_DATABASE_URL=$DATABASE EBOK_DATA_DIR=$TMP/data EBOK_LISTEN=127.0.0.1:$EBOK_PORT \
	EBOK_BASE_URL=$URL EBOK_STAFF_TOTP=optional EBOK_LOG_LEVEL=warn \
	"$EBOK_BIN" serve >"$TMP/ebok.log" 2>&1 &
EBOK_PID=$!
sleep "$MAX_TIME" >/dev/null 2>&1 && kill -TERM "$EBOK_PID" 2>/dev/null &
WATCHDOG=$!
for _ in $(seq 1200); do
	curl -fsS -o /dev/null --max-time 2 "$URL/healthz" 2>/dev/null && break
	kill -0 "$EBOK_PID" 2>/dev/null || fail "ebok serve exited"
	sleep 0.1
done
curl -fsS -o /dev/null "$URL/healthz" || fail "$URL/healthz did not answer within 120 s"

echo "engine $ENGINE, $SESSIONS sessions ($STAFF_SHARE staff) for $DURATION, $(nproc) CPUs, load average before $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
"$LOADGEN_BIN" -url "$URL" -sessions "$SESSIONS" -duration "$DURATION" -staff-share "$STAFF_SHARE" \
	-premises "$PREMISES" -pid "$EBOK_PID" | tee "$TMP/report"
rc=${PIPESTATUS[0]}
set -e
echo "load average after $(cut -d' ' -f1-3 /proc/loadavg)"
[[ $rc == 0 ]] || fail "loadgen failed"
n5=$(grep -o '5xx_or_no_answer=[0-9]*' "$TMP/report" | cut -d= -f2)
errs=$(grep -ci 'level=error' "$TMP/ebok.log" || true)
echo "ebok log: $errs errors"
grep -i 'level=error' "$TMP/ebok.log" | head -3 || true
[[ $n5 == 0 ]] || fail "$n5 answers were 5xx or missing"
