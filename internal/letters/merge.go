package letters

import (
	"regexp"
	"slices"
	"strings"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// The mail-merge fields a letter may use, each filled per recipient.
const (
	FieldName            = "imie_nazwisko"
	FieldPostalAddress   = "adres_korespondencyjny"
	FieldPremisesAddress = "adres_lokalu"
	FieldBalance         = "saldo"
	FieldAmountDue       = "kwota_do_zaplaty"
	FieldDueDate         = "termin_platnosci"
	FieldNRB             = "nrb"
	FieldLogin           = "login"
)

// Fields lists the merge fields, in the order the compose page explains them.
func Fields() []string {
	return []string{FieldName, FieldPostalAddress, FieldPremisesAddress, FieldBalance,
		FieldAmountDue, FieldDueDate, FieldNRB, FieldLogin}
}

// fieldRE finds "[name]" where name is lower-case letters, digits and
// underscores: what staff write as a field.
var fieldRE = regexp.MustCompile(`\[([a-z0-9_ąćęłńóśźż]+)\]`)

// checkFields refuses text using a field Fields does not list, naming the
// first unknown ones.
func checkFields(texts ...string) error {
	var unknown []string
	for _, t := range texts {
		for _, m := range fieldRE.FindAllStringSubmatch(t, -1) {
			if !slices.Contains(Fields(), m[1]) && !slices.Contains(unknown, m[0]) {
				unknown = append(unknown, m[0])
			}
		}
	}
	if len(unknown) > 0 {
		return problem("letters.err.unknown_field", strings.Join(unknown, ", "), "["+strings.Join(Fields(), "], [")+"]")
	}
	return nil
}

// Values are one recipient's merge fields.
type Values struct {
	Name            string
	PostalAddress   []string // lines: street, postal code and city
	PremisesAddress string
	Balance         money.Amount // positive: arrears
	DueDate         string
	NRB             string
	Login           string
}

// AmountDue is what the recipient should pay: the arrears, never less than 0.
func (v Values) AmountDue() money.Amount { return max(v.Balance, 0) }

// usesBalance reports whether a letter needs its recipients' balances:
// it carries a payment, or its subject or body uses [saldo] or
// [kwota_do_zaplaty]. The balance is a sum over the premises' ledger, the
// costliest of the merge fields to read.
func (l *Letter) usesBalance() bool {
	if l.Kind.HasPayment() {
		return true
	}
	for _, t := range []string{l.Subject, l.Body} {
		for _, m := range fieldRE.FindAllStringSubmatch(t, -1) {
			if m[1] == FieldBalance || m[1] == FieldAmountDue {
				return true
			}
		}
	}
	return false
}

// fill replaces every field in text with the recipient's value.
func (v Values) fill(text string) string {
	return fieldRE.ReplaceAllStringFunc(text, func(f string) string {
		switch f[1 : len(f)-1] {
		case FieldName:
			return v.Name
		case FieldPostalAddress:
			return strings.Join(v.PostalAddress, ", ")
		case FieldPremisesAddress:
			return v.PremisesAddress
		case FieldBalance:
			return plainAmount(v.Balance)
		case FieldAmountDue:
			return plainAmount(v.AmountDue())
		case FieldDueDate:
			return v.DueDate
		case FieldNRB:
			if v.NRB == "" {
				return ""
			}
			return nrb.Number(v.NRB).Format()
		case FieldLogin:
			return v.Login
		}
		return f
	})
}

// plainAmount is an amount as a letter prints it, "1 234,56 zł".
func plainAmount(a money.Amount) string { return strings.ReplaceAll(a.Format(), "\u00a0", " ") }
