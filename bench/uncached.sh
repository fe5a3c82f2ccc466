#!/usr/bin/env bash
# bench/uncached.sh: the pages residents open once at the start of a month,
# where no kept page helps: the overview and the ledger of random premises,
# as residents with their own sessions and as staff, next to a bare
# net/http handler serving one such page from memory, in the same run.
# Peak RSS of ebok serve is sampled every second. See bench/README.md.
#
# Usage:
#   bench/uncached.sh DATABASE
#
# DATABASE is an SQLite path or a postgres:// URL of the 100,000-premises
# demo (`ebok demo --premises 100000 …`). The script:
#   1. builds ebok, benchserve and mintsessions (unless EBOK_BIN names ebok),
#   2. starts `ebok serve` on 127.0.0.1 with EBOK_PAGE_CACHE_MIB=0 (no page
#      is kept) and the default memory limit,
#   3. gives RESIDENTS residents a login each and logs them in through the
#      login form (bench/mintsessions), and logs the demo staff admin in,
#   4. serves one resident overview from benchserve (the bare handler),
#   5. runs wrk with bench/uncached.lua: residents (each request a random
#      resident's own premises, overview or ledger), then staff (random
#      premises 1..100000), then the bare handler,
#   6. prints each report, the rates, their ratio to the bare handler, p99,
#      the CPU time of ebok serve per request answered and the peak RSS,
#      and stops everything (a trap does on error too).
#
# Settings (environment):
#   WRK_THREADS=2 WRK_CONNS=64 WRK_DURATION=20s WARMUP=3s
#   RESIDENTS=200                       residents logged in
#   EBOK_PORT=18093 BARE_PORT=18094     loopback ports
#   MAX_TIME=15m                        lifetime bound of each server
#   EBOK_BIN                            a prebuilt ebok (default: go build)
#   EXTRA_ENV                           more VAR=value for ebok serve, e.g.
#                                       "EBOK_MEMORY_LIMIT_MIB=0"
set -euo pipefail

