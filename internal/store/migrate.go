package store

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// Migrate applies every pending migration, each in its own transaction. On
// PostgreSQL a session-level advisory lock (one per schema) makes it safe for
// several nodes starting at once: one migrates, the others wait and find
// nothing left to do. It returns the versions applied.
func (db *DB) Migrate(ctx context.Context) ([]int64, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(db.dialect))
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	dialect := goose.DialectSQLite3
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
		h := fnv.New64a()
		h.Write([]byte("ebok-migrations:" + db.schema))
		locker, err := lock.NewPostgresSessionLocker(
			lock.WithLockID(int64(h.Sum64()>>1)),
			lock.WithLockTimeout(1, 300),
		)
		if err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	var results []*goose.MigrationResult
	// SQLite has no session lock across processes: when two processes
	// migrate one file at once, the loser's transaction fails and rolls
	// back; running again then finds the work done.
	for attempt := 1; ; attempt++ {
		p, err := goose.NewProvider(dialect, db.write, sub, opts...)
		if err != nil {
			return nil, fmt.Errorf("store: migrations: %w", err)
		}
		results, err = p.Up(ctx)
		if err == nil {
			break
		}
		if db.dialect == Postgres || attempt == 3 {
			return nil, fmt.Errorf("store: migrate: %w", err)
		}
	}
	applied := make([]int64, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}
