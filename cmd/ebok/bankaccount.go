package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ebok/ebok/internal/bankstmt"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/nrb"
)

// cmdBankAccount declares and lists the cooperative's own bank accounts:
// `ebok bank-account add NRB --purpose payments|other [--currency EUR]
// [--note TEXT]` and `ebok bank-account list`.
func cmdBankAccount(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		return usageError{"bank-account: the subcommands are 'add' and 'list'"}
	}
	sub := args[0]
	fs, flags := newCoopFlags("bank-account " + sub)
	purpose := fs.String("purpose", "", "payments (residents pay to it; its statements are imported) or other (skipped)")
	currency := fs.String("currency", "PLN", "the account's currency")
	note := fs.String("note", "", "what the account is, for staff")
	rest := args[1:]
	var number string
	if sub == "add" && len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		number, rest = rest[0], rest[1:]
	}
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	var n nrb.Number
	if sub == "add" {
		var err error
		if n, err = nrb.Parse(number); err != nil {
			return usageError{fmt.Sprintf("bank-account add: name the account (26 digits): %v", err)}
		}
		if *purpose != ledger.PurposePayments && *purpose != ledger.PurposeOther {
			return usageError{"bank-account add: --purpose is payments or other"}
		}
	}
	a, c, err := flags.open(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	if sub == "add" {
		if _, err := a.Ledger.AddBankAccount(ctx, cliActor(c), ledger.BankAccount{NRB: n, Purpose: *purpose, Currency: *currency, Note: *note}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: declared (%s, %s)\n", n.Format(), *purpose, *currency)
		return nil
	}
	if main, err := nrb.Parse(c.BankAccount); err == nil {
		fmt.Fprintf(stdout, "%s\tpayments\tPLN\tmain account (cooperative's data)\n", main.Format())
	}
	list, err := a.Ledger.BankAccounts(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, b := range list {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", b.NRB.Format(), b.Purpose, b.Currency, b.Note)
	}
	return nil
}

// bankRefusal prints a refused statement's problems in Polish, from the
// message catalogue as staff read them, and returns the error to exit with.
func bankRefusal(stdout io.Writer, path string, err error) error {
	var pe *bankstmt.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	l := i18n.New().For(i18n.Polish)
	for _, p := range pe.Problems {
		args := make([]any, len(p.Args))
		for i, s := range p.Args {
			args[i] = s
		}
		text := l.T("bankstmt."+p.Key, args...)
		if p.Line > 0 {
			text = l.T("bank.line", p.Line) + ": " + text
		}
		fmt.Fprintln(stdout, text)
	}
	return fmt.Errorf("%s: %s", path, l.T("bank.error.refused"))
}
