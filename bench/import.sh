#!/usr/bin/env bash
# bench/import.sh: rows per second of `ebok import ledger` for a file of a
# million rows, next to sqlite3's .import and PostgreSQL's \copy of the same
# rows, on the same demo database, in the same run. See bench/README.md.
#
# Usage:
#   bench/import.sh [sqlite|postgres|all]        (default: all)
#
# The script:
#   1. builds ebok and bench/importgen (unless EBOK_BIN / IMPORTGEN_BIN name them),
#   2. makes a demo cooperative of PREMISES premises: an SQLite file under WORK,
#      and a PostgreSQL database PG_PREFIX_tpl (dropped first if it exists),
#   3. writes ROWS valid rows for it with importgen (WORK/ledger.csv),
#   4. on each engine, RUNS times, each time into a fresh copy of the demo
#      database (a file copy; CREATE DATABASE … TEMPLATE), timed with
#      /usr/bin/time -v (wall clock and peak RSS of the client process):
#        ebok     `ebok import ledger WORK/ledger.csv`
#        plain    .import / \copy of the file into a table of its ten columns, no index
#        indexed  the same into a table of its ten columns with indexes shaped like
#                 ledger_entries': id primary key, (account, booked_on, id), and a
#                 partial unique index on external_id
#        ledger   .import / \copy of the rows ebok stored (exported once from the
#                 first ebok run, untimed) into ledger_entries itself: its indexes,
#                 foreign key, checks and the demo's ~476,000 rows already there
#   5. prints a table of wall time, rows/s, peak RSS and ebok's rate as a
#      fraction of each reference's, with the load average before each run
#      (the machine may be shared), and writes it to WORK/results.txt,
#   6. drops its PostgreSQL databases and removes WORK unless KEEP=1.
#
# sqlite3 runs with the settings ebok's writer has during an import:
# WAL (a property of the file), synchronous=NORMAL, a 64 MiB page cache and
# foreign_keys=ON. Every load is one transaction. On PostgreSQL the peak RSS
# is psql's or ebok's, not the server's.
#
# Settings (environment):
#   ROWS=1000000 PREMISES=2000 RUNS=1
#   WORK=/tmp/ebok-import-bench                  build, files and SQLite copies (about 1.5 GB)
#   PG_URL=postgres://postgres@127.0.0.1:5432    server (trust auth), without the database
#   PG_ADMIN_DB=test                             database to connect to for CREATE/DROP DATABASE
#   PG_PREFIX=ebok_import_bench                  prefix of the databases the script makes
#   EBOK_BIN, IMPORTGEN_BIN                      prebuilt binaries (default: go build)
#   KEEP=1                                       keep WORK and the PostgreSQL template database
set -euo pipefail

if [[ $# -gt 1 || ${1:-} == -h || ${1:-} == --help ]]; then
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 2
fi
ENGINES=${1:-all}
case $ENGINES in
sqlite | postgres | all) ;;
*) echo "import.sh: say sqlite, postgres or all" >&2; exit 2 ;;
esac
ROWS=${ROWS:-1000000}
PREMISES=${PREMISES:-2000}
RUNS=${RUNS:-1}
WORK=${WORK:-/tmp/ebok-import-bench}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_ADMIN_DB=${PG_ADMIN_DB:-test}
PG_PREFIX=${PG_PREFIX:-ebok_import_bench}
KEEP=${KEEP:-0}

for tool in sqlite3 psql /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "import.sh: $tool is missing" >&2; exit 1; }
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: >"$RESULTS"

pg() { # pg DB SQL…: run SQL on database DB
	local db=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 "$PG_URL/$db?sslmode=disable" "$@"
}

cleanup() {
	if [[ $KEEP != 1 ]]; then
		pg "$PG_ADMIN_DB" -c "DROP DATABASE IF EXISTS ${PG_PREFIX}_run" -c "DROP DATABASE IF EXISTS ${PG_PREFIX}_tpl" >/dev/null 2>&1 || true
		rm -rf "$WORK"
	else
		pg "$PG_ADMIN_DB" -c "DROP DATABASE IF EXISTS ${PG_PREFIX}_run" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

# 1. binaries
if [[ -z ${EBOK_BIN:-} ]]; then
	EBOK_BIN=$WORK/ebok
	(cd "$ROOT" && go build -o "$EBOK_BIN" ./cmd/ebok)
fi
if [[ -z ${IMPORTGEN_BIN:-} ]]; then
	IMPORTGEN_BIN=$WORK/importgen
	(cd "$ROOT" && go build -o "$IMPORTGEN_BIN" ./bench/importgen)
fi
export EBOK_LOG_LEVEL=warn

# timed NAME ENGINE CMD…: runs CMD under /usr/bin/time -v and prints a
# result line: engine, name, seconds, rows/s, peak RSS (MB), load average.
declare -A SECONDS_OF
timed() {
	local name=$1 engine=$2
	shift 2
	local load out=$WORK/time.txt
	load=$(cut -d' ' -f1 /proc/loadavg)
	/usr/bin/time -v -o "$out" "$@" >"$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt" "$out" >&2; exit 1; }
	local secs rss
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$out")
	rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$out")
	SECONDS_OF[$engine/$name]=$secs
	printf '%-8s %-8s %8.2f s %10.0f rows/s %7s MB   load %s\n' "$engine" "$name" "$secs" "$(echo "$ROWS / $secs" | bc -l)" "$rss" "$load" | tee -a "$RESULTS"
}

