package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/store"
)

func cmdDemo(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	fs, common := newFlags("demo")
	premises := fs.Int("premises", 2000, "number of premises")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same cooperative")
	slug := fs.String("slug", "demo", "slug of the new cooperative")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *premises < demo.MinPremises || *premises > 1_000_000 {
		return usageError{"demo: --premises must be between 50 and 1000000"}
	}
	a, err := common.setup(ctx, env, stderr, app.Options{})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	res, err := generateDemo(ctx, a, *premises, *seed, *slug)
	if errors.Is(err, demo.ErrExists) {
		return fmt.Errorf("a cooperative with slug %q already exists; choose another with --slug", *slug)
	}
	if err != nil {
		return err
	}
	printDemo(stdout, res)
	return nil
}

// generateDemo generates a demo cooperative and refreshes the planner's
// statistics after the bulk load.
func generateDemo(ctx context.Context, a *app.App, premises int, seed int64, slug string) (demo.Result, error) {
	start := time.Now()
	res, err := demo.Generate(ctx, a.DB, demo.Options{
		Seed: seed, Premises: premises, Slug: slug, Logger: a.Logger,
		Today:        civil.Today(a.Config.TimeZone, a.Now()),
		HashPassword: func(pw string) (string, error) { return a.Hasher.Hash(ctx, pw) },
	})
	if err != nil {
		return res, err
	}
	if err := demoLibrary(ctx, a, res.CoopID); err != nil {
		return res, err
	}
	if err := postNotices(ctx, a, res); err != nil {
		return res, err
	}
	if err := a.DB.Optimize(ctx); err != nil {
		return res, err
	}
	a.Logger.Info("demo cooperative generated", "slug", slug, "premises", premises, "seed", seed, "took", time.Since(start).Round(time.Millisecond))
	return res, nil
}

// demoLibrary publishes the demo cooperative's library, its PDFs set by
// the document renderer.
func demoLibrary(ctx context.Context, a *app.App, coopID int64) error {
	c, err := a.Coops.Get(ctx, coopID)
	if err != nil {
		return err
	}
	render := func(title string, paras []string) ([]byte, error) {
		f, err := a.Documents.LibraryPDF(c, "dokument.pdf", title, paras)
		return f.Data, err
	}
	today := civil.Today(a.Config.TimeZone, a.Now())
	if err := demo.Library(ctx, a.Library, render, coopID, today); err != nil {
		return err
	}
	return demo.Meeting(ctx, a.Meetings, render, coopID, today)
}

// postNotices posts the demo cooperative's announcements, without an
// e-mail copy, so that they show on /ebok and /ikcs.
func postNotices(ctx context.Context, a *app.App, res demo.Result) error {
	by := audit.System(res.CoopID)
	for _, n := range demo.Notices(res.EstateID, civil.Today(a.Config.TimeZone, a.Now())) {
		an := messages.Announcement{Audience: messages.ToAll, Title: n.Title, Body: n.Body, From: n.From, To: n.To}
		if n.EstateID != 0 {
			an.Audience, an.EstateID = messages.ToEstate, n.EstateID
		}
		if _, err := a.Messages.Announce(ctx, by, an); err != nil {
			return fmt.Errorf("demo announcement %q: %w", n.Title, err)
		}
	}
	return nil
}

// ensureDemo generates the demo cooperative when the database has no
// cooperative at all, and prints the demo logins either way.
func ensureDemo(ctx context.Context, a *app.App, premises int, stdout io.Writer) error {
	var n int
	if err := a.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM cooperatives`).Scan(&n); err != nil {
		return fmt.Errorf("count cooperatives: %w", err)
	}
	if n > 0 {
		logins, err := demo.Logins(ctx, a.DB, "demo")
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintln(stdout, "The database already holds a cooperative; no demo data added.")
			return nil
		}
		if err != nil {
			return err
		}
		printLogins(stdout, logins)
		return nil
	}
	fmt.Fprintf(stdout, "Generating a demo cooperative with %d premises…\n", premises)
	res, err := generateDemo(ctx, a, premises, 1, "demo")
	if err != nil {
		return err
	}
	printDemo(stdout, res)
	return nil
}

func printDemo(w io.Writer, res demo.Result) {
	fmt.Fprintf(w, "Demo cooperative ready: %d estates, %d buildings, %d premises, %d persons, %d members, %d ledger entries.\n",
		res.Estates, res.Buildings, res.Premises, res.Persons, res.Members, res.Entries)
	printLogins(w, res.Logins)
}

func printLogins(w io.Writer, logins []demo.Login) {
	fmt.Fprintln(w, "Demo logins:")
	for _, l := range logins {
		door := map[string]string{"resident": "E-BOK panel", "member": "IKCS panel", "staff": "/staff/login"}[l.Kind]
		fmt.Fprintf(w, "  %-13s login %-14s password %-20s %s\n", door, l.Login, l.Password, l.Who)
	}
}