if [[ $# -ne 1 || $1 == -h || $1 == --help ]]; then
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 2
fi
DATABASE=$1
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNS=${WRK_CONNS:-64}
WRK_DURATION=${WRK_DURATION:-20s}
WARMUP=${WARMUP:-3s}
RESIDENTS=${RESIDENTS:-200}
EBOK_PORT=${EBOK_PORT:-18093}
BARE_PORT=${BARE_PORT:-18094}
MAX_TIME=${MAX_TIME:-15m}
EXTRA_ENV=${EXTRA_ENV:-}

for tool in curl wrk timeout; do
	command -v "$tool" >/dev/null || { echo "uncached.sh: $tool is missing (apt-get install -y $tool)" >&2; exit 1; }
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ebok-uncached.XXXXXX")
EBOK_PID= BARE_PID= WRK_PID= RSS_PID=

stop() { # stop PID: TERM, then KILL after 10 s
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
	stop "$RSS_PID"
	stop "$BARE_PID"
	stop "$EBOK_PID"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "uncached.sh: $*" >&2
	[[ -s $TMP/ebok.log ]] && { echo "--- ebok serve log (tail) ---" >&2; tail -20 "$TMP/ebok.log" >&2; }
	exit 1
}

wait_up() { # wait_up URL: up to 120 s
	for _ in $(seq 1200); do
		curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
		[[ -n $EBOK_PID ]] && ! kill -0 "$EBOK_PID" 2>/dev/null && fail "ebok serve exited"
		sleep 0.1
	done
	fail "$1 did not answer within 120 s"
}

# 1. Binaries.
echo "building…"
(cd "$ROOT" && go build -o "$TMP/benchserve" ./cmd/benchserve && go build -o "$TMP/mintsessions" ./bench/mintsessions)
if [[ -z ${EBOK_BIN:-} ]]; then
	(cd "$ROOT" && go build -o "$TMP/ebok" ./cmd/ebok)
	EBOK_BIN=$TMP/ebok
fi

# 2. ebok serve, keeping no page.
EBOK_URL=http://127.0.0.1:$EBOK_PORT
mkdir -p "$TMP/data"
SERVE_ENV=(EBOK_DATABASE_URL="$DATABASE" EBOK_DATA_DIR="$TMP/data" EBOK_LISTEN=127.0.0.1:$EBOK_PORT
	EBOK_BASE_URL="$EBOK_URL" EBOK_STAFF_TOTP=optional EBOK_LOG_LEVEL=warn EBOK_PAGE_CACHE_MIB=0)
# shellcheck disable=SC2206
[[ -n $EXTRA_ENV ]] && SERVE_ENV+=($EXTRA_ENV)
env "${SERVE_ENV[@]}" timeout "$MAX_TIME" "$EBOK_BIN" serve >"$TMP/ebok.log" 2>&1 &
EBOK_PID=$!
wait_up "$EBOK_URL/healthz"

# 3. Sessions.
EBOK_DATABASE_URL=$DATABASE EBOK_DATA_DIR=$TMP/data \
	"$TMP/mintsessions" -n "$RESIDENTS" -base "$EBOK_URL" -out "$TMP/sessions.txt" || fail "mintsessions failed"
code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$TMP/jar" \
	--data-urlencode "login=admin" --data-urlencode "password=demo-admin" "$EBOK_URL/staff/login")
[[ $code == 303 ]] || fail "staff login: HTTP $code"
STAFF=$(awk '$6 == "ebok_session" { print $7 }' "$TMP/jar")
[[ -n $STAFF ]] || fail "staff login set no session cookie"
MAX_PREMISES=${MAX_PREMISES:-100000}

# 4. One resident overview for the bare handler.
read -r COOKIE PREMISES < "$TMP/sessions.txt"
PAGE=/ebok/premises/$PREMISES
code=$(curl -sS -H "Cookie: ebok_session=$COOKIE" -D "$TMP/page.headers" -o "$TMP/page.html" -w '%{http_code}' "$EBOK_URL$PAGE")
[[ $code == 200 ]] || fail "GET $PAGE: HTTP $code"
BARE_URL=http://127.0.0.1:$BARE_PORT
timeout "$MAX_TIME" "$TMP/benchserve" -body "$TMP/page.html" -headers "$TMP/page.headers" \
	-listen "127.0.0.1:$BARE_PORT" -max-time "$MAX_TIME" >"$TMP/bare.log" 2>&1 &
BARE_PID=$!
wait_up "$BARE_URL$PAGE"

# RSS of ebok serve (the child of timeout) every second, in KiB.
SERVE_PID=$(pgrep -P "$EBOK_PID" | head -1)
[[ -n $SERVE_PID ]] || fail "no ebok serve process under timeout"
(while kill -0 "$SERVE_PID" 2>/dev/null; do
	awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status" 2>/dev/null || true
	sleep 1
done) >"$TMP/rss.txt" &
RSS_PID=$!

# 5. wrk.
# CPU time (user + system, clock ticks) of ebok serve so far.
serve_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVE_PID/stat"; }
run_wrk() { # run_wrk NAME DURATION URL [SCRIPT ARGS…]: with arguments, through bench/uncached.lua
	local name=$1 d=$2 url=$3
	shift 3
	serve_ticks >"$TMP/$name.ticks"
	local secs=$(( ${d%s} + 30 ))
	local args=(-t"$WRK_THREADS" -c"$WRK_CONNS" -d"$d" --latency)
	if [[ $# -gt 0 ]]; then args+=(-s "$LUA" "$url" -- "$@"); else args+=("$url"); fi
	timeout "$secs" wrk "${args[@]}" >"$TMP/$name.wrk" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || fail "wrk $name: $(cat "$TMP/$name.wrk")"
	WRK_PID=
	serve_ticks >>"$TMP/$name.ticks"
}
LUA=$ROOT/bench/uncached.lua
case $DATABASE in postgres://* | postgresql://*) ENGINE=postgres ;; *) ENGINE=sqlite ;; esac
echo "engine $ENGINE, $(wc -l <"$TMP/sessions.txt") resident premises, wrk -t$WRK_THREADS -c$WRK_CONNS -d$WRK_DURATION, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run_wrk resident-warmup "$WARMUP" "$EBOK_URL" resident "$TMP/sessions.txt"
run_wrk resident "$WRK_DURATION" "$EBOK_URL" resident "$TMP/sessions.txt"
run_wrk staff "$WRK_DURATION" "$EBOK_URL" staff "$STAFF" "$MAX_PREMISES"
RSS_AFTER=$(sort -n "$TMP/rss.txt" | tail -1)
run_wrk bare-warmup "$WARMUP" "$BARE_URL$PAGE"
run_wrk bare "$WRK_DURATION" "$BARE_URL$PAGE"

# 6. Results.
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
p99() { awk '$1 == "99%" { print $2 }' "$1"; }
for name in resident staff bare; do
	echo; echo "=== $name ==="; cat "$TMP/$name.wrk"
	grep -q 'Non-2xx' "$TMP/$name.wrk" && fail "$name answered with errors"
done
echo
echo "RSS of ebok serve (MiB, one sample a second): $(awk '{ printf "%d ", $1/1024 }' "$TMP/rss.txt")"
BARE=$(rps "$TMP/bare.wrk")
# CPU of ebok serve per request answered: steadier from run to run than
# the rate, which the other jobs on the machine sway.
cpu_ms() { # cpu_ms NAME
	local requests ticks
	requests=$(awk '/ requests in / { print $1 }' "$TMP/$1.wrk")
	ticks=$(awk 'NR == 1 { a = $1 } NR == 2 { print $1 - a }' "$TMP/$1.ticks")
	awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1000 / n }'
}
for name in resident staff; do
	awk -v e="$(rps "$TMP/$name.wrk")" -v b="$BARE" -v p="$(p99 "$TMP/$name.wrk")" -v n="$name" -v engine="$ENGINE" -v rss="$RSS_AFTER" -v cpu="$(cpu_ms "$name")" 'BEGIN {
		r = e / b
		printf "RESULT engine=%s %s rps=%.0f bare_rps=%.0f ratio=1/%.1f (goal >= 1/10 %s) p99=%s (goal < 50ms) peak_rss=%d MiB (goal < 150) server_cpu=%s ms/request\n", engine, n, e, b, 1 / r, (r >= 0.1 ? "met" : "NOT met"), p, rss / 1024, cpu
	}'
done
