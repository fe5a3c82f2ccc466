// Command ebok is the resident portal for Polish housing cooperatives: one
// binary holding the web server, the background workers and the admin
// commands. Run `ebok help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	// The time zone database, for a static binary alone in a container
	// (no /usr/share/zoneinfo): EBOK_TIME_ZONE defaults to Europe/Warsaw.
	_ "time/tzdata"

	"github.com/ebok/ebok/internal/config"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `ebok – e-BOK, e-Korespondencja i IKCS dla spółdzielni mieszkaniowych

Usage:
  ebok serve [--demo] [flags]     run the web server (and the mail worker)
  ebok migrate [flags]            apply database migrations and exit
  ebok demo [--premises N] [--seed S] [--slug NAME] [flags]
                                  generate a demo cooperative
  ebok user add --login L --name N --kind staff|resident|member
                [--role R] [--estate CODE] [--person ID] [--email E] [--coop SLUG]
                                  add a login; the password is read from stdin
                                  (or generated and printed with --generate)
  ebok user reset-2fa --login L --reason TEXT [--coop SLUG]
                                  take a login's authenticator app away (lost
                                  phone): it sets up a new one at next login
  ebok import ledger FILE [--dry-run] [--coop SLUG]
                                  post a ledger export (CSV, see internal/ledgercsv/FORMAT.md)
  ebok import bank FILE [--coop SLUG]
                                  post a bank statement (MT940 or the bank's CSV export)
  ebok bank-account add NRB --purpose payments|other [--currency C] [--note T] [--coop SLUG]
  ebok bank-account list [--coop SLUG]
                                  declare or list the cooperative's own accounts: a
                                  statement of any other account is refused
  ebok charges run --month 2026-12 [--coop SLUG]
                                  post the month's charges from the fee schedule (idempotent)
  ebok audit verify [--coop SLUG] [--anchors DIR]
                                  check the audit log's hash chains (against anchors)
  ebok audit anchor [--dir DIR] [--mail ADDR[,ADDR]] [--coop SLUG]
                                  write each chain's signed head to DIR and/or
                                  e-mail it to each address over SMTP (daily)
  ebok audit rekey                key chains written before the audit key (once)
  ebok coop set-host --host NAME [--coop SLUG]
                                  serve the cooperative's site at that host name (needed
                                  when the database holds several cooperatives)
  ebok backup FILE                online, consistent copy of the SQLite database
  ebok restore FILE [--force]     put a backup in place (ebok stopped; --force
                                  overwrites an existing database)
  ebok applications purge         delete unconfirmed applications after 72 h and decided
                                  ones after EBOK_APPLICATION_RETENTION_DAYS (serve does it hourly)
  ebok version                    print the version

Common flags (each overrides its environment variable):
  --database URL   EBOK_DATABASE_URL   --listen ADDR   EBOK_LISTEN
  --data-dir DIR   EBOK_DATA_DIR       --base-url URL  EBOK_BASE_URL
Every setting is listed in README.md.
`

func main() {
	warnUnknownSettings(os.Stderr, os.Environ())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(os.Stderr, "ebok: %v\n\n%s", err, usage)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "ebok: %v\n", err)
		os.Exit(1)
	}
}

// warnUnknownSettings writes a warning for each EBOK_ variable in environ
// that ebok does not read (config.Unknown): a misspelt name would leave
// its setting at the default without a word.
func warnUnknownSettings(w io.Writer, environ []string) {
	for _, name := range config.Unknown(environ) {
		fmt.Fprintf(w, "ebok: warning: %s is not a setting ebok reads (misspelt? every setting is in README.md, Configuration); it is ignored\n", name)
	}
}

// helpRequested is a command's --help: its usage and flags, printed to
// stdout, and no error.
type helpRequested struct{ text string }

func (h helpRequested) Error() string { return "help requested" }

// isHelp reports whether a command-line argument asks for help.
func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// commandUsage is the part of the usage that describes the commands whose
// name starts with name ("import ledger", or "import" for both imports):
// their lines and the lines that continue them.
func commandUsage(name string) string {
	var b strings.Builder
	in := false
	for _, line := range strings.Split(usage, "\n") {
		switch {
		case strings.HasPrefix(line, "  ebok "):
			rest := strings.TrimPrefix(line, "  ebok ")
			in = rest == name || strings.HasPrefix(rest, name+" ")
		case !strings.HasPrefix(line, "   "):
			in = false
		}
		if in {
			b.WriteString(line + "\n")
		}
	}
	if b.Len() == 0 {
		return usage
	}
	return "Usage:\n" + b.String()
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// command is one of ebok's commands: its arguments after its name, and
// what the process reads and writes.
type command func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error

// commands are ebok's commands by name; "user" has subcommands, named
// "user add" and so on.
func commands() map[string]command {
	return map[string]command{
		"serve": cmdServe, "migrate": cmdMigrate, "demo": cmdDemo,
		"user add": cmdUserAdd, "user reset-2fa": cmdUserResetTOTP,
		"charges": cmdCharges, "import": cmdImport, "audit": cmdAudit,
		"bank-account": cmdBankAccount,
		"backup":       cmdBackup, "restore": cmdRestore,
		"applications": cmdApplications, "coop": cmdCoop,
	}
}

// run dispatches a command; it is main without the process around it, so
// tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		return usageError{"no command given"}
	}
	name, rest := args[0], args[1:]
	switch name {
	case "version":
		fmt.Fprintln(stdout, "ebok", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	// "ebok import --help", "ebok user -h": a command with subcommands
	// describes them all.
	if len(rest) > 0 && isHelp(rest[0]) && (name == "user" || name == "import" || name == "charges" || name == "audit" ||
		name == "bank-account" || name == "applications" || name == "coop") {
		fmt.Fprint(stdout, commandUsage(name))
		return nil
	}
	switch name {
	case "user":
		if len(rest) == 0 || commands()["user "+rest[0]] == nil {
			return usageError{"user: the subcommands are 'add' and 'reset-2fa'"}
		}
		name, rest = "user "+rest[0], rest[1:]
	}
	cmd, ok := commands()[name]
	if !ok {
		return usageError{fmt.Sprintf("unknown command %q", name)}
	}
	err := cmd(ctx, rest, stdin, stdout, stderr, getenv)
	var help helpRequested
	if errors.As(err, &help) {
		fmt.Fprint(stdout, help.text)
		return nil
	}
	return err
}
