#!/usr/bin/env bash
# bench/ledger.sh: requests per second of the resident's ledger page,
# measured with wrk next to a bare net/http handler serving the same bytes
# from memory (cmd/benchserve), in the same run. See bench/README.md.
#
# Usage:
#   bench/ledger.sh DATABASE
#
# DATABASE is an SQLite path or a postgres:// URL of a demo cooperative
# (`ebok demo --premises 100000 …`). The script:
#   1. builds ebok and benchserve (unless EBOK_BIN / BENCHSERVE_BIN name them),
#   2. starts `ebok serve` on 127.0.0.1 against DATABASE
#      (EBOK_STAFF_TOTP=optional, EBOK_LOG_LEVEL=warn, mail to a temp dir),
#   3. logs in the demo resident E0000001 with curl and picks their flat,
#   4. fetches its ledger page (body and headers) once,
#   5. starts benchserve on 127.0.0.1 serving exactly those bytes and headers,
#   6. runs wrk against both (ebok with the session cookie), after a short
#      warm-up of each, and prints both rates and their ratio,
#   7. stops both servers (a trap also does on error or Ctrl+C) and removes
#      its temp dir.
# Everything listens on loopback; both servers exit on their own after
# MAX_TIME in case the trap cannot run.
#
# Settings (environment):
#   WRK_THREADS=2 WRK_CONNS=16 WRK_DURATION=15s   the measured runs
#   WARMUP=3s                                     a wrk run before each, not reported
#   EBOK_PORT=18091 BARE_PORT=18092               loopback ports
#   MAX_TIME=10m                                  lifetime bound of each server
#   LOGIN=E0000001 PASSWORD=demo-mieszkaniec      the resident
#   PREMISES=<id>                                 a premises id (default: the resident's flat)
#   EBOK_BIN, BENCHSERVE_BIN                      prebuilt binaries (default: go build)
set -euo pipefail

