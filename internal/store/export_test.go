package store

import (
	"context"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// MigrateDownTo rolls the schema back to version v, for tests of a
// migration's handling of the data already there.
func (db *DB) MigrateDownTo(ctx context.Context, v int64) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(db.dialect))
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.write, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, v)
	return err
}

// SQL is the claim's statement on dialect d.
func (c Claim) SQL(d Dialect) string { return c.sql(d) }
