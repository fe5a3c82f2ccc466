package ledger_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func demoCoop(t testing.TB, db *store.DB) (coopID, accountID int64, account nrb.Number, address string) {
	t.Helper()
	ctx := context.Background()
	res, err := demo.Generate(ctx, db, demo.Options{Seed: 3, Premises: 60, Today: today,
		HashPassword: func(string) (string, error) {
			return "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	var street, house, number, n string
	err = db.Read().QueryRowContext(ctx, `SELECT a.id, a.nrb, b.street, b.number, p.number FROM accounts a
		JOIN premises p ON p.coop_id = a.coop_id AND p.id = a.premises_id
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		WHERE a.coop_id = $1 AND p.kind = 'flat' ORDER BY a.id LIMIT 1`, res.CoopID).Scan(&accountID, &n, &street, &house, &number)
	if err != nil {
		t.Fatal(err)
	}
	return res.CoopID, accountID, nrb.Number(n), strings.TrimPrefix(street, "ul. ") + " " + house + "/" + number
}

func TestImportLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coopID, accountID, account, address := demoCoop(t, db)
		svc := &ledger.Service{DB: db, Now: time.Now}
		by := audit.Actor{CoopID: coopID, Name: "system"}
		balance := func() int64 {
			b, err := svc.Balances(ctx, coopID, []int64{accountID})
			if err != nil {
				t.Fatal(err)
			}
			return int64(b[accountID].Amount)
		}
		before := balance()
		file := fmt.Sprintf("external_id;account;premises;booked_on;kind;component;amount;description\n"+
			"FK-1;%s;;2026-11-20;naliczenie;eksploatacja;120,50;Dopłata\n"+
			"FK-2;;%s;20.11.2026;korekta;;-20,50;Korekta naliczenia za wodę\n"+
			"FK-3;%s;;2026-11-21;wpłata;;-100,00;Wpłata\n", account.Format(), address, account)
		res, err := svc.ImportLedger(ctx, by, "fk.csv", strings.NewReader(file), true)
		if err != nil || !res.OK() || res.Rows != 3 || res.New != 0 {
			t.Fatalf("dry run: %+v %v %+v", res, err, res.Problems)
		}
		if balance() != before {
			t.Fatal("a dry run posted something")
		}
		res, err = svc.ImportLedger(ctx, by, "fk.csv", strings.NewReader(file), false)
		if err != nil || res.New != 3 || res.Known != 0 || !res.Applied {
			t.Fatalf("apply: %+v %v", res, err)
		}
		if got := balance(); got != before+12050-2050-10000 {
			t.Errorf("balance %d, want %d", got, before)
		}
		// The same file again posts nothing; a dry run says so beforehand.
		res, err = svc.ImportLedger(ctx, by, "fk.csv", strings.NewReader(file), true)
		if err != nil || res.Known != 3 {
			t.Errorf("dry run of a known file: %+v %v", res, err)
		}
		res, err = svc.ImportLedger(ctx, by, "fk.csv", strings.NewReader(file), false)
		if err != nil || res.New != 0 || res.Known != 3 {
			t.Errorf("second apply: %+v %v", res, err)
		}
		if got := balance(); got != before+12050-2050-10000 {
			t.Errorf("re-import changed the balance to %d", got)
		}
		var imports int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM imports WHERE coop_id = $1 AND kind = 'ledger'`, coopID).Scan(&imports); err != nil || imports != 2 {
			t.Errorf("import history rows %d, %v", imports, err)
		}
		// A file with problems posts nothing and names every bad line.
		bad := fmt.Sprintf("external_id;account;booked_on;kind;amount;description\n"+
			"FK-10;%s;2026-11-20;naliczenie;5,00;ok\n"+
			"FK-11;%s;2026-11-20;naliczenie;12,345;zła kwota\n"+
			"FK-12;61109010140000071219812874;2026-11-20;naliczenie;5,00;obce konto\n", account, account)
		res, err = svc.ImportLedger(ctx, by, "bad.csv", strings.NewReader(bad), false)
		if !errors.Is(err, ledger.ErrImportRefused) {
			t.Fatalf("bad file: %v", err)
		}
		lines := map[int]bool{}
		for _, p := range append(res.Report.Problems, res.Problems...) {
			lines[p.Line] = true
		}
		if !lines[3] || !lines[4] || lines[2] {
			t.Errorf("problems on lines %v, want 3 and 4", lines)
		}
		if got := balance(); got != before+12050-2050-10000 {
			t.Error("a refused file posted something")
		}
	})
}

// idsFile writes a valid file of one row per id, spread over accounts,
// every tenth row naming the premises address instead.
func idsFile(t testing.TB, ids []string, accounts []nrb.Number, address string) []byte {
	t.Helper()
	rows := make([]ledgercsv.Row, len(ids))
	for i, id := range ids {
		rows[i] = ledgercsv.Row{ExternalID: id, Account: accounts[i%len(accounts)],
			BookedOn: civil.Date{Year: 2026, Month: 10, Day: 1 + i%28}, Kind: ledgercsv.KindCharge,
			Component: "eksploatacja", Amount: money.Amount(100 + i), Description: "Naliczenie"}
		switch i % 10 {
		case 3:
			rows[i].Kind, rows[i].Amount, rows[i].Component = ledgercsv.KindPayment, -rows[i].Amount, ""
		case 9:
			rows[i].Account, rows[i].Premises = "", address
			fallthrough
		default:
			rows[i].DueOn = civil.Date{Year: 2026, Month: 10, Day: 10}
			rows[i].Period = civil.Month{Year: 2026, Month: 10}
		}
	}
	var buf bytes.Buffer
	if err := ledgercsv.Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// seqIDs returns PREFIX/from … PREFIX/to.
func seqIDs(prefix string, from, to int) []string {
	var ids []string
	for i := from; i <= to; i++ {
		ids = append(ids, fmt.Sprintf("%s/%d", prefix, i))
	}
	return ids
}

// countEntries counts the cooperative's entries whose external id starts
// with prefix.
func countEntries(t testing.TB, db *store.DB, coopID int64, prefix string) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM ledger_entries
		WHERE coop_id = $1 AND external_id LIKE $2`, coopID, prefix+"/%").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportLedgerManyBatches imports files of several thousand rows (the
// rows reach the database in batches of about a thousand), the second
// overlapping the first, and checks the counts, the stored rows, their
// order, the import history and the audit entry.
func TestImportLedgerManyBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coopID, _, _, address := demoCoop(t, db)
		accounts := accountsOf(t, db, coopID)
		svc := &ledger.Service{DB: db, Now: time.Now}
		by := audit.Actor{CoopID: coopID, Name: "system"}
		cacheBefore := writerCacheSize(t, db)

		first := idsFile(t, seqIDs("X", 1, 1500), accounts, address)
		res, err := svc.ImportLedger(ctx, by, "a.csv", bytes.NewReader(first), false)
		if err != nil || res.Rows != 1500 || res.New != 1500 || res.Known != 0 {
			t.Fatalf("first file: %+v %v", res, err)
		}
		// The second file repeats X/1001 … X/1500 and adds 2,100 rows.
		second := idsFile(t, seqIDs("X", 1001, 3600), accounts, address)
		res, err = svc.ImportLedger(ctx, by, "b.csv", bytes.NewReader(second), true)
		if err != nil || !res.OK() || res.Rows != 2600 || res.Known != 500 || res.New != 0 || res.Applied {
			t.Fatalf("dry run of the second file: %+v %v", res, err)
		}
		if n := countEntries(t, db, coopID, "X"); n != 1500 {
			t.Fatalf("the dry run posted: %d entries", n)
		}
		res, err = svc.ImportLedger(ctx, by, "b.csv", bytes.NewReader(second), false)
		if err != nil || res.Rows != 2600 || res.New != 2100 || res.Known != 500 || !res.Applied {
			t.Fatalf("second file: %+v %v", res, err)
		}

		// Every id once, posted in file order.
		rows, err := db.Read().QueryContext(ctx, `SELECT external_id FROM ledger_entries
			WHERE coop_id = $1 AND external_id LIKE 'X/%' ORDER BY id`, coopID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			got = append(got, id)
		}
		rows.Close()
		if want := seqIDs("X", 1, 3600); !slices.Equal(got, want) {
			t.Fatalf("posted %d ids, want %d in file order", len(got), len(want))
		}

		// A row of each shape is stored as the file has it.
		check := func(id, account string, kind, booked string, due, period, component sql.NullString, amount int64) {
			t.Helper()
			var gotAccount, gotKind, gotDesc string
			var gotBooked civil.Date
			var gotDue civil.Date
			var gotPeriod, gotComponent sql.NullString
			var gotAmount int64
			err := db.Read().QueryRowContext(ctx, `SELECT a.nrb, e.kind, e.booked_on, e.due_on, e.period, e.component, e.amount, e.description
				FROM ledger_entries e JOIN accounts a ON a.id = e.account_id WHERE e.coop_id = $1 AND e.external_id = $2`, coopID, id).
				Scan(&gotAccount, &gotKind, &gotBooked, &gotDue, &gotPeriod, &gotComponent, &gotAmount, &gotDesc)
			if err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			if (account != "" && gotAccount != account) || gotKind != kind || gotBooked.String() != booked ||
				(gotDue.IsZero() == due.Valid) || (due.Valid && gotDue.String() != due.String) ||
				gotPeriod != period || gotComponent != component || gotAmount != amount || gotDesc != "Naliczenie" {
				t.Errorf("%s stored as %s %s %s %v %v %v %d %q", id, gotAccount, gotKind, gotBooked, gotDue, gotPeriod, gotComponent, gotAmount, gotDesc)
			}
		}
		// X/2001 is the 1001st row of b.csv (index 1000): a charge.
		check("X/2001", string(accounts[1000%len(accounts)]), "charge", "2026-10-21",
			sql.NullString{String: "2026-10-10", Valid: true}, sql.NullString{String: "2026-10", Valid: true},
			sql.NullString{String: "eksploatacja", Valid: true}, 1100)
		// X/2004 (index 1003): a payment without due date, period or component.
		check("X/2004", string(accounts[1003%len(accounts)]), "payment", "2026-10-24",
			sql.NullString{}, sql.NullString{}, sql.NullString{}, -1103)
		// X/2010 (index 1009) names the premises address.
		check("X/2010", "", "charge", "2026-10-02",
			sql.NullString{String: "2026-10-10", Valid: true}, sql.NullString{String: "2026-10", Valid: true},
			sql.NullString{String: "eksploatacja", Valid: true}, 1109)

		// The history row and the audit entry of the second import.
		var total, added, known int
		var sum string
		if err := db.Read().QueryRowContext(ctx, `SELECT rows_total, rows_new, rows_known, sha256 FROM imports WHERE id = $1`, res.ImportID).
			Scan(&total, &added, &known, &sum); err != nil {
			t.Fatal(err)
		}
		if h := sha256.Sum256(second); total != 2600 || added != 2100 || known != 500 || sum != hex.EncodeToString(h[:]) {
			t.Errorf("imports row: %d %d %d %s", total, added, known, sum)
		}
		var audits int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE coop_id = $1 AND action = 'ledger.imported' AND subject = $2`,
			coopID, fmt.Sprintf("import:%d", res.ImportID)).Scan(&audits); err != nil || audits != 1 {
			t.Errorf("audit entries %d, %v", audits, err)
		}
		if after := writerCacheSize(t, db); after != cacheBefore {
			t.Errorf("the writer's page cache is %d after the import, %d before", after, cacheBefore)
		}
	})
}

// writerCacheSize returns the SQLite writer's page cache size (0 on
// PostgreSQL), which an import raises for its transaction only.
func writerCacheSize(t testing.TB, db *store.DB) int64 {
	t.Helper()
	if db.Dialect() != store.SQLite {
		return 0
	}
	var n int64
	if err := db.WriteConn().QueryRowContext(context.Background(), "PRAGMA cache_size").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportLedgerRefusesLateProblems: a problem on the last line of a
// file of several batches, found after most rows were staged, posts
// nothing; the next file imports normally.
func TestImportLedgerRefusesLateProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coopID, _, account, address := demoCoop(t, db)
		accounts := accountsOf(t, db, coopID)
		svc := &ledger.Service{DB: db, Now: time.Now}
		by := audit.Actor{CoopID: coopID, Name: "system"}
		good := idsFile(t, seqIDs("L", 1, 2500), accounts, address)
		lastLine := 2500 + 2 // after the header and 2,500 rows
		for _, tc := range []struct{ name, line string }{
			{"bad amount", fmt.Sprintf("L/9999;%s;;2026-10-01;;;charge;;12,345;Zła kwota\r\n", account.Format())},
			{"foreign account", "L/9999;61 1090 1014 0000 0712 1981 2874;;2026-10-01;;;charge;;12,34;Obce konto\r\n"},
			{"repeated id", fmt.Sprintf("L/7;%s;;2026-10-01;;;charge;;12,34;Powtórzony identyfikator\r\n", account.Format())},
		} {
			file := append(slices.Clip(good), tc.line...)
			for _, dryRun := range []bool{true, false} {
				res, err := svc.ImportLedger(ctx, by, "late.csv", bytes.NewReader(file), dryRun)
				if dryRun && (err != nil || res.OK()) {
					t.Fatalf("%s, dry run: %+v %v", tc.name, res, err)
				}
				if !dryRun && !errors.Is(err, ledger.ErrImportRefused) {
					t.Fatalf("%s: %v", tc.name, err)
				}
				var lines []int
				for _, p := range append(res.Report.Problems, res.Problems...) {
					lines = append(lines, p.Line)
				}
				if !slices.Equal(lines, []int{lastLine}) || res.Rows != 2501 {
					t.Errorf("%s: problems on lines %v of %d rows, want only %d", tc.name, lines, res.Rows, lastLine)
				}
				if n := countEntries(t, db, coopID, "L"); n != 0 {
					t.Fatalf("%s: %d entries posted", tc.name, n)
				}
			}
		}
		var imports int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM imports WHERE coop_id = $1`, coopID).Scan(&imports); err != nil || imports != 0 {
			t.Errorf("imports rows %d, %v", imports, err)
		}
		res, err := svc.ImportLedger(ctx, by, "good.csv", bytes.NewReader(good), false)
		if err != nil || res.New != 2500 {
			t.Fatalf("good file after refused ones: %+v %v", res, err)
		}
	})
}