# counted ENGINE N: checks that the last load stored N rows.
counted() {
	[[ $2 == "$ROWS" ]] || { echo "import.sh: $1 stored $2 rows, not $ROWS" >&2; exit 1; }
}

# ratio ENGINE: ebok's rate as a fraction of each reference's.
ratio() {
	local engine=$1 name
	for name in plain indexed ledger; do
		printf '%-8s ebok/%-8s %.2f\n' "$engine" "$name" "$(echo "${SECONDS_OF[$engine/$name]} / ${SECONDS_OF[$engine/ebok]}" | bc -l)" | tee -a "$RESULTS"
	done
}

# 2. demo databases
SQLITE_DEMO=$WORK/demo/ebok.db
if [[ $ENGINES != postgres ]]; then
	rm -rf "$WORK/demo"
	"$EBOK_BIN" demo --premises "$PREMISES" --database "$SQLITE_DEMO" >/dev/null
	# Leave the demo checkpointed, so that every copy starts alike.
	sqlite3 "$SQLITE_DEMO" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
fi
PG_TPL=${PG_PREFIX}_tpl
PG_RUN=${PG_PREFIX}_run
if [[ $ENGINES != sqlite ]]; then
	pg "$PG_ADMIN_DB" -c "DROP DATABASE IF EXISTS $PG_RUN" -c "DROP DATABASE IF EXISTS $PG_TPL" -c "CREATE DATABASE $PG_TPL"
	"$EBOK_BIN" demo --premises "$PREMISES" --database "$PG_URL/$PG_TPL?sslmode=disable" >/dev/null
	pg "$PG_TPL" -c 'VACUUM ANALYZE'
fi

# 3. the file (for the SQLite demo if there is one: the same seed gives
# both engines the same accounts)
FILE=$WORK/ledger.csv
if [[ $ENGINES != postgres ]]; then
	"$IMPORTGEN_BIN" --database "$SQLITE_DEMO" --rows "$ROWS" --out "$FILE"
else
	"$IMPORTGEN_BIN" --database "$PG_URL/$PG_TPL?sslmode=disable" --rows "$ROWS" --out "$FILE"
fi

FILE_COLUMNS='external_id TEXT, account TEXT, premises TEXT, booked_on DATE, due_on DATE, period TEXT, kind TEXT, component TEXT, amount TEXT, description TEXT'
FILE_COLUMN_NAMES='external_id, account, premises, booked_on, due_on, period, kind, component, amount, description'
LEDGER_COLUMNS='coop_id, account_id, kind, booked_on, due_on, period, component, amount, description, external_id, created_at'

