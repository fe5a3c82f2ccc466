package main

import (
	"context"
	"fmt"
	"io"

	"github.com/ebok/ebok/internal/civil"
)

// cmdCharges posts a month's charges: `ebok charges run --month 2026-12`.
func cmdCharges(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	rest, err := onlySubcommand(args, "charges", "run")
	if err != nil {
		return err
	}
	fs, flags := newCoopFlags("charges run")
	monthText := fs.String("month", "", "the month to charge, e.g. 2026-12")
	if err := parseFlags(fs, rest); err != nil {
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
