package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotSQLite: backup and restore by ebok are for SQLite; PostgreSQL is
// backed up with pg_dump (README).
var ErrNotSQLite = errors.New("store: ebok backup and restore are for SQLite; use pg_dump and pg_restore for PostgreSQL (README)")

// ErrDatabaseExists: Restore found a database at the target and was not
// told to overwrite it.
var ErrDatabaseExists = errors.New("store: a database exists there; stop ebok and restore with --force to overwrite it")

// SQLitePath returns the file path of an SQLite DSN as Open reads it, or
// ErrNotSQLite for a PostgreSQL URL.
func SQLitePath(dsn string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return "", ErrNotSQLite
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return "", errors.New("store: empty SQLite path")
	}
	return path, nil
}

// BackupSQLite writes a consistent copy of the SQLite database at src to
// dest with VACUUM INTO: one read transaction, so ebok may go on serving
// and writing (WAL) meanwhile, and the copy is the database as of its
// start. The copy is written beside dest and renamed into place once its
// integrity check passes; it is readable by its owner alone (0600). dest
// must not exist.
func BackupSQLite(ctx context.Context, src, dest string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if _, err := os.Stat(dest); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: backup: %s exists already", dest)
	}
	if dir := filepath.Dir(dest); !isDir(dir) {
		return fmt.Errorf("store: backup: the folder %s does not exist; create it first", dir)
	}
	tmp := dest + ".part"
	os.Remove(tmp)
	db, err := sql.Open("sqlite", "file:"+src+"?"+sqlitePragmas)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup %s: %w", src, err)
	}
	if err := finishCopy(ctx, tmp, dest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// isDir reports whether path is a folder.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// RestoreSQLite puts the backup at src in place of the database at dest:
// after src passes SQLite's integrity check it is copied beside dest and
// renamed over it, and dest's -wal and -shm files are removed. An existing
// dest is overwritten only with force; ebok must not be running on it.
func RestoreSQLite(ctx context.Context, src, dest string, force bool) error {
	if err := IntegrityCheck(ctx, src); err != nil {
		return fmt.Errorf("store: restore: the backup %s: %w", src, err)
	}
	if fi, err := os.Stat(dest); err == nil && fi.Size() > 0 && !force {
		return fmt.Errorf("%w (%s)", ErrDatabaseExists, dest)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	tmp := dest + ".part"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: restore: %w", err)
	}
	for _, side := range []string{dest + "-wal", dest + "-shm"} {
		if err := os.Remove(side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			os.Remove(tmp)
			return fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := finishCopy(ctx, tmp, dest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

// finishCopy checks the copy at tmp, makes it private and durable and
// renames it to dest.
func finishCopy(ctx context.Context, tmp, dest string) error {
	if err := IntegrityCheck(ctx, tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err != nil {
		return err
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return err
	}
	return os.Rename(tmp, dest)
}

// IntegrityCheck runs SQLite's integrity_check and foreign_key_check on
// the file at path, read-only; any finding is an error quoting it.
func IntegrityCheck(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("integrity check: %s", result)
	}
	rows, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		return fmt.Errorf("foreign key check: row %d of %s refers to a missing row of %s", rowid.Int64, table, parent)
	}
	return rows.Err()
}

// copyFile copies src to a new file dst (0600).
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, cerr := io.Copy(out, in)
	return errors.Join(cerr, out.Sync(), out.Close())
}
