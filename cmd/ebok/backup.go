package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/store"
)

// cmdBackup writes an online, consistent copy of the SQLite database:
// `ebok backup FILE`. ebok may serve meanwhile.
func cmdBackup(ctx context.Context, args []string, _ io.Reader, stdout, _ io.Writer, env func(string) string) error {
	fs, common := newFlags("backup")
	file, src, err := fileAndDatabase(fs, args, common, env)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := store.BackupSQLite(ctx, src, file); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s in %s; integrity and foreign key checks passed\n",
		src, file, time.Since(start).Round(time.Millisecond))
	return nil
}

// cmdRestore puts a backup made by `ebok backup` in place of the SQLite
// database: `ebok restore FILE [--force]`. ebok must not be running.
func cmdRestore(ctx context.Context, args []string, _ io.Reader, stdout, _ io.Writer, env func(string) string) error {
	fs, common := newFlags("restore")
	force := fs.Bool("force", false, "overwrite an existing database (stop ebok first)")
	file, dest, err := fileAndDatabase(fs, args, common, env)
	if err != nil {
		return err
	}
	if err := store.RestoreSQLite(ctx, file, dest, *force); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s restored to %s; check it with `ebok audit verify` before starting ebok\n", file, dest)
	return nil
}

// fileAndDatabase parses fs for its one file argument and returns it with
// the path of the configured SQLite database, as backup and restore need.
func fileAndDatabase(fs *flag.FlagSet, args []string, common *commonFlags, env func(string) string) (file, db string, err error) {
	file, err = oneFileArg(fs, args)
	if err != nil {
		return "", "", err
	}
	cfg, err := config.Load(common.getenv(env))
	if err != nil {
		return "", "", fmt.Errorf("configuration:\n%w", err)
	}
	db, err = store.SQLitePath(cfg.DatabaseURL)
	if err != nil {
		return "", "", err
	}
	return file, db, nil
}

// oneFileArg parses fs and returns its one positional argument, a file;
// flags may come before or after it.
func oneFileArg(fs *flag.FlagSet, args []string) (string, error) {
	var file string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		file, args = args[0], args[1:]
	}
	fs.SetOutput(io.Discard)
	if err := flagError(fs, fs.Parse(args)); err != nil {
		return "", err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
		if err := flagError(fs, fs.Parse(fs.Args()[1:])); err != nil {
			return "", err
		}
	}
	if file == "" || fs.NArg() > 0 {
		return "", usageError{fs.Name() + ": want exactly one FILE"}
	}
	return file, nil
}
