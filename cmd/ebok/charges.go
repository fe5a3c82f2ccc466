package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/ebok/ebok/internal/civil"
)

// cmdCharges posts a month's charges: `ebok charges run --month 2026-12`.
func cmdCharges(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	if len(args) == 0 || args[0] != "run" {
		return usageError{"charges: the only subcommand is 'run'"}
	}
	fs := flag.NewFlagSet("charges run", flag.ContinueOnError)
	flags := addCoopFlags(fs)
	monthText := fs.String("month", "", "the month to charge, e.g. 2026-12")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	month, err := civil.ParseMonth(*monthText)
	if err != nil {
		return usageError{"charges run: --month wants a month like 2026-12"}
	}
	a, c, err := flags.open(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	res, err := a.Ledger.RunCharges(ctx, cliActor(c), month, c.FeeDueDay, civil.Today(a.Config.TimeZone, a.Now()))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d premises charged (%d entries, %s), %d already charged\n",
		month, res.Accounts, res.Entries, res.Total.Format(), res.Skipped)
	return nil
}
