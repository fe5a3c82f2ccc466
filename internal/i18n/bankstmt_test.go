package i18n

import (
	"testing"

	"github.com/ebok/ebok/internal/bankstmt"
)

// Every problem a bank statement can have reads in both languages.
func TestBankStatementProblemsHaveMessages(t *testing.T) {
	c := New()
	for _, k := range bankstmt.Keys() {
		for _, lang := range Langs {
			if !c.Has(lang, "bankstmt."+k) {
				t.Errorf("%s: no message bankstmt.%s", lang, k)
			}
		}
	}
}
