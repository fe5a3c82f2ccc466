package store

import (
	"context"
	"fmt"
	"slices"
)

// A Claim leases rows of Table to a worker: it sets Set on the rows whose
// Key the subquery "SELECT Key FROM Table WHERE Pick" chooses (Pick ends
// with the order and the limit).
type Claim struct {
	Table, Key, Set, Pick string
}

// sql is the claim as one UPDATE … RETURNING Key.
//
// On PostgreSQL the chosen rows are locked FOR UPDATE SKIP LOCKED, so that
// workers on other nodes skip the rows being claimed, and the subquery is
// an array, which PostgreSQL evaluates once. Written as "Key IN (subquery)"
// the planner may instead join the subquery in a nested loop and run it
// again for every row of the table: each run then skips the rows the
// statement has just updated and picks the next ones, so one claim leases
// far more than its limit (with statistics taken while the table was
// empty, a claim of 20 took all 10,000 recipients of a letter). SQLite,
// which writes one transaction at a time, runs the subquery once.
func (c Claim) sql(d Dialect) string {
	if d == Postgres {
		return fmt.Sprintf(`UPDATE %[1]s SET %[3]s WHERE %[2]s = ANY(ARRAY(
			SELECT %[2]s FROM %[1]s WHERE %[4]s FOR UPDATE SKIP LOCKED)) RETURNING %[2]s`, c.Table, c.Key, c.Set, c.Pick)
	}
	return fmt.Sprintf(`UPDATE %[1]s SET %[3]s WHERE %[2]s IN (
		SELECT %[2]s FROM %[1]s WHERE %[4]s) RETURNING %[2]s`, c.Table, c.Key, c.Set, c.Pick)
}

// ClaimIDs runs the claim in a transaction and returns the keys it leased
// in ascending order (RETURNING order is unspecified).
func (db *DB) ClaimIDs(ctx context.Context, c Claim, args ...any) ([]int64, error) {
	var ids []int64
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		ids, err = QueryAll(ctx, tx, ScanID, c.sql(db.Dialect()), args...)
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	return ids, nil
}

// ScanID reads a row of one id: the scan for QueryAll of a list of ids.
func ScanID(row Scanner) (int64, error) {
	var id int64
	err := row.Scan(&id)
	return id, err
}
