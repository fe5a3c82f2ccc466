package bankstmt

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/nrb"
)

func TestFindAccounts(t *testing.T) {
	const a = "61109010140000071219812874"
	const b = "71109010144440000000150008"
	tests := []struct {
		name string
		text string
		want []nrb.Number
	}{
		{"plain", "nr " + a + " ok", []nrb.Number{a}},
		{"IBAN", "PL" + a, []nrb.Number{a}},
		{"printed", "rach. 61 1090 1014 0000 0712 1981 2874, lokal 5", []nrb.Number{a}},
		{"printed IBAN", "PL61 1090 1014 0000 0712 1981 2874", []nrb.Number{a}},
		{"no-break spaces", "61\u00a01090\u00a01014\u00a00000\u00a00712\u00a01981\u00a02874", []nrb.Number{a}},
		{"hyphens", "61-1090-1014-0000-0712-1981-2874", []nrb.Number{a}},
		{"odd grouping", "6110 9010 1400 0007 1219 8128 74", []nrb.Number{a}},
		{"number before it", "lokal 12 61 1090 1014 0000 0712 1981 2874", []nrb.Number{a}},
		{"two and a repeat", a + " / " + b + " i znowu PL" + a, []nrb.Number{a, b}},
		{"two adjacent groups", "61 1090 1014 0000 0712 1981 2874 71 1090 1014 4440 0000 0015 0008", []nrb.Number{a, b}},
		{"wrong check digits", "62109010140000071219812874", nil},
		{"glued to more digits", "1" + a, nil},
		{"too short", "6110901014000007121981287", nil},
		{"split by a letter", "611090101400000x71219812874", nil},
		{"too many spaces between groups", "61    1090 1014 0000 0712 1981 2874", nil},
		{"nothing", "Opłata za lokal", nil},
	}
	for _, tt := range tests {
		if got := FindAccounts(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: FindAccounts(%q) = %v, want %v", tt.name, tt.text, got, tt.want)
		}
	}
}

func TestFindAccountsLongText(t *testing.T) {
	// Many numbers in one long run of digit groups must all be found,
	// in linear time.
	var sb strings.Builder
	for i := 0; i < 5000; i++ {
		sb.WriteString("PL61 1090 1014 0000 0712 1981 2874 12 ")
	}
	if got := FindAccounts(sb.String()); len(got) != 1 || got[0] != "61109010140000071219812874" {
		t.Errorf("got %v", got)
	}
}
