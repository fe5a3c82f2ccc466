package ledger

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/store"
)

// ImportResult says what a ledger import found and did.
type ImportResult struct {
	Report   *ledgercsv.Report
	Problems []ledgercsv.Problem // rows naming no account of the cooperative
	Rows     int
	New      int // entries added (0 on a dry run)
	Known    int // entries skipped: their external id is already posted
	Applied  bool
	ImportID int64
}

// OK reports whether the file can be applied: it parsed cleanly and every
// row names an account of the cooperative.
func (r *ImportResult) OK() bool { return r.Report.OK() && len(r.Problems) == 0 }

// ErrImportRefused: the file has problems, so nothing was posted.
var ErrImportRefused = errors.New("ledger: the file has problems; nothing was posted")

// ImportLedger reads a ledger export (see package ledgercsv) and, unless
// dryRun, posts it all-or-nothing in one transaction. Rows whose external
// id is already posted are skipped, so importing a file again posts
// nothing twice. Every row must name an account of the cooperative by its
// NRB or by the premises address ("Mickiewicza 5/12").
//
// The file is streamed: a reader goroutine parses it while the rows read
// so far go to the database (see rowFeed), so memory does not grow with
// the file. Applying, the rows are staged inside the transaction as they
// come (see ledgerPoster) and posted only once the whole file has proved
// clean; a file with any problem rolls the transaction back. A dry run
// only reads: it looks up the rows' external ids batch by batch.
func (s *Service) ImportLedger(ctx context.Context, by audit.Actor, filename string, r io.Reader, dryRun bool) (*ImportResult, error) {
	accounts, err := s.accountIndex(ctx, by.CoopID)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{}
	if dryRun {
		if err := s.checkLedger(ctx, by.CoopID, r, accounts, res); err != nil {
			return nil, fmt.Errorf("ledger: import %s: %w", filename, err)
		}
		return res, nil
	}
	err = s.DB.InConnTx(ctx, func(tx *store.Tx) error {
		return s.applyLedger(ctx, tx, by, filename, r, accounts, res)
	})
	if errors.Is(err, ErrImportRefused) {
		return res, ErrImportRefused
	}
	if err != nil {
		return nil, fmt.Errorf("ledger: import %s: %w", filename, err)
	}
	res.Applied = true
	return res, nil
}

