package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/store"
)

// cmdAudit runs the audit log's subcommands; `verify` is the only one.
func cmdAudit(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError{"audit: the only subcommand is 'verify'"}
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	common := addCommonFlags(fs)
	coopSlug := fs.String("coop", "", "verify only this cooperative's chain (default: every cooperative)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	a, err := setup(ctx, common.getenv(env), stderr, app.Options{})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	coops := a.Coops
	counts, err := verifyChains(ctx, a.DB, coops, *coopSlug)
	broken := map[int64]*audit.BrokenError{}
	for _, b := range brokenChains(err) {
		broken[b.CoopID] = b
	}
	if err != nil && len(broken) == 0 {
		return err
	}
	ids := make([]int64, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c, err := coops.Get(ctx, id)
		if err != nil {
			return err
		}
		if b := broken[id]; b != nil {
			fmt.Fprintf(stdout, "%s: chain BROKEN at seq %d (row id %d): %s; %d entries before it are intact\n",
				c.Slug, b.Seq, b.ID, b.Reason, counts[id])
			continue
		}
		fmt.Fprintf(stdout, "%s: %d entries, chain intact\n", c.Slug, counts[id])
	}
	if len(broken) > 0 {
		return fmt.Errorf("audit: %d of %d cooperatives' chains are broken", len(broken), len(ids))
	}
	return nil
}

// verifyChains verifies one cooperative's chain, or every one's when slug
// is empty, and returns how many entries passed in each. Broken chains come
// back as *audit.BrokenError, joined when there are several.
func verifyChains(ctx context.Context, db *store.DB, coops *coop.Service, slug string) (map[int64]int, error) {
	if slug == "" {
		return audit.VerifyAll(ctx, db.Read())
	}
	c, err := coops.BySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no cooperative with the slug %q", slug)
	}
	if err != nil {
		return nil, err
	}
	n, err := audit.Verify(ctx, db.Read(), c.ID)
	return map[int64]int{c.ID: n}, err
}

// brokenChains collects the *audit.BrokenError in err, where VerifyAll
// joins one per broken chain.
func brokenChains(err error) []*audit.BrokenError {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*audit.BrokenError
		for _, e := range joined.Unwrap() {
			out = append(out, brokenChains(e)...)
		}
		return out
	}
	var b *audit.BrokenError
	if errors.As(err, &b) {
		return []*audit.BrokenError{b}
	}
	return nil
}