# 4a. SQLite
sqlite_fresh() { # a fresh copy of the demo file at WORK/run/ebok.db
	rm -rf "$WORK/run"
	mkdir -p "$WORK/run"
	cp "$SQLITE_DEMO" "$WORK/run/ebok.db"
}
sqlite_script() { # sqlite_script FILE TABLE [SKIP]: writes WORK/load.sql, an .import with ebok's import settings
	printf 'PRAGMA synchronous = NORMAL;\nPRAGMA cache_size = -65536;\nPRAGMA foreign_keys = ON;\n.mode csv\n.separator ";"\n.import %s %s %s\n' \
		"${3:+--skip $3}" "$1" "$2" >"$WORK/load.sql"
}
if [[ $ENGINES != postgres ]]; then
	max_id=$(sqlite3 "$SQLITE_DEMO" 'SELECT MAX(id) FROM ledger_entries')
	for run in $(seq "$RUNS"); do
		sqlite_fresh
		timed ebok sqlite "$EBOK_BIN" import ledger "$FILE" --database "$WORK/run/ebok.db"
		grep -q " $ROWS posted" "$WORK/out.txt" || { cat "$WORK/out.txt" >&2; exit 1; }
		if [[ ! -f $WORK/resolved-sqlite.csv ]]; then
			# The rows as ebok stored them. CSV has no NULL: .import stores
			# '' for the empty due_on, period and component.
			sqlite3 -csv -separator ';' "$WORK/run/ebok.db" \
				"SELECT id, $LEDGER_COLUMNS FROM ledger_entries WHERE id > $max_id ORDER BY id" >"$WORK/resolved-sqlite.csv"
		fi

		sqlite_fresh
		sqlite3 "$WORK/run/ebok.db" "CREATE TABLE imp_plain ($FILE_COLUMNS)"
		sqlite_script "$FILE" imp_plain 1
		timed plain sqlite sqlite3 -bail "$WORK/run/ebok.db" ".read $WORK/load.sql"
		counted sqlite "$(sqlite3 "$WORK/run/ebok.db" 'SELECT COUNT(*) FROM imp_plain')"

		sqlite_fresh
		# The rowid is the id, as in ledger_entries; an SQLite index ends
		# with the rowid, so (account, booked_on) is (account, booked_on, id).
		sqlite3 "$WORK/run/ebok.db" "CREATE TABLE imp_indexed ($FILE_COLUMNS);
			CREATE INDEX imp_indexed_account ON imp_indexed (account, booked_on);
			CREATE UNIQUE INDEX imp_indexed_external ON imp_indexed (external_id) WHERE external_id IS NOT NULL;"
		sqlite_script "$FILE" imp_indexed 1
		timed indexed sqlite sqlite3 -bail "$WORK/run/ebok.db" ".read $WORK/load.sql"
		counted sqlite "$(sqlite3 "$WORK/run/ebok.db" 'SELECT COUNT(*) FROM imp_indexed')"

		sqlite_fresh
		sqlite_script "$WORK/resolved-sqlite.csv" ledger_entries
		timed ledger sqlite sqlite3 -bail "$WORK/run/ebok.db" ".read $WORK/load.sql"
		counted sqlite "$(sqlite3 "$WORK/run/ebok.db" "SELECT COUNT(*) FROM ledger_entries WHERE id > $max_id")"
		ratio sqlite
	done
fi

# 4b. PostgreSQL
pg_fresh() {
	pg "$PG_ADMIN_DB" -c "DROP DATABASE IF EXISTS $PG_RUN" -c "CREATE DATABASE $PG_RUN TEMPLATE $PG_TPL"
}
if [[ $ENGINES != sqlite ]]; then
	max_id=$(pg "$PG_TPL" -At -c 'SELECT MAX(id) FROM ledger_entries')
	for run in $(seq "$RUNS"); do
		pg_fresh
		timed ebok postgres "$EBOK_BIN" import ledger "$FILE" --database "$PG_URL/$PG_RUN?sslmode=disable"
		grep -q " $ROWS posted" "$WORK/out.txt" || { cat "$WORK/out.txt" >&2; exit 1; }
		if [[ ! -f $WORK/resolved-pg.txt ]]; then
			pg "$PG_RUN" -c "\\copy (SELECT $LEDGER_COLUMNS FROM ledger_entries WHERE id > $max_id ORDER BY id) TO '$WORK/resolved-pg.txt'"
		fi

		pg_fresh
		pg "$PG_RUN" -c "CREATE TABLE imp_plain ($FILE_COLUMNS)"
		timed plain postgres psql -X -q -v ON_ERROR_STOP=1 "$PG_URL/$PG_RUN?sslmode=disable" -c "\\copy imp_plain FROM '$FILE' WITH (FORMAT csv, DELIMITER ';', HEADER true)"
		counted postgres "$(pg "$PG_RUN" -At -c 'SELECT COUNT(*) FROM imp_plain')"

		pg_fresh
		pg "$PG_RUN" -c "CREATE TABLE imp_indexed (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, $FILE_COLUMNS)" \
			-c 'CREATE INDEX imp_indexed_account ON imp_indexed (account, booked_on, id)' \
			-c 'CREATE UNIQUE INDEX imp_indexed_external ON imp_indexed (external_id) WHERE external_id IS NOT NULL'
		timed indexed postgres psql -X -q -v ON_ERROR_STOP=1 "$PG_URL/$PG_RUN?sslmode=disable" -c "\\copy imp_indexed ($FILE_COLUMN_NAMES) FROM '$FILE' WITH (FORMAT csv, DELIMITER ';', HEADER true)"
		counted postgres "$(pg "$PG_RUN" -At -c 'SELECT COUNT(*) FROM imp_indexed')"

		pg_fresh
		timed ledger postgres psql -X -q -v ON_ERROR_STOP=1 "$PG_URL/$PG_RUN?sslmode=disable" -c "\\copy ledger_entries ($LEDGER_COLUMNS) FROM '$WORK/resolved-pg.txt'"
		counted postgres "$(pg "$PG_RUN" -At -c "SELECT COUNT(*) FROM ledger_entries WHERE id > $max_id")"
		ratio postgres
	done
fi
echo "results: $RESULTS (removed with WORK unless KEEP=1)"
