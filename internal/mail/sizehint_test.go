package mail

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// The buffer a message is written into is sized once: the hint covers a
// letter with a PDF (and a long Polish text) written out, and is not more
// than a tenth above it.
func TestSizeHintCoversTheWrittenMessage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 1000, 28000, 300000} {
		pdf := make([]byte, n)
		for i := range pdf {
			pdf[i] = byte(rng.UintN(256))
		}
		o := Outgoing{MessageID: "<1@example.org>", From: "bok@example.org", To: "jan@example.org",
			Subject: "Zawiadomienie o zmianie opłat", Text: strings.Repeat("Zażółć gęślą jaźń. ", 40),
			Date: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
		if n > 0 {
			o.Attachments = []Attachment{{Filename: "pismo.pdf", ContentType: "application/pdf", Data: pdf}}
		}
		msg, err := buildMsg(o)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := msg.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		hint, got := o.sizeHint(), buf.Len()
		if hint < got || (n >= 28000 && float64(hint) > 1.1*float64(got)) {
			t.Errorf("attachment of %d bytes: hint %d for a message of %d bytes", n, hint, got)
		}
	}
}
