package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ebok/ebok/internal/store"
)

// cmdCoop runs `ebok coop set-host --coop SLUG --host NAME`: it binds a
// cooperative to the host name its site is served on, which a database
// of several cooperatives needs before any of their sites opens.
func cmdCoop(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	rest, err := onlySubcommand(args, "coop", "set-host")
	if err != nil {
		return err
	}
	fs, flags := newCoopFlags("coop set-host")
	host := fs.String("host", "", "the host name the cooperative's site is served on, e.g. ebok.sm-sloneczna.pl")
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	name := strings.ToLower(strings.TrimSpace(*host))
	if name == "" || strings.ContainsAny(name, ":/ ") {
		return usageError{"coop set-host: --host wants a bare host name such as ebok.sm-sloneczna.pl (no https://, port or path)"}
	}
	a, c, err := flags.open(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	err = a.Coops.SetHost(ctx, c.ID, name)
	if errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("the host %s is already bound to another cooperative", name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s (%s) is served at %s; a running ebok sees it within 5 seconds\n", c.Name, c.Slug, name)
	return nil
}