// applyLedger stages the file's rows, and if the whole file proved clean
// posts them and records the import, all in tx.
func (s *Service) applyLedger(ctx context.Context, tx *store.Tx, by audit.Actor, filename string, r io.Reader, accounts *accountIndex, res *ImportResult) (err error) {
	now := s.now()
	poster, err := newLedgerPoster(ctx, tx, by.CoopID, now)
	if err != nil {
		return err
	}
	// The poster cleans up inside the transaction, whatever happens.
	defer func() { err = errors.Join(err, poster.close()) }()
	feed := startFeed(ctx, r, accounts)
	defer feed.stop()
	staged, err := poster.stage(ctx, feed)
	if err != nil {
		return err
	}
	if err := readResult(feed, res); err != nil {
		return err
	}
	if !res.OK() {
		return ErrImportRefused
	}
	if res.New, err = poster.post(ctx); err != nil {
		return err
	}
	res.Known = staged - res.New
	sum := hex.EncodeToString(res.Report.SHA256[:])
	if err := tx.QueryRowContext(ctx, `INSERT INTO imports (coop_id, kind, filename, sha256, rows_total, rows_new, rows_known, created_by, created_at)
		VALUES ($1, 'ledger', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		by.CoopID, filename, sum, res.Rows, res.New, res.Known, nullID(by.UserID), now).Scan(&res.ImportID); err != nil {
		return err
	}
	return audit.Append(ctx, tx, by.Did(s.now(), audit.LedgerImported, fmt.Sprintf("import:%d", res.ImportID), map[string]string{"file": filename, "sha256": sum, "rows": fmt.Sprint(res.Rows), "new": fmt.Sprint(res.New)}))
}

// readResult puts what reading the file found into res.
func readResult(feed *rowFeed, res *ImportResult) error {
	rep, problems, err := feed.result()
	if err != nil {
		return err
	}
	res.Report, res.Rows, res.Problems = rep, rep.Records, problems
	return nil
}

// checkLedger is the dry run: it reads the whole file and counts the good
// rows whose external ids are already posted, a batch at a time, posting
// nothing.
func (s *Service) checkLedger(ctx context.Context, coopID int64, r io.Reader, accounts *accountIndex, res *ImportResult) error {
	feed := startFeed(ctx, r, accounts)
	defer feed.stop()
	ids := make([]string, 0, feedBatch)
	for batch := feed.next(); batch != nil; batch = feed.next() {
		ids = ids[:0]
		for _, ir := range batch {
			ids = append(ids, ir.row.ExternalID)
		}
		n, err := s.countKnown(ctx, coopID, ids)
		if err != nil {
			return err
		}
		res.Known += n
	}
	return readResult(feed, res)
}

// countKnown counts the ids already posted in the cooperative. The ids go
// as one parameter: on SQLite a JSON array ($n placeholders are looked up
// by name, in time growing with the square of their number), on
// PostgreSQL an array, looked up one by one in the external id index (a
// plain "external_id = ANY($2)" lets the planner scan the cooperative's
// whole index instead when its statistics predate a large import: 40 s a
// batch after a million-row import, before autovacuum analysed the table).
func (s *Service) countKnown(ctx context.Context, coopID int64, ids []string) (int, error) {
	var n int
	var err error
	if s.DB.Dialect() == store.Postgres {
		err = s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM unnest($2::text[]) AS f(id),
			LATERAL (SELECT 1 FROM ledger_entries e WHERE e.coop_id = $1 AND e.external_id = f.id LIMIT 1) AS known`,
			coopID, ids).Scan(&n)
	} else {
		list, jerr := json.Marshal(ids)
		if jerr != nil {
			return 0, fmt.Errorf("ledger: known ids: %w", jerr)
		}
		err = s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_entries
			WHERE coop_id = $1 AND external_id IN (SELECT value FROM json_each($2))`, coopID, string(list)).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("ledger: known ids: %w", err)
	}
	return n, nil
}

// staged is a parsed row resolved to its account.
type staged struct {
	row     ledgercsv.Row
	account int64
}

// insertBatch rows go in one statement (the monthly charge run posts
// through insertRows).
const insertBatch = 200

// insertRows posts rows, skipping external ids already posted, and returns
// how many were new. PostgreSQL gets one statement for all the rows (one
// round trip); SQLite one prepared single-row statement run per row, since
// it looks `$n` placeholders up by name and a statement with thousands of
// them costs far more to parse and bind than it saves.
func insertRows(ctx context.Context, tx *store.Tx, coopID int64, rows []staged, now time.Time) (int, error) {
	const columns = `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, due_on, period, component, amount, description, external_id, created_at) VALUES `
	const conflict = ` ON CONFLICT (coop_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`
	values := func(st staged) []any {
		r := st.row
		return []any{coopID, st.account, r.Kind, r.BookedOn, nullDate(r.DueOn), nullMonth(r.Period), nullString(r.Component),
			r.Amount, r.Description, r.ExternalID, now}
	}
	if tx.Dialect() == store.SQLite {
		stmt, err := tx.PrepareContext(ctx, columns+`($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`+conflict)
		if err != nil {
			return 0, err
		}
		defer stmt.Close()
		n := 0
		for _, st := range rows {
			res, err := stmt.ExecContext(ctx, values(st)...)
			if err != nil {
				return n, err
			}
			added, err := res.RowsAffected()
			if err != nil {
				return n, err
			}
			n += int(added)
		}
		return n, nil
	}
	var b strings.Builder
	b.WriteString(columns)
	args := make([]any, 0, len(rows)*11)
	for i, st := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11)
		args = append(args, values(st)...)
	}
	b.WriteString(conflict)
	res, err := tx.ExecContext(ctx, b.String(), args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// accountIndex finds a cooperative's accounts by NRB and by address.
type accountIndex struct {
	byNRB     map[string]int64
	byAddress map[string]int64
	// labels names each account's premises ("Kwiatowa 4/24"); byNumber
	// lists the accounts of each "house/number" and streets holds each
	// account's street folded for matching, for suggestions.
	labels   map[int64]string
	byNumber map[string][]int64
	streets  map[int64]string
}

func (s *Service) accountIndex(ctx context.Context, coopID int64) (*accountIndex, error) {
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT a.id, a.nrb, b.street, b.number, p.number FROM accounts a
		JOIN premises p ON p.coop_id = a.coop_id AND p.id = a.premises_id
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id WHERE a.coop_id = $1`, coopID)
	if err != nil {
		return nil, fmt.Errorf("ledger: accounts: %w", err)
	}
	defer rows.Close()
	ix := &accountIndex{byNRB: map[string]int64{}, byAddress: map[string]int64{},
		labels: map[int64]string{}, byNumber: map[string][]int64{}, streets: map[int64]string{}}
	for rows.Next() {
		var id int64
		var nrbText, street, house, number string
		if err := rows.Scan(&id, &nrbText, &street, &house, &number); err != nil {
			return nil, fmt.Errorf("ledger: accounts: %w", err)
		}
		ix.byNRB[nrbText] = id
		ix.byAddress[addressKey(street, house+"/"+number)] = id
		short := strings.TrimPrefix(strings.Join(strings.Fields(street), " "), "ul. ")
		ix.labels[id] = short + " " + house + "/" + number
		hn := strings.ToLower(house + "/" + number)
		ix.byNumber[hn] = append(ix.byNumber[hn], id)
		ix.streets[id] = foldWords(short)
		if number == house || number == "" {
			ix.byAddress[addressKey(street, house)] = id
		}
	}
	return ix, rows.Err()
}

