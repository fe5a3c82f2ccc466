// Package payqr builds the payment QR code that Polish banking apps read
// to fill in a domestic transfer: the "2D code" of the Polish Bank
// Association (Związek Banków Polskich, ZBP).
//
// The format is set by "Rekomendacja Związku Banków Polskich dotycząca kodu
// dwuwymiarowego („2D”), umożliwiającego realizację polecenia przelewu oraz
// aktywację usług bankowych na rynku polskim", version 1.0 of 3 December
// 2013 (https://zbp.pl/getmedia/1d7fef90-d193-4a2d-a1c3-ffdf1b0e0649/2013-12-03_-_Rekomendacja_-_Standard_2D).
// What this package follows from it:
//
//   - Nine fields separated by "|", at most 160 characters in all: the
//     recipient's NIP (10 digits; required of companies, optional for
//     private persons, so it may be empty), the country code "PL", the
//     26-digit account number, the amount, the recipient's name (at most
//     20 characters), the title (at most 32 characters) and three reserved
//     fields (a direct-debit customer id of up to 20 characters, an
//     Invoobill id of up to 12 and a spare one of up to 24). ebok fills
//     none of the reserved fields, so every code ends with "|||".
//   - The amount is required and is 6 digits: grosze, zero-padded, so
//     512,34 zł is "051234" and the largest amount is 9 999,99 zł
//     ("999999"). The format has no way to write a larger amount and no
//     separate "no amount" value (an empty field is not 6 digits). Issuers
//     that leave the amount to the payer write "000000", and banking apps
//     then let the payer type it (github.com/jb0hn/PaymentQRCodeGeneratorPL
//     documents this for IKO, mBank and Millennium). Encode does the same
//     for amounts above the limit and for zero or negative amounts, and
//     says so, so that the page can tell the payer to type the amount.
//   - The text is UTF-8, so the name and the title keep their Polish
//     letters: no transliteration. Other characters are reduced to what a
//     transfer title can carry (see Encode).
//   - The symbol is a QR code with error correction level L, about 250
//     pixels on screen and at least 1.8 × 1.8 cm in print (see PNG).
//
// The recommendation itself was not at hand when this package was written:
// the rules above come from the recommendation's field table as quoted by
// independent implementations that cite it (for example
// github.com/IonBazan/pl-qr-payment and
// github.com/MarcinOrlowski/bank-qrcode-formatter), which agree with each
// other and with ebok's domain notes. Check them against the PDF when it is
// at hand.
package payqr

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// Limits and fixed values of the ZBP 2D format.
const (
	// MaxLength is the longest text of a code, in characters.
	MaxLength = 160
	// MaxRecipientName is the longest recipient name, in characters.
	MaxRecipientName = 20
	// MaxTitle is the longest title, in characters.
	MaxTitle = 32
	// MaxAmount is the largest amount the 6-digit amount field can hold:
	// 9 999,99 zł.
	MaxAmount money.Amount = 999_999
	// Separator separates the fields.
	Separator = "|"
	// Country is the country code field; the format is for domestic
	// transfers only.
	Country = "PL"
	// Fields is the number of fields in a code (so a code has Fields-1
	// separators).
	Fields = 9
)

// noAmount is the amount field of a code whose amount the payer types.
const noAmount = "000000"

// nipLength is the number of digits in a NIP.
const nipLength = 10

// Errors returned by Encode, unwrapped. An invalid account number is
// reported with the nrb package's error wrapped, so errors.Is(err,
// nrb.ErrChecksum) and the like work.
var (
	// ErrNIP reports a recipient NIP that is neither empty nor 10 digits
	// with a correct check digit.
	ErrNIP = errors.New("payqr: recipient NIP must be empty or 10 digits with a valid check digit")
	// ErrRecipientName reports a recipient name with nothing printable in
	// it; the recommendation makes the name required.
	ErrRecipientName = errors.New("payqr: recipient name is empty")
	// ErrTitle reports a title with nothing printable in it; the
	// recommendation makes the title required.
	ErrTitle = errors.New("payqr: title is empty")
)

