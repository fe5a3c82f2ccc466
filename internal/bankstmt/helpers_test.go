package bankstmt

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/text"
	"golang.org/x/text/encoding/charmap"
)

// readFixture returns the bytes of testdata/name.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// encode returns s in charset with every line ending replaced by eol.
// CharsetASCII strips Polish diacritics the way banks do.
func encode(t testing.TB, s, charset, eol string) []byte {
	t.Helper()
	s = strings.Join(splitLines(s), eol)
	switch charset {
	case CharsetUTF8:
		return []byte(s)
	case CharsetASCII:
		return []byte(strings.Map(text.FoldRune, s))
	case CharsetMazovia:
		return encodeMazovia(t, s)
	}
	out, err := charmapOf(charset).(*charmap.Charmap).NewEncoder().String(s)
	if err != nil {
		t.Fatalf("encoding to %s: %v", charset, err)
	}
	return []byte(out)
}

// encodeMazovia encodes s in the Mazovia code page by looking each rune
// up in the decoding table.
func encodeMazovia(t testing.TB, s string) []byte {
	t.Helper()
	byRune := make(map[rune]byte)
	for b := 0x80; b <= 0xFF; b++ {
		byRune[(mazovia{}).DecodeByte(byte(b))] = byte(b)
	}
	var out []byte
	for _, r := range s {
		switch b, ok := byRune[r]; {
		case r < 0x80:
			out = append(out, byte(r))
		case ok:
			out = append(out, b)
		default:
			t.Fatalf("encoding to Mazovia: %q has no byte", r)
		}
	}
	return out
}

// mustParseMT940 parses b and fails the test on error.
func mustParseMT940(t testing.TB, b []byte) []Statement {
	t.Helper()
	sts, err := ParseMT940(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("ParseMT940: %v", err)
	}
	return sts
}

// mustParseCSV parses b and fails the test on error.
func mustParseCSV(t testing.TB, b []byte) []Statement {
	t.Helper()
	sts, err := ParseCSV(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("ParseCSV: %v", err)
	}
	return sts
}

// statementSummary describes a statement without its transactions.
func statementSummary(st Statement) string {
	return fmt.Sprintf("%s %s %s..%s %s/%s %d", st.Account, st.Number, st.Opening.Plain(),
		st.Closing.Plain(), st.Format, st.Charset, len(st.Transactions))
}

// txSummary describes every field of tx but ExternalID on one line.
func txSummary(tx Transaction) string {
	accounts := make([]string, len(tx.Accounts))
	for i, n := range tx.Accounts {
		accounts[i] = string(n)
	}
	return fmt.Sprintf("%d %s %s %s ref=%s title=%s cp=%s cpacc=%s acc=%s", tx.Line, tx.BookedOn,
		tx.ValueOn, tx.Amount.Plain(), tx.Reference, tx.Title, tx.Counterparty,
		tx.CounterpartyAccount, strings.Join(accounts, ","))
}

// problemsOf returns the problems of a *ParseError, failing the test on any
// other result.
func problemsOf(t testing.TB, sts []Statement, err error) []Problem {
	t.Helper()
	pe, ok := err.(*ParseError)
	if !ok {
		t.Fatalf("error = %v (%T), want *ParseError", err, err)
	}
	if sts != nil {
		t.Errorf("statements returned with an error: %v", sts)
	}
	return pe.Problems
}

// checkProblems compares problems with want, given as "line: message
// substring".
func checkProblems(t testing.TB, got []Problem, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), problemList(got))
		return
	}
	for i, w := range want {
		line, msg, _ := strings.Cut(w, ": ")
		if fmt.Sprint(got[i].Line) != line || !strings.Contains(got[i].Msg, msg) {
			t.Errorf("problem %d = %v, want line %s containing %q", i, got[i], line, msg)
		}
	}
}

// problemList formats problems one a line.
func problemList(ps []Problem) string {
	var sb strings.Builder
	for _, p := range ps {
		sb.WriteString(p.String() + "\n")
	}
	return sb.String()
}
