package store

import (
	"context"
	"fmt"
	"slices"
)

// ClaimIDs runs, in a transaction, an UPDATE … RETURNING id that leases
// rows to a worker, and returns the ids in ascending order (RETURNING order
// is unspecified). claimSQL holds one %s at the end of the subquery that
// chooses the rows: on PostgreSQL it becomes " FOR UPDATE SKIP LOCKED", so
// that workers on other nodes skip the rows being claimed; on SQLite,
// which writes one transaction at a time, it is empty.
func (db *DB) ClaimIDs(ctx context.Context, claimSQL string, args ...any) ([]int64, error) {
	lock := ""
	if db.Dialect() == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var ids []int64
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		ids, err = QueryAll(ctx, tx, ScanID, fmt.Sprintf(claimSQL, lock), args...)
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