// Payment is what a payment QR code carries.
type Payment struct {
	// RecipientNIP is the recipient's tax number: 10 digits, optionally
	// grouped with hyphens or spaces ("123-456-32-18"), or empty.
	RecipientNIP string
	// Account is the recipient's account, usually the premises' virtual
	// NRB. A number in printed form is accepted too.
	Account nrb.Number
	// Amount is the amount to pay. Amounts above MaxAmount, zero and
	// negative ones are left for the payer to type.
	Amount money.Amount
	// RecipientName is shortened to MaxRecipientName characters.
	RecipientName string
	// Title is shortened to MaxTitle characters.
	Title string
}

// Encode returns the text of the payment QR code for p, ready for PNG.
//
// The amount is written in grosze as 6 digits. When it does not fit (above
// 9 999,99 zł) or is not positive, the field is "000000" and amountOmitted
// is true: banking apps then ask the payer for the amount, and the page
// showing the code must say so ("wpisz kwotę samodzielnie").
//
// The recipient name and the title are cleaned before they are cut to
// their limits on character boundaries: "|" is removed (it would split the
// field), control characters and line breaks become spaces, runs of spaces
// collapse and the ends are trimmed. Polish letters are kept, as are
// printable ASCII characters; typographic quotes, dashes and the ellipsis
// become their ASCII forms; other accented Latin letters lose their accents
// (ü becomes u); anything else is dropped. So every character of a code is
// ASCII or a Polish letter, and a code is at most 160 bytes as well as at
// most 160 characters.
//
// Encode fails if the NIP is malformed, the account number is not a valid
// NRB, or the name or the title is empty after cleaning.
func Encode(p Payment) (text string, amountOmitted bool, err error) {
	nip, err := cleanNIP(p.RecipientNIP)
	if err != nil {
		return "", false, err
	}
	account, err := nrb.Parse(string(p.Account))
	if err != nil {
		return "", false, fmt.Errorf("payqr: recipient account: %w", err)
	}
	name := fieldText(p.RecipientName, MaxRecipientName)
	if name == "" {
		return "", false, ErrRecipientName
	}
	title := fieldText(p.Title, MaxTitle)
	if title == "" {
		return "", false, ErrTitle
	}
	amount, omitted := amountField(p.Amount)
	text = strings.Join([]string{
		nip, Country, string(account), amount, name, title,
		"", "", "", // reserved: direct-debit id, Invoobill id, spare
	}, Separator)
	if n := utf8.RuneCountInString(text); n > MaxLength {
		// Unreachable with the limits above (at most 104 characters), kept
		// so that a change to them cannot produce a code banks reject.
		return "", false, fmt.Errorf("payqr: code of %d characters, at most %d allowed", n, MaxLength)
	}
	return text, omitted, nil
}

// amountField returns the 6-digit amount field and whether the amount was
// left for the payer to type.
func amountField(a money.Amount) (field string, omitted bool) {
	if a <= 0 || a > MaxAmount {
		return noAmount, true
	}
	return fmt.Sprintf("%06d", a.Grosze()), false
}

// cleanNIP removes hyphens and spaces from a NIP and checks it: empty, or
// 10 digits whose weighted sum modulo 11 is the last digit.
func cleanNIP(s string) (string, error) {
	nip := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if nip == "" {
		return "", nil
	}
	if len(nip) != nipLength {
		return "", ErrNIP
	}
	weights := [nipLength - 1]int{6, 5, 7, 2, 3, 4, 5, 6, 7}
	sum := 0
	for i := range nip {
		if nip[i] < '0' || nip[i] > '9' {
			return "", ErrNIP
		}
		if i < len(weights) {
			sum += weights[i] * int(nip[i]-'0')
		}
	}
	// A remainder of 10 is never issued as a check digit.
	if sum%11 != int(nip[nipLength-1]-'0') {
		return "", ErrNIP
	}
	return nip, nil
}
