#!/usr/bin/env bash
# bench/coldstart.sh: seconds from launching `ebok serve` to the first
# answer (200) of / on an existing database (issue 13 goal 4: < 0.5 s on
# the 100,000-premises demo). See bench/README.md.
#
# Usage:
#   bench/coldstart.sh DATA_DIR [RUNS]
#
# DATA_DIR holds the SQLite demo (`ebok demo --premises 100000 --data-dir
# DATA_DIR`); set EBOK_DATABASE_URL for PostgreSQL. EBOK_BIN names a
# prebuilt ebok (default: go build into a temporary folder). Each run waits
# at most 20 s; the server listens on 127.0.0.1:${EBOK_PORT:-18099}.
set -euo pipefail

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 2
fi
DATA_DIR=$1
RUNS=${2:-3}
PORT=${EBOK_PORT:-18099}
BIN=${EBOK_BIN:-}
if [[ -z $BIN ]]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	BIN=$tmp/ebok
	go build -o "$BIN" "$(dirname "$0")/../cmd/ebok"
fi

for ((i = 1; i <= RUNS; i++)); do
	start=$(date +%s%N)
	timeout 20s "$BIN" serve --data-dir "$DATA_DIR" --listen "127.0.0.1:$PORT" >/dev/null 2>&1 &
	pid=$!
	until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/" || true) == 200 ]]; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "ebok serve stopped before answering" >&2
			exit 1
		fi
		sleep 0.005
	done
	end=$(date +%s%N)
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	echo "run $i: $(( (end - start) / 1000000 )) ms to the first answer"
done