if [[ $# -ne 1 || $1 == -h || $1 == --help ]]; then
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 2
fi
DATABASE=$1
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNS=${WRK_CONNS:-16}
WRK_DURATION=${WRK_DURATION:-15s}
WARMUP=${WARMUP:-3s}
EBOK_PORT=${EBOK_PORT:-18091}
BARE_PORT=${BARE_PORT:-18092}
MAX_TIME=${MAX_TIME:-10m}
LOGIN=${LOGIN:-E0000001}
PASSWORD=${PASSWORD:-demo-mieszkaniec}

for tool in curl wrk timeout; do
	command -v "$tool" >/dev/null || { echo "ledger.sh: $tool is missing (apt-get install -y $tool)" >&2; exit 1; }
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ebok-ledger-bench.XXXXXX")
EBOK_PID= BARE_PID= WRK_PID=

stop() { # stop PID: TERM, then KILL if it is still there after 10 s
	local pid=$1
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	stop "$WRK_PID"
	stop "$BARE_PID"
	stop "$EBOK_PID"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "ledger.sh: $*" >&2
	if [[ -s $TMP/ebok.log ]]; then
		echo "--- ebok serve log (tail) ---" >&2
		tail -20 "$TMP/ebok.log" >&2
	fi
	exit 1
}

# wait_up URL: wait up to 120 s for the server to answer.
wait_up() {
	for _ in $(seq 1200); do
		curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
		[[ -n $EBOK_PID ]] && ! kill -0 "$EBOK_PID" 2>/dev/null && fail "ebok serve exited"
		sleep 0.1
	done
	fail "$1 did not answer within 120 s"
}

# 1. Binaries.
EBOK_BIN=${EBOK_BIN:-}
BENCHSERVE_BIN=${BENCHSERVE_BIN:-}
if [[ -z $EBOK_BIN || -z $BENCHSERVE_BIN ]]; then
	echo "building ebok and benchserve…"
	(cd "$ROOT" && go build -o "$TMP/ebok" ./cmd/ebok && go build -o "$TMP/benchserve" ./cmd/benchserve)
	EBOK_BIN=${EBOK_BIN:-$TMP/ebok}
	BENCHSERVE_BIN=${BENCHSERVE_BIN:-$TMP/benchserve}
fi

# 2. ebok serve.
EBOK_URL=http://127.0.0.1:$EBOK_PORT
mkdir -p "$TMP/data"
EBOK_DATABASE_URL=$DATABASE EBOK_DATA_DIR=$TMP/data EBOK_LISTEN=127.0.0.1:$EBOK_PORT \
	EBOK_BASE_URL=$EBOK_URL EBOK_STAFF_TOTP=optional EBOK_LOG_LEVEL=warn \
	timeout "$MAX_TIME" "$EBOK_BIN" serve >"$TMP/ebok.log" 2>&1 &
EBOK_PID=$!
wait_up "$EBOK_URL/healthz"

# 3. Log in and pick the premises.
code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$TMP/jar" \
	--data-urlencode "login=$LOGIN" --data-urlencode "password=$PASSWORD" "$EBOK_URL/ebok/login")
[[ $code == 303 ]] || fail "login as $LOGIN: HTTP $code (is $DATABASE a demo database?)"
SESSION=$(awk '$6 == "ebok_session" { print $7 }' "$TMP/jar")
[[ -n $SESSION ]] || fail "login set no ebok_session cookie"
COOKIE="Cookie: ebok_session=$SESSION"
if [[ -z ${PREMISES:-} ]]; then
	curl -fsS -H "$COOKIE" -o "$TMP/home.html" "$EBOK_URL/ebok" || fail "GET /ebok failed"
	# The first premises whose heading says "Mieszkanie" (a flat), else the first.
	PREMISES=$(grep -o '/ebok/premises/[0-9]*">Mieszkanie' "$TMP/home.html" | head -1 | grep -o '[0-9]*' || true)
	[[ -n $PREMISES ]] || PREMISES=$(grep -o '/ebok/premises/[0-9]*"' "$TMP/home.html" | head -1 | grep -o '[0-9]*' || true)
	[[ -n $PREMISES ]] || fail "no premises on $LOGIN's page"
fi
PAGE=/ebok/premises/$PREMISES/ledger

# 4. The page once.
code=$(curl -sS -H "$COOKIE" -D "$TMP/page.headers" -o "$TMP/page.html" -w '%{http_code}' "$EBOK_URL$PAGE")
[[ $code == 200 ]] || fail "GET $PAGE: HTTP $code"
BYTES=$(wc -c <"$TMP/page.html")

# 5. The bare handler with the same bytes.
BARE_URL=http://127.0.0.1:$BARE_PORT
timeout "$MAX_TIME" "$BENCHSERVE_BIN" -body "$TMP/page.html" -headers "$TMP/page.headers" \
	-listen "127.0.0.1:$BARE_PORT" -max-time "$MAX_TIME" >"$TMP/bare.log" 2>&1 &
BARE_PID=$!
wait_up "$BARE_URL$PAGE"
curl -sS -D "$TMP/bare.headers" -o "$TMP/bare.html" "$BARE_URL$PAGE"
cmp -s "$TMP/page.html" "$TMP/bare.html" || fail "benchserve does not serve the same bytes"
hdr_size() { grep -vi '^date:' "$1" | wc -c; }

# 6. wrk.
# rps FILE: the Requests/sec figure of a wrk report.
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
run_wrk() { # run_wrk NAME DURATION URL [HEADER]
	local name=$1 d=$2 url=$3 secs
	shift 3
	secs=$(( ${d%s} + 30 ))
	local args=(-t"$WRK_THREADS" -c"$WRK_CONNS" -d"$d" --latency)
	[[ $# -gt 0 ]] && args+=(-H "$1")
	# In the background, so that a signal reaches the trap at once.
	timeout "$secs" wrk "${args[@]}" "$url" >"$TMP/$name.wrk" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || fail "wrk $name: $(cat "$TMP/$name.wrk")"
	WRK_PID=
}
case $DATABASE in postgres://* | postgresql://*) ENGINE=postgres ;; *) ENGINE=sqlite ;; esac
echo "ledger page: $PAGE ($BYTES bytes, headers $(hdr_size "$TMP/page.headers") / $(hdr_size "$TMP/bare.headers") bytes ebok / bare), engine $ENGINE"
echo "wrk -t$WRK_THREADS -c$WRK_CONNS -d$WRK_DURATION --latency (warm-up $WARMUP each), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

run_wrk ebok-warmup "$WARMUP" "$EBOK_URL$PAGE" "$COOKIE"
run_wrk ebok "$WRK_DURATION" "$EBOK_URL$PAGE" "$COOKIE"
run_wrk bare-warmup "$WARMUP" "$BARE_URL$PAGE"
run_wrk bare "$WRK_DURATION" "$BARE_URL$PAGE"

for name in ebok bare; do
	echo
	echo "=== $name ==="
	cat "$TMP/$name.wrk"
	if grep -q 'Non-2xx' "$TMP/$name.wrk"; then
		fail "$name answered with errors"
	fi
done
EBOK_RPS=$(rps "$TMP/ebok.wrk")
BARE_RPS=$(rps "$TMP/bare.wrk")
[[ -n $EBOK_RPS && -n $BARE_RPS ]] || fail "no Requests/sec in the wrk reports"
# wrk closes its connections with requests in flight when a run ends:
# those requests' contexts are cancelled and ebok logs them.
if grep -qi 'level=\(warn\|error\)' "$TMP/ebok.log"; then
	echo
	echo "ebok log: $(grep -ci 'level=\(warn\|error\)' "$TMP/ebok.log") warnings/errors, $(grep -c 'context canceled' "$TMP/ebok.log" || true) of them 'context canceled' (wrk hanging up at the end of a run); first 3:"
	grep -i 'level=\(warn\|error\)' "$TMP/ebok.log" | head -3
fi

echo
awk -v e="$EBOK_RPS" -v b="$BARE_RPS" -v engine="$ENGINE" 'BEGIN {
	r = e / b
	printf "RESULT engine=%s ebok_rps=%.0f bare_rps=%.0f ratio=%.3f (1/%.1f) goal>=0.25 %s\n", engine, e, b, r, 1 / r, (r >= 0.25 ? "met" : "NOT met")
}'
