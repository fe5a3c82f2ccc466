package main

import (
	"context"
	"fmt"
	"io"

	"github.com/ebok/ebok/internal/app"
)

// cmdApplications runs `ebok applications purge`: it deletes unconfirmed
// applications past the confirmation deadline and decided ones past
// EBOK_APPLICATION_RETENTION_DAYS, with their files, and audits each purge.
// `ebok serve` does the same every hour.
func cmdApplications(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	rest, err := onlySubcommand(args, "applications", "purge")
	if err != nil {
		return err
	}
	_, common := newFlags("applications purge")
	a, err := common.parseAndSetup(ctx, rest, env, stderr, app.Options{})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	res, err := a.Access.Purge(ctx, a.Config.ApplicationRetention)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "purged %d unconfirmed and %d decided applications (%d files)\n", res.Unconfirmed, res.Decided, res.Files)
	return nil
}
