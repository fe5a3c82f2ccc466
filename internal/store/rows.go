package store

import "context"

// Scanner is a row to scan values from: *sql.Row and *sql.Rows are. It is
// an alias so that a package's own scan function taking
// interface{ Scan(...any) error } serves QueryAll as it is.
type Scanner = interface{ Scan(dest ...any) error }

// QueryAll runs query on q and turns each row into a T with scan, in the
// order the rows come. It closes the rows and returns the first error of
// the query, of a scan or of the iteration as it is, for the caller to
// wrap with what it was looking for. No rows give a nil slice.
//
// It is for the plain "load every row" reads; a read that stops early,
// skips rows or merges them keeps its own loop.
func QueryAll[T any](ctx context.Context, q Querier, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
