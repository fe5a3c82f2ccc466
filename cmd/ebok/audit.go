package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/store"
)

// cmdAudit runs the audit log's subcommands: verify, anchor and rekey.
func cmdAudit(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	if len(args) > 0 {
		switch args[0] {
		case "verify":
			return cmdAuditVerify(ctx, args[1:], stdout, stderr, env)
		case "anchor":
			return cmdAuditAnchor(ctx, args[1:], stdout, stderr, env)
		case "rekey":
			return cmdAuditRekey(ctx, args[1:], stdout, stderr, env)
		}
	}
	return usageError{"audit: the subcommands are 'verify', 'anchor' and 'rekey'"}
}

// cmdAuditVerify checks every chain (or one), against the anchors in a
// folder when given: `ebok audit verify [--coop SLUG] [--anchors DIR]`.
func cmdAuditVerify(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) string) error {
	fs, common := newFlags("audit verify")
	coopSlug := fs.String("coop", "", "verify only this cooperative's chain (default: every cooperative)")
	anchorDir := fs.String("anchors", "", "folder of anchors written by `ebok audit anchor`: check the chains against them")
	a, err := common.parseAndSetup(ctx, args, env, stderr, app.Options{})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	var anchors []audit.Anchor
	if *anchorDir != "" {
		if anchors, err = audit.ReadAnchors(*anchorDir, a.DB.ChainKey()); err != nil {
			return err
		}
		if len(anchors) == 0 {
			return fmt.Errorf("audit: no anchors (*%s) in %s", audit.AnchorExt, *anchorDir)
		}
		fmt.Fprintf(stdout, "%d anchors read from %s\n", len(anchors), *anchorDir)
	}
	if err := requireCooperative(ctx, a); err != nil {
		return err
	}
	coops := a.Coops
	counts, err := verifyChains(ctx, a.DB, coops, *coopSlug, anchors)
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
func verifyChains(ctx context.Context, db *store.DB, coops *coop.Service, slug string, anchors []audit.Anchor) (map[int64]int, error) {
	if slug == "" {
		return audit.VerifyAll(ctx, db.Read(), db.ChainKey(), anchors)
	}
	c, err := coops.BySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no cooperative with the slug %q", slug)
	}
	if err != nil {
		return nil, err
	}
	n, err := audit.VerifyAnchored(ctx, db.Read(), db.ChainKey(), c.ID, anchors)
	return map[int64]int{c.ID: n}, err
}

// cmdAuditAnchor writes each cooperative's chain head, signed with the
// audit key, out of the database's reach: to a folder (another machine, a
// mounted share) and/or by e-mail, straight over SMTP, to the board:
// `ebok audit anchor [--dir DIR] [--mail ADDR[,ADDR]] [--coop SLUG]`. Run
// daily (README), or let `ebok serve` do it (EBOK_AUDIT_ANCHOR_DIR,
// EBOK_AUDIT_ANCHOR_MAIL). It verifies each chain, against the anchors
// already in the folder, first: a broken chain is not anchored. A refused
// e-mail fails the command.
func cmdAuditAnchor(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) string) error {
	fs, common := newFlags("audit anchor")
	coopSlug := fs.String("coop", "", "anchor only this cooperative's chain (default: every cooperative)")
	dir := fs.String("dir", "", "folder the anchors are written to")
	mailTo := fs.String("mail", "", "comma-separated addresses each anchor is e-mailed to, as an attachment, straight over SMTP (EBOK_SMTP_HOST)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	to, err := config.Addresses(*mailTo)
	if err != nil {
		return usageError{"audit anchor: --mail: " + err.Error()}
	}
	if *dir == "" && len(to) == 0 {
		return usageError{"audit anchor: --dir or --mail (or both) is required"}
	}
	a, err := common.setup(ctx, env, stderr, app.Options{})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	r, err := a.AuditAnchorer(*dir, to)
	if err != nil {
		return err
	}
	anchors, err := r.Anchors()
	if err != nil {
		return err
	}
	chains, err := a.Chains(ctx)
	if err != nil {
		return err
	}
	if len(chains) == 0 {
		return noCooperative(a.Config)
	}
	found := false
	for _, c := range chains {
		if *coopSlug != "" && c.Slug != *coopSlug {
			continue
		}
		found = true
		done, err := r.Anchor(ctx, c, anchors)
		if err != nil {
			return err
		}
		if done.Path != "" {
			fmt.Fprintf(stdout, "%s: head at seq %d anchored in %s\n", c.Slug, done.Anchor.Seq, done.Path)
		}
		if len(to) > 0 {
			fmt.Fprintf(stdout, "%s: head at seq %d mailed as %s to %s\n", c.Slug, done.Anchor.Seq, done.Anchor.FileName(), strings.Join(to, ", "))
		}
	}
	if !found && *coopSlug != "" {
		return fmt.Errorf("no cooperative with the slug %q", *coopSlug)
	}
	return nil
}

// requireCooperative fails, with noCooperative, when the database holds
// no cooperative.
func requireCooperative(ctx context.Context, a *app.App) error {
	list, err := a.Coops.List(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return noCooperative(a.Config)
	}
	return nil
}

// noCooperative says that the database holds no cooperative, naming it:
// a command run by cron or a timer without ebok's settings opens (and
// creates) ./data/ebok.db, and must not pass for a good run there.
func noCooperative(cfg *config.Config) error {
	return fmt.Errorf("the database %s holds no cooperative: check EBOK_DATABASE_URL and EBOK_DATA_DIR (cron and timers start without ebok's environment)",
		cfg.DatabaseName())
}

// cmdAuditRekey turns chains written before the audit key existed (plain
// SHA-256) into keyed ones, once, after the upgrade: `ebok audit rekey`.
func cmdAuditRekey(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) string) error {
	_, common := newFlags("audit rekey")
	a, err := common.parseAndSetup(ctx, args, env, stderr, app.Options{})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	list, err := a.Coops.List(ctx)
	if err != nil {
		return err
	}
	for _, c := range list {
		n, err := audit.Rekey(ctx, a.DB, c.ID)
		switch {
		case errors.Is(err, audit.ErrAlreadyKeyed):
			fmt.Fprintf(stdout, "%s: already keyed, left as it is\n", c.Slug)
		case err != nil:
			return fmt.Errorf("%s: %w", c.Slug, err)
		default:
			fmt.Fprintf(stdout, "%s: %d entries verified and re-hashed with the audit key\n", c.Slug, n)
		}
	}
	return nil
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
