package register

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// enterChunk is how many entries one INSERT stores (12 parameters each).
const enterChunk = 200

// EnterAll is Enter for many entries in one transaction (joining the
// caller's, as Enter does): they get consecutive numbers of their
// cooperative's year, in the order given, with one counter update per
// cooperative and year and one INSERT per enterChunk entries instead of two
// statements an entry. It returns the entries with their numbers and ids.
func (s *Service) EnterAll(ctx context.Context, es []Entry) ([]Entry, error) {
	out := make([]Entry, len(es))
	for i, e := range es {
		if e.At.IsZero() {
			e.At = s.Now()
		}
		e.At = e.At.UTC().Truncate(time.Microsecond)
		e.Year = e.At.In(s.Loc).Year()
		if err := validate(e); err != nil {
			return nil, err
		}
		out[i] = e
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := number(ctx, tx, out); err != nil {
			return err
		}
		for start := 0; start < len(out); start += enterChunk {
			if err := insertEntries(ctx, tx, out[start:min(start+enterChunk, len(out))]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("register: enter %d entries: %w", len(es), err)
	}
	return out, nil
}

// yearOf is a cooperative's year, the scope of a counter.
type yearOf struct {
	coopID int64
	year   int
}

// number takes, for each cooperative's year among es, as many numbers as
// it has entries there in one counter update (holding the counter locked
// until tx ends, as nextNumber does), and hands them out in order.
func number(ctx context.Context, tx *store.Tx, es []Entry) error {
	count := map[yearOf]int{}
	var order []yearOf
	for _, e := range es {
		k := yearOf{e.CoopID, e.Year}
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
	}
	next := map[yearOf]int{}
	for _, k := range order {
		var last int
		err := tx.QueryRowContext(ctx, `INSERT INTO register_counters (coop_id, year, last) VALUES ($1, $2, $3)
			ON CONFLICT (coop_id, year) DO UPDATE SET last = register_counters.last + $3
			RETURNING last`, k.coopID, k.year, count[k]).Scan(&last)
		if err != nil {
			return err
		}
		next[k] = last - count[k] + 1
	}
	for i := range es {
		k := yearOf{es[i].CoopID, es[i].Year}
		es[i].Number = next[k]
		next[k]++
	}
	return nil
}

// insertEntries stores numbered entries in one INSERT and sets their ids,
// matched by cooperative, year and number (unique), since neither engine
// promises RETURNING's rows in the order of VALUES.
func insertEntries(ctx context.Context, tx *store.Tx, es []Entry) error {
	var values []string
	var args []any
	for _, e := range es {
		ps := make([]string, 12)
		for j := range ps {
			ps[j] = "$" + strconv.Itoa(len(args)+j+1)
		}
		values = append(values, "("+strings.Join(ps, ", ")+")")
		args = append(args, e.CoopID, e.Year, e.Number, string(e.Direction), e.At, e.Correspondent, e.Subject, e.CaseNo,
			string(e.Channel), e.Source, e.SourceID, nullID(e.PersonID))
	}
	ids := map[yearOf]map[int]int64{}
	rows, err := tx.QueryContext(ctx, `INSERT INTO register_entries
		(coop_id, year, number, direction, registered_at, correspondent, subject, case_no, channel, source, source_id, person_id)
		VALUES `+strings.Join(values, ", ")+` RETURNING id, coop_id, year, number`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k yearOf
		var n int
		if err := rows.Scan(&id, &k.coopID, &k.year, &n); err != nil {
			return err
		}
		if ids[k] == nil {
			ids[k] = map[int]int64{}
		}
		ids[k][n] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range es {
		if es[i].ID = ids[yearOf{es[i].CoopID, es[i].Year}][es[i].Number]; es[i].ID == 0 {
			return fmt.Errorf("register: entry %s not returned", es[i].Label())
		}
	}
	return nil
}
