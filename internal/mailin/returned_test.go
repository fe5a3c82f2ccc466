package mailin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestReturnedMailAsServersWriteIt reads mail written the way real servers
// return it (testdata/returned, modelled on Postfix, Exim, qmail, Gmail,
// Exchange, Microsoft 365 and Polish providers) and mail programs'
// automatic replies, and checks what each is taken for: a failure of the
// mail it names (which moves a letter to post), a delay warning (which
// must not), an automatic reply (which joins no thread), or a person's
// mail.
func TestReturnedMailAsServersWriteIt(t *testing.T) {
	cases := []struct {
		file   string
		kind   string // "failed", "delayed", "automatic" or "mail"
		id     string // a Message-ID the returned mail must name
		reason string // words the reason must hold
	}{
		{"postfix-dsn.eml", "failed", "<letter-41-7@sm-example.pl>", "550 5.1.1"},
		{"exim-text.eml", "failed", "<letter-41-8@sm-example.pl>", "550 Unrouteable address"},
		{"qmail.eml", "failed", "<letter-41-9@sm-example.pl>", "Remote host said: 550 5.1.1"},
		{"gmail-delay.eml", "delayed", "<letter-41-10@sm-example.pl>", ""},
		{"exim-delay.eml", "delayed", "", "451 4.4.1"},
		{"dsn-delayed-mixed.eml", "delayed", "<letter-41-11@sm-example.pl>", "Quota exceeded"},
		{"exchange2003.eml", "failed", "<letter-41-12@sm-example.pl>", "The recipient name is not recognized"},
		// Exchange's "Undeliverable: <the letter's subject>", the letter's
		// subject saying "opóźnienie" or "warning": a failure all the same.
		{"exchange-pl-delay-word.eml", "failed", "<letter-42-3@sm-example.pl>", ""},
		{"exchange-warning-word.eml", "failed", "<letter-42-31@sm-example.pl>", "The recipient name is not recognized"},
		{"mbox-from.eml", "failed", "<letter-41-13@sm-example.pl>", "552 5.2.2 Mailbox full"},
		{"broken-header.eml", "failed", "<letter-41-14@sm-example.pl>", "550 5.2.2"},
		{"truncated.eml", "failed", "<letter-41-15@sm-example.pl>", "550 5.2.1 The email account"},
		// The original's headers as message/rfc822-headers (not a
		// registered type, but written), and a Message-ID folded onto
		// the next line.
		{"sendmail-rfc822-headers.eml", "failed", "<letter-42-16@sm-example.pl>", "550 5.1.1"},
		{"folded-message-id.eml", "failed", "<letter-42-18@sm-example.pl>", "550 5.1.1"},
		{"onet-text.eml", "failed", "<letter-41-16@sm-example.pl>", "Odbiorca nie istnieje"},
		{"autoreply-wp.eml", "automatic", "", ""},
		{"autoreply-rfc3834.eml", "automatic", "", ""},
		{"lotus-ooo.eml", "automatic", "", ""},
		// A vacation reply (null sender, Auto-Submitted) to a letter whose
		// subject says "niedostarczenie": not returned mail, so the letter
		// stays sent.
		{"vacation-failure-word.eml", "automatic", "", ""},
		{"vacation-re-failure-word.eml", "automatic", "", ""},
		{"forwarded-by-resident.eml", "mail", "", ""},
		// A resident's answer whose subject mentions being away joins
		// the thread.
		{"reply-nieobecnosc.eml", "mail", "", ""},
		{"reply-urlop.eml", "mail", "", ""},
		{"no-header.eml", "mail", "", ""},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "returned", c.file))
			if err != nil {
				t.Fatal(err)
			}
			m := Parse(raw)
			kind := "mail"
			switch {
			case m.Bounce != nil && m.Bounce.Delayed:
				kind = "delayed"
			case m.Bounce != nil:
				kind = "failed"
			case m.Automatic:
				kind = "automatic"
			}
			if kind != c.kind {
				t.Fatalf("taken as %s, want %s (%+v)", kind, c.kind, m.Bounce)
			}
			if m.MessageID == "" || !utf8.ValidString(m.Text) {
				t.Errorf("Message-ID %q, text valid UTF-8: %v", m.MessageID, utf8.ValidString(m.Text))
			}
			if m.Bounce == nil {
				return
			}
			if c.id != "" && !contains(m.Bounce.MessageIDs, c.id) {
				t.Errorf("Message-IDs %q, want %s among them", m.Bounce.MessageIDs, c.id)
			}
			if contains(m.Bounce.MessageIDs, m.MessageID) {
				t.Errorf("the notification's own Message-ID %s among the returned ones", m.MessageID)
			}
			if !strings.Contains(m.Bounce.Reason, c.reason) || (c.kind == "failed" && m.Bounce.Reason == "") {
				t.Errorf("reason %q, want it to hold %q", m.Bounce.Reason, c.reason)
			}
		})
	}
}

// A reason is kept to 300 bytes at the most, cut between characters.
func TestReturnedReasonIsClipped(t *testing.T) {
	long := "smtp; 550 5.1.1 " + strings.Repeat("ż", 200)
	raw := "From: MAILER-DAEMON@example.pl\r\nSubject: Undelivered Mail\r\nMessage-ID: <c@x>\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\n" +
		"Final-Recipient: rfc822; a@b.pl\r\nAction: failed\r\nDiagnostic-Code: " + long + "\r\n\r\n--b--\r\n"
	m := Parse([]byte(raw))
	if m.Bounce == nil {
		t.Fatal("not taken for returned mail")
	}
	r := m.Bounce.Reason
	if !utf8.ValidString(r) || len(r) > 300+len("…") || len(r) < 290 || !strings.HasPrefix(r, "smtp; 550 5.1.1 ż") {
		t.Errorf("reason of %d bytes: %q", len(r), r)
	}
	short := strings.Replace(raw, long, "smtp; 550 5.1.1 "+strings.Repeat("x", 300-len("smtp; 550 5.1.1 ")), 1)
	if r := Parse([]byte(short)).Bounce.Reason; len(r) != 300 || strings.HasSuffix(r, "…") {
		t.Errorf("a reason of exactly 300 bytes became %d bytes: %q", len(r), r)
	}
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// FuzzParse: whatever arrives in the mailbox, Parse returns a mail with
// a Message-ID and valid UTF-8 text, and never panics.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "returned", "*.eml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(replyMail))
	f.Add([]byte(bounceMail))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := Parse(raw)
		if m.MessageID == "" {
			t.Fatal("no Message-ID")
		}
		if !utf8.ValidString(m.Text) || !utf8.ValidString(m.Subject) {
			t.Fatalf("text not valid UTF-8: %q / %q", m.Text, m.Subject)
		}
		if m.Bounce != nil && (len(m.Bounce.Reason) > 300+len("…") || !utf8.ValidString(m.Bounce.Reason)) {
			t.Fatalf("reason %q", m.Bounce.Reason)
		}
	})
}
