package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/ledger"
)

// cmdImport brings a file into the ledger: `ebok import ledger FILE` or
// `ebok import bank FILE`.
func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) string) (err error) {
	if len(args) == 0 || (args[0] != "ledger" && args[0] != "bank") {
		return usageError{"import: say 'ledger' (an accounting export) or 'bank' (a bank statement)"}
	}
	kind := args[0]
	fs := flag.NewFlagSet("import "+kind, flag.ContinueOnError)
	common := addCommonFlags(fs)
	coopSlug := fs.String("coop", "", "cooperative slug (may be left out when there is only one)")
	dryRun := fs.Bool("dry-run", false, "check the file and say what would be posted, posting nothing")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the import to this file (for go tool pprof)")
	var path string
	rest := args[1:]
	if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		path, rest = rest[0], rest[1:]
	}
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	if path == "" {
		return usageError{"import " + kind + ": name the file"}
	}
	a, err := setup(ctx, common.getenv(env), stderr, app.Options{})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	c, err := findCoop(ctx, a.Coops, *coopSlug)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, stop()) }()
	}
	svc := a.Ledger
	if kind == "bank" {
		if *dryRun {
			return usageError{"import bank: --dry-run is for ledger exports"}
		}
		res, err := svc.ImportBank(ctx, audit.Actor{CoopID: c.ID, Name: "system:cli"}, filepath.Base(path), f)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s (%s): %d credits, %d posted (%s), %d waiting for staff, %d imported before (import %d)\n",
			path, res.Format, res.Credits, res.Posted, res.TotalPosts.Format(), res.Unmatched, res.Known, res.ImportID)
		return nil
	}
	res, err := svc.ImportLedger(ctx, audit.Actor{CoopID: c.ID, Name: "system:cli"}, filepath.Base(path), f, *dryRun)
	if res != nil {
		for _, p := range res.Report.Problems {
			fmt.Fprintln(stdout, p.String())
		}
		for _, p := range res.Problems {
			fmt.Fprintln(stdout, p.String())
		}
		if res.Report.Omitted > 0 {
			fmt.Fprintf(stdout, "… and %d more problems\n", res.Report.Omitted)
		}
	}
	if errors.Is(err, ledger.ErrImportRefused) {
		return fmt.Errorf("%s: %d rows, problems above; nothing was posted", path, res.Rows)
	}
	if err != nil {
		return err
	}
	if *dryRun {
		if !res.OK() {
			return fmt.Errorf("%s: %d rows, problems above; applying would post nothing", path, res.Rows)
		}
		fmt.Fprintf(stdout, "%s: %d rows, %d already posted, %d would be posted (dry run: nothing posted)\n", path, res.Rows, res.Known, res.Rows-res.Known)
		return nil
	}
	fmt.Fprintf(stdout, "%s: %d rows, %d posted, %d already posted before (import %d)\n", path, res.Rows, res.New, res.Known, res.ImportID)
	return nil
}

// startCPUProfile starts writing a CPU profile to path and returns the
// function that stops it and closes the file.
func startCPUProfile(path string) (func() error, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return nil, errors.Join(err, f.Close())
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
