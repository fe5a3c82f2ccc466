package pdf

import (
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/money"
)

// ============================================================================
// KWOTA SŁOWNIE (the amount in words, as the payment slip prints it).
//
// Every word is one of the constants and tables below; the functions only
// pick and join them.
// ============================================================================

// Amount in words: the currency, grosze as a fraction, and the number
// words. Each scale has its three forms: singular (1), paucal (2–4, 22–24…,
// but not 12–14) and genitive plural (the rest).
const (
	plWordZero  = "zero"
	plWordMinus = "minus"
	plGroszeF   = "%02d/100" // grosze: 34/100
)

// plZloty are the forms of „złoty”.
var plZloty = [3]string{"złoty", "złote", "złotych"}

// plScales are the forms of 10^3, 10^6, 10^9, 10^12 and 10^15, enough for
// any int64 number of grosze.
var plScales = [...][3]string{
	{"tysiąc", "tysiące", "tysięcy"},
	{"milion", "miliony", "milionów"},
	{"miliard", "miliardy", "miliardów"},
	{"bilion", "biliony", "bilionów"},
	{"biliard", "biliardy", "biliardów"},
}

// plUnits are 1–19 (index 0 unused).
var plUnits = [20]string{
	"", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć",
	"dziesięć", "jedenaście", "dwanaście", "trzynaście", "czternaście",
	"piętnaście", "szesnaście", "siedemnaście", "osiemnaście", "dziewiętnaście",
}

// plTens are 20–90 by tens (indexes 0 and 1 unused).
var plTens = [10]string{
	"", "", "dwadzieścia", "trzydzieści", "czterdzieści",
	"pięćdziesiąt", "sześćdziesiąt", "siedemdziesiąt", "osiemdziesiąt", "dziewięćdziesiąt",
}

// plHundreds are 100–900 by hundreds (index 0 unused).
var plHundreds = [10]string{
	"", "sto", "dwieście", "trzysta", "czterysta", "pięćset", "sześćset", "siedemset", "osiemset", "dziewięćset",
}

// amountInWords writes an amount the way it is written on a bank form: the
// złoty in Polish words with the right form of „złoty”, the grosze as a
// fraction, e.g. „pięćset dwanaście złotych 34/100”, „jeden złoty 00/100”,
// „dwadzieścia dwa złote 05/100”, „tysiąc złotych 00/100”.
func amountInWords(a money.Amount) string {
	negative, g := a < 0, uint64(a)
	if negative {
		g = -uint64(a) // exact even for the smallest Amount
	}
	zloty, grosze := g/100, g%100
	var parts []string
	if negative {
		parts = append(parts, plWordMinus)
	}
	parts = append(parts, numberWords(zloty), pluralForm(zloty, plZloty), fmt.Sprintf(plGroszeF, grosze))
	return strings.Join(parts, " ")
}

// numberWords writes n in Polish words (masculine, as for złoty and the
// scale words): 1 234 567 is „milion dwieście trzydzieści cztery tysiące
// pięćset sześćdziesiąt siedem”. One of a scale is the scale word alone:
// „tysiąc”, not „jeden tysiąc”.
func numberWords(n uint64) string {
	if n == 0 {
		return plWordZero
	}
	var groups []uint64 // by thousands, lowest first
	for ; n > 0; n /= 1000 {
		groups = append(groups, n%1000)
	}
	var words []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		switch {
		case g == 0:
		case i == 0:
			words = append(words, hundredsWords(g)...)
		case g == 1:
			words = append(words, plScales[i-1][0])
		default:
			words = append(words, hundredsWords(g)...)
			words = append(words, pluralForm(g, plScales[i-1]))
		}
	}
	return strings.Join(words, " ")
}

// hundredsWords writes 1–999 in words.
func hundredsWords(n uint64) []string {
	var words []string
	if h := n / 100; h > 0 {
		words = append(words, plHundreds[h])
	}
	switch rest := n % 100; {
	case rest >= 20:
		words = append(words, plTens[rest/10])
		if u := rest % 10; u > 0 {
			words = append(words, plUnits[u])
		}
	case rest > 0:
		words = append(words, plUnits[rest])
	}
	return words
}

// pluralForm picks the form of a noun for a count of n: forms[0] for 1,
// forms[1] for 2–4, 22–24, 102–104… (but not 12–14), forms[2] for the
// rest, including 0, 5–21 and 101 („sto jeden złotych”).
func pluralForm(n uint64, forms [3]string) string {
	switch d, dd := n%10, n%100; {
	case n == 1:
		return forms[0]
	case d >= 2 && d <= 4 && (dd < 12 || dd > 14):
		return forms[1]
	default:
		return forms[2]
	}
}
