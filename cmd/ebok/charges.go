package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/ledger"
)

// cmdCharges posts a month's charges: `ebok charges run --month 2026-12`.
func cmdCharges(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) string) error {
	if len(args) == 0 || args[0] != "run" {
		return usageError{"charges: the only subcommand is 'run'"}
	}
	fs := flag.NewFlagSet("charges run", flag.ContinueOnError)
	common := addCommonFlags(fs)
	coopSlug := fs.String("coop", "", "cooperative slug (may be left out when there is only one)")
	monthText := fs.String("month", "", "the month to charge, e.g. 2026-12")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	month, err := civil.ParseMonth(*monthText)
	if err != nil {
		return usageError{"charges run: --month wants a month like 2026-12"}
	}
	cfg, _, db, err := setup(ctx, common.getenv(env), stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := findCoop(ctx, &coop.Service{DB: db}, *coopSlug)
	if err != nil {
		return err
	}
	svc := &ledger.Service{DB: db}
	res, err := svc.RunCharges(ctx, ledger.Actor{CoopID: c.ID, Name: "system:cli"}, month, c.FeeDueDay, civil.Today(cfg.TimeZone, time.Now()))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d premises charged (%d entries, %s), %d already charged\n",
		month, res.Accounts, res.Entries, res.Total.Format(), res.Skipped)
	return nil
}
