// Command importgen writes a valid ledger import file (see
// internal/ledgercsv/FORMAT.md) of any number of rows for a cooperative
// already in a database, for benchmarking `ebok import ledger` (see
// bench/import.sh and bench/README.md).
//
//	go run ./bench/importgen --database /tmp/imp-sqlite/ebok.db --rows 1000000 --out /tmp/ledger-1m.csv
//
// The rows name the cooperative's accounts round-robin in a shuffled order,
// nine in ten by account number (NRB) and one in ten by premises address
// ("Pogodna 4/1"). Kinds, as in a real export: six in ten are monthly
// charges (with due date, period and fee component), two payments, one
// interest and one a correction or a settlement with its reason. External
// ids are PREFIX/0000001 … in file order, so a file made with another
// --prefix posts again, and the same --prefix and --seed give the same
// file byte for byte. The file is written as ledgercsv.Write writes it:
// a byte order mark, the English header, ';' and CRLF.
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
)

// main reads the flags and writes the file; see the package comment.
func main() {
	database := flag.String("database", "", "SQLite path or postgres:// URL holding the cooperative (required)")
	slug := flag.String("coop", "demo", "slug of the cooperative")
	rows := flag.Int("rows", 1_000_000, "number of rows")
	prefix := flag.String("prefix", "GEN", "external id prefix")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("out", "", "file to write (required)")
	flag.Parse()
	if *database == "" || *out == "" || *rows < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), *database, *slug, *rows, *prefix, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "importgen:", err)
		os.Exit(1)
	}
}

// target is one account and the premises it belongs to.
type target struct {
	nrb     nrb.Number
	address string // "Pogodna 4/1"
}

// run loads the cooperative's accounts from the database and writes the
// file out.
func run(ctx context.Context, database, slug string, rows int, prefix string, seed uint64, out string) error {
	targets, err := loadTargets(ctx, database, slug)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := write(f, targets, rows, prefix, seed); err != nil {
		return errors.Join(err, f.Close())
	}
	return f.Close()
}

// loadTargets reads every account of the cooperative with its premises'
// address, in id order.
func loadTargets(ctx context.Context, database, slug string) ([]target, error) {
	db, err := store.Open(ctx, database, store.Options{MaxReadConns: 1})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Read().QueryContext(ctx, `SELECT a.nrb, b.street, b.number, p.number FROM accounts a
		JOIN premises p ON p.coop_id = a.coop_id AND p.id = a.premises_id
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		JOIN cooperatives c ON c.id = a.coop_id
		WHERE c.slug = $1 ORDER BY a.id`, slug)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	defer rows.Close()
	var ts []target
	for rows.Next() {
		var n, street, house, number string
		if err := rows.Scan(&n, &street, &house, &number); err != nil {
			return nil, fmt.Errorf("accounts: %w", err)
		}
		ts = append(ts, target{nrb: nrb.Number(n), address: strings.TrimPrefix(street, "ul. ") + " " + house + "/" + number})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("no accounts in cooperative %q", slug)
	}
	return ts, nil
}

// write writes the ledger import file to f: a byte order mark, the
// header and rows records, ';'-separated with CRLF as ledgercsv.Write
// does. The same seed gives the same file.
func write(f *os.File, targets []target, rows int, prefix string, seed uint64) error {
	rnd := rand.New(rand.NewPCG(seed, 0x1e6d))
	rnd.Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
	bw := bufio.NewWriterSize(f, 1<<20)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write([]string{"external_id", "account", "premises", "booked_on", "due_on", "period", "kind", "component", "amount", "description"}); err != nil {
		return err
	}
	first := civil.Date{Year: 2020, Month: time.January, Day: 1}
	rec := make([]string, 10)
	for i := range rows {
		fillRecord(rec, rnd, i, targets[i%len(targets)], first, prefix)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// fillRecord fills rec with row i (counted from 0) for account t: its
// external id, the account (one row in ten by premises address instead),
// a month drawn from 01.2020 … 10.2026 and the kind's columns. rec is
// reused from row to row, so it is cleared first.
func fillRecord(rec []string, rnd *rand.Rand, i int, t target, first civil.Date, prefix string) {
	month := first.AddMonths(rnd.IntN(82)) // 01.2020 … 10.2026
	clear(rec)
	rec[0] = fmt.Sprintf("%s/%07d", prefix, i+1)
	if i%10 == 9 {
		rec[2] = t.address
	} else {
		rec[1] = t.nrb.Format()
	}
	amount := fillKind(rec, rnd, month)
	rec[8] = strings.Replace(amount.Plain(), ".", ",", 1)
}

// fillKind draws the row's kind, six in ten charges, two payments, one
// interest and one a correction or settlement, fills the columns that
// kind has (dates, period, component, description) and returns its
// amount.
func fillKind(rec []string, rnd *rand.Rand, month civil.Date) money.Amount {
	components := []string{"eksploatacja", "fundusz remontowy", "woda", "ciepła woda", "centralne ogrzewanie", "wywóz nieczystości"}
	switch k := rnd.IntN(10); {
	case k < 6:
		rec[3] = month.String()
		rec[4] = month.AddDays(9).String()
		rec[5] = month.String()[:7]
		rec[6] = "naliczenie"
		rec[7] = components[rnd.IntN(len(components))]
		return money.Amount(1000 + rnd.Int64N(60000))
	case k < 8:
		rec[3] = month.AddDays(rnd.IntN(28)).String()
		rec[6] = "wpłata"
		rec[9] = "Przelew"
		return -money.Amount(1000 + rnd.Int64N(80000))
	case k < 9:
		rec[3] = month.LastDayOfMonth().String()
		rec[6] = "odsetki"
		return money.Amount(1 + rnd.Int64N(5000))
	}
	rec[3] = month.AddDays(rnd.IntN(28)).String()
	rec[6] = "korekta"
	if rnd.IntN(2) == 0 {
		rec[6] = "rozliczenie"
	}
	rec[9] = "Korekta naliczenia; rozliczenie wody za " + month.String()[:7]
	amount := money.Amount(rnd.Int64N(40000) - 20000)
	if amount == 0 {
		amount = 1
	}
	return amount
}