// resolve finds the account a row is for. A row that names both an account
// and a premises must name the same premises twice; a problem (naming the
// file's own column) says what is wrong otherwise.
func (ix *accountIndex) resolve(r ledgercsv.Row) (int64, *ledgercsv.Problem) {
	byPremises, premisesOK := ix.premises(r.Premises)
	if r.Account == "" {
		if !premisesOK {
			return 0, &ledgercsv.Problem{Line: r.Line, Column: r.PremisesColumn, Msg: "Nie znaleziono lokalu ani rachunku w tej spółdzielni."}
		}
		return byPremises, nil
	}
	id, ok := ix.byNRB[string(r.Account)]
	switch {
	case !ok:
		return 0, &ledgercsv.Problem{Line: r.Line, Column: r.AccountColumn, Msg: "Nie znaleziono lokalu ani rachunku w tej spółdzielni."}
	case r.Premises == "":
		return id, nil
	case !premisesOK:
		return 0, &ledgercsv.Problem{Line: r.Line, Column: r.PremisesColumn,
			Msg: fmt.Sprintf("Nie znaleziono lokalu %q w tej spółdzielni; rachunek z kolumny %s należy do lokalu %s.", r.Premises, r.AccountColumn, ix.labels[id])}
	case byPremises != id:
		return 0, &ledgercsv.Problem{Line: r.Line, Column: r.PremisesColumn,
			Msg: fmt.Sprintf("Rachunek z kolumny %s należy do lokalu %s, a ta kolumna wskazuje lokal %s. Wiersz musi wskazywać jeden lokal.", r.AccountColumn, ix.labels[id], ix.labels[byPremises])}
	}
	return id, nil
}

// premises finds an account by the premises' address ("Mickiewicza 5/12").
func (ix *accountIndex) premises(text string) (int64, bool) {
	i := strings.LastIndexByte(text, ' ')
	if i < 0 {
		return 0, false
	}
	id, ok := ix.byAddress[addressKey(text[:i], text[i+1:])]
	return id, ok
}

// addressKey folds "ul. Mickiewicza" "5/12" into "mickiewicza 5/12".
func addressKey(street, rest string) string {
	street = strings.ToLower(strings.Join(strings.Fields(street), " "))
	street = strings.TrimPrefix(street, "ul. ")
	return street + " " + strings.ToLower(strings.TrimSpace(rest))
}

func nullDate(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

func nullMonth(m civil.Month) any {
	if m.IsZero() {
		return nil
	}
	return m.String()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