// cancelReader cancels a context once it has handed on more than after
// bytes.
type cancelReader struct {
	r      io.Reader
	after  int
	read   int
	cancel context.CancelFunc
}

func (c *cancelReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	if c.read > c.after {
		c.cancel()
	}
	return n, err
}

// TestImportLedgerCancelled: an import whose context ends while the file
// is read posts nothing, and the database serves the next import.
func TestImportLedgerCancelled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		coopID, _, _, address := demoCoop(t, db)
		accounts := accountsOf(t, db, coopID)
		svc := &ledger.Service{DB: db, Now: time.Now}
		by := audit.Actor{CoopID: coopID, Name: "system"}
		file := idsFile(t, seqIDs("C", 1, 20000), accounts, address)
		for _, dryRun := range []bool{true, false} {
			ctx, cancel := context.WithCancel(context.Background())
			_, err := svc.ImportLedger(ctx, by, "c.csv", &cancelReader{r: bytes.NewReader(file), after: len(file) / 2, cancel: cancel}, dryRun)
			cancel()
			if !errors.Is(err, context.Canceled) {
				t.Errorf("dry run %v: %v, want context.Canceled", dryRun, err)
			}
		}
		if n := countEntries(t, db, coopID, "C"); n != 0 {
			t.Fatalf("a cancelled import posted %d entries", n)
		}
		res, err := svc.ImportLedger(context.Background(), by, "c.csv", bytes.NewReader(file), false)
		if err != nil || res.New != 20000 {
			t.Fatalf("import after a cancelled one: %+v %v", res, err)
		}
	})
}
