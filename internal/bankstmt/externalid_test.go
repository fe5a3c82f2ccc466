package bankstmt

import (
	"reflect"
	"strings"
	"testing"
)

// allCharsets are the charsets a fixture is re-encoded to.
var allCharsets = []string{CharsetWindows1250, CharsetISO88592, CharsetCP852, CharsetMazovia, CharsetUTF8, CharsetASCII}

// externalIDs lists the ExternalIDs of all transactions, statement by
// statement.
func externalIDs(sts []Statement) []string {
	var ids []string
	for _, st := range sts {
		for _, tx := range st.Transactions {
			ids = append(ids, tx.ExternalID)
		}
	}
	return ids
}

// reencodings returns the fixture's text in every charset and line ending.
func reencodings(t *testing.T, raw []byte) map[string][]byte {
	text, _ := decodeText(raw)
	out := make(map[string][]byte)
	for _, cs := range allCharsets {
		for name, eol := range map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r"} {
			out[cs+"/"+name] = encode(t, text, cs, eol)
		}
	}
	return out
}

func TestExternalIDStableMT940(t *testing.T) {
	for _, fx := range mt940Fixtures {
		raw := readFixture(t, fx.file)
		want := mustParseMT940(t, raw)
		wantIDs := externalIDs(want)
		for variant, b := range reencodings(t, raw) {
			got := mustParseMT940(t, b)
			if ids := externalIDs(got); !reflect.DeepEqual(ids, wantIDs) {
				t.Errorf("%s as %s: IDs\n%v\nwant\n%v", fx.file, variant, ids, wantIDs)
			}
			if !strings.HasPrefix(variant, CharsetASCII) {
				for i := range got {
					got[i].Charset = want[i].Charset
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s as %s: statements differ", fx.file, variant)
				}
			}
		}
	}
}

func TestExternalIDStableCSV(t *testing.T) {
	for _, file := range []string{"mbank_cp1250.csv", "pko_utf8bom.csv"} {
		raw := readFixture(t, file)
		wantIDs := externalIDs(mustParseCSV(t, raw))
		for variant, b := range reencodings(t, raw) {
			if ids := externalIDs(mustParseCSV(t, b)); !reflect.DeepEqual(ids, wantIDs) {
				t.Errorf("%s as %s: IDs\n%v\nwant\n%v", file, variant, ids, wantIDs)
			}
		}
	}
}

func TestExternalIDIgnoresLayout(t *testing.T) {
	raw := readFixture(t, "mbank_cp1250_crlf.sta")
	text, _ := decodeText(raw)
	wantIDs := externalIDs(mustParseMT940(t, raw))

	// The same statements with other line numbers (blank lines, no SWIFT
	// blocks) and :86: fields not wrapped at all.
	var lines []string
	for _, line := range splitLines(text) {
		switch {
		case strings.HasPrefix(line, "{"), line == "-}":
			lines = append(lines, "")
		case line != "" && !strings.HasPrefix(line, ":") && !strings.HasPrefix(line, "8") && !strings.HasPrefix(line, "PL81"):
			lines[len(lines)-1] += line // a :86: continuation line
		default:
			lines = append(lines, line)
		}
	}
	relaid := "\n\n" + strings.Join(lines, "\n")
	if relaid == text {
		t.Fatal("the relaid text is unchanged")
	}
	if ids := externalIDs(mustParseMT940(t, []byte(relaid))); !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("IDs\n%v\nwant\n%v", ids, wantIDs)
	}
}

func TestExternalIDDistinguishes(t *testing.T) {
	sts := mustParseMT940(t, readFixture(t, "mbank_cp1250_crlf.sta"))
	ids := externalIDs(sts)
	seen := make(map[string]bool)
	for _, id := range ids {
		if seen[id] {
			t.Errorf("ID %s repeats", id)
		}
		seen[id] = true
		if !strings.HasPrefix(id, "sha256:") {
			t.Errorf("ID %s: want a digest, mBank gives no references", id)
		}
	}
	// The same payment made twice the same day is counted, not merged.
	if ids[1] != ids[0]+"#2" {
		t.Errorf("repeated payment: IDs %s and %s", ids[0], ids[1])
	}

	// Changing the amount (and balances) changes the ID.
	text, _ := decodeText(readFixture(t, "mbank_cp1250_crlf.sta"))
	changed := strings.Replace(text, ":61:2611211121DN87,20", ":61:2611211121DN87,21", 1)
	changed = strings.ReplaceAll(changed, "PLN14392,97", "PLN14392,96")
	changed = strings.ReplaceAll(changed, "PLN14892,97", "PLN14892,96")
	got := externalIDs(mustParseMT940(t, []byte(changed)))
	if got[3] == ids[3] || got[2] != ids[2] {
		t.Errorf("after changing entry 4 only: IDs %v, before %v", got, ids)
	}
}

func TestExternalIDWithReference(t *testing.T) {
	sts := mustParseMT940(t, readFixture(t, "ing_iso88592_lf.sta"))
	const want = "ref:89105010121000002345678901:2026-11-20:32015:IBE2611200000101"
	if got := sts[0].Transactions[0].ExternalID; got != want {
		t.Errorf("ExternalID = %s, want %s", got, want)
	}
}

func TestMeaningfulRef(t *testing.T) {
	tests := map[string]string{
		"NONREF":                     "",
		" nonref ":                   "",
		"00000000000":                "",
		"":                           "",
		"BRAK":                       "",
		"61109010140000071219812874": "",
		"15E2611200012345":           "15E2611200012345",
		"0001":                       "0001",
	}
	for in, want := range tests {
		if got := meaningfulRef(in); got != want {
			t.Errorf("meaningfulRef(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExternalIDCSVIndependentOfPeriod(t *testing.T) {
	// Exported alone, the first payment's own account becomes the
	// statement's account; exported with a payment to another virtual
	// account, it does not. Its ExternalID must not change.
	const head = "Data;Kwota;Tytuł;Rachunek odbiorcy\n"
	const first = "2026-11-20;10,00;Czynsz;71109010144440000000150008\n"
	const second = "2026-11-21;20,00;Czynsz;57109010144440000000330001\n"
	alone := mustParseCSV(t, []byte(head+first))
	both := mustParseCSV(t, []byte(head+first+second))
	if alone[0].Account != "71109010144440000000150008" || both[0].Account != "" {
		t.Fatalf("accounts %q and %q", alone[0].Account, both[0].Account)
	}
	if a, b := alone[0].Transactions[0].ExternalID, both[0].Transactions[0].ExternalID; a != b {
		t.Errorf("ExternalID %s alone, %s with another row", a, b)
	}
}
