package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/ledgercsv"
)

// importArgs is what `ebok import` was told.
type importArgs struct {
	kind       string // "ledger" or "bank"
	path       string // the file to import
	flags      coopFlags
	dryRun     bool
	cpuProfile string
}

// parseImportArgs reads `import KIND FILE [flags]`. The file may stand
// before the flags, where the flag package would stop reading, so it is
// taken off first.
func parseImportArgs(args []string) (importArgs, error) {
	if len(args) == 0 || (args[0] != "ledger" && args[0] != "bank") {
		return importArgs{}, usageError{"import: say 'ledger' (an accounting export) or 'bank' (a bank statement)"}
	}
	ia := importArgs{kind: args[0]}
	fs, flags := newCoopFlags("import " + ia.kind)
	ia.flags = flags
	dryRun := fs.Bool("dry-run", false, "check the file and say what would be posted, posting nothing")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the import to this file (for go tool pprof)")
	rest := args[1:]
	if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		ia.path, rest = rest[0], rest[1:]
	}
	if err := parseFlags(fs, rest); err != nil {
		return importArgs{}, err
	}
	if ia.path == "" {
		return importArgs{}, usageError{"import " + ia.kind + ": name the file"}
	}
	ia.dryRun, ia.cpuProfile = *dryRun, *cpuProfile
	return ia, nil
}

// cmdImport brings a file into the ledger: `ebok import ledger FILE` or
// `ebok import bank FILE`.
func cmdImport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) (err error) {
	ia, err := parseImportArgs(args)
	if err != nil {
		return err
	}
	a, c, err := ia.flags.open(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	f, err := os.Open(ia.path)
	if err != nil {
		return err
	}
	defer f.Close()
	if ia.cpuProfile != "" {
		stop, err := startCPUProfile(ia.cpuProfile)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, stop()) }()
	}
	if ia.kind == "bank" {
		return importBank(ctx, a.Ledger, cliActor(c), ia, f, stdout)
	}
	return importLedger(ctx, a.Ledger, cliActor(c), ia, f, stdout)
}

// importBank posts a bank statement read from f and says what came of it.
func importBank(ctx context.Context, svc *ledger.Service, actor audit.Actor, ia importArgs, f io.Reader, stdout io.Writer) error {
	if ia.dryRun {
		return usageError{"import bank: --dry-run is for ledger exports"}
	}
	res, err := svc.ImportBank(ctx, actor, filepath.Base(ia.path), f)
	if err != nil {
		return bankRefusal(stdout, ia.path, err)
	}
	fmt.Fprintf(stdout, "%s (%s): %d credits, %d posted (%s), %d waiting for staff, %d imported before (import %d)\n",
		ia.path, res.Format, res.Credits, res.Posted, res.TotalPosts.Format(), res.Unmatched, res.Known, res.ImportID)
	for _, sk := range res.Skipped {
		fmt.Fprintf(stdout, "skipped: the statement of %s from line %d (%s)\n", sk.Account.Format(), sk.Line, sk.Note)
	}
	return nil
}

// importLedger posts (or, with --dry-run, only checks) a ledger export
// read from f: it prints the file's problems first, then what was or
// would be posted.
func importLedger(ctx context.Context, svc *ledger.Service, actor audit.Actor, ia importArgs, f io.Reader, stdout io.Writer) error {
	path := ia.path
	res, err := svc.ImportLedger(ctx, actor, filepath.Base(path), f, ia.dryRun)
	if res != nil {
		printImportProblems(stdout, res)
	}
	if errors.Is(err, ledger.ErrImportRefused) {
		return fmt.Errorf("%s: %d rows, problems above; nothing was posted", path, res.Rows)
	}
	if err != nil {
		return err
	}
	if ia.dryRun {
		if !res.OK() {
			return fmt.Errorf("%s: %d rows, problems above; applying would post nothing", path, res.Rows)
		}
		fmt.Fprintf(stdout, "%s: %d rows, %d already posted, %d would be posted (dry run: nothing posted)\n", path, res.Rows, res.Known, res.Rows-res.Known)
		return nil
	}
	fmt.Fprintf(stdout, "%s: %d rows, %d posted, %d already posted before (import %d)\n", path, res.Rows, res.New, res.Known, res.ImportID)
	return nil
}

// printImportProblems lists the problems found in a ledger export: those
// of its rows as CSV first, then those found against the database.
func printImportProblems(stdout io.Writer, res *ledger.ImportResult) {
	for _, p := range ledgercsv.InLineOrder(res.Report.Problems, res.Problems) {
		fmt.Fprintln(stdout, p.String())
	}
	if res.Report.Omitted > 0 {
		fmt.Fprintf(stdout, "… and %d more problems\n", res.Report.Omitted)
	}
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
