package mail

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func TestFileSenderWritesParseableEML(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail", "out")
	pdf := pdfLike(t)
	o := Outgoing{
		MessageID: "<0123abcd@ebok.test>", From: testFrom, To: "Anna Żółkiewska <anna@example.test>",
		Subject: polishSubject, Text: polishText, HTML: polishHTML,
		Attachments: []Attachment{{Filename: "zawiadomienie-opłaty.pdf", ContentType: "application/pdf", Data: pdf}},
		Date:        time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC),
	}
	if err := (FileSender{Dir: dir}).Send(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Errorf("folder mode = %v, want 0700 (mail holds links and start passwords)", perm)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("folder holds %d entries, want 1 (no temporary files left)", len(entries))
	}
	name := entries[0].Name()
	if !regexp.MustCompile(`^\d{19}-0123abcd_ebok\.test\.eml$`).MatchString(name) {
		t.Errorf("file name %q, want <unix-nanos>-0123abcd_ebok.test.eml", name)
	}
	raw, err := fs.ReadFile(os.DirFS(dir), name)
	if err != nil {
		t.Fatal(err)
	}
	row := outboxRow{messageID: o.MessageID, createdAt: o.Date}
	checkReceived(t, raw, row, Message{To: o.To, Subject: o.Subject, Text: o.Text, HTML: o.HTML, Attachments: o.Attachments})
}

func TestFileSenderRefusesWithoutSender(t *testing.T) {
	dir := t.TempDir()
	err := (FileSender{Dir: dir}).Send(context.Background(), Outgoing{MessageID: "<a@b>", To: "jan@example.test", Subject: "x", Text: "y"})
	if err == nil {
		t.Fatal("Send without From succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d files written", len(entries))
	}
}

func TestSanitizeID(t *testing.T) {
	for in, want := range map[string]string{
		"<abc123@ebok.test>":  "abc123_ebok.test",
		"<../../etc/passwd>":  ".._.._etc_passwd",
		"<a b/c\\d@x-y_z.pl>": "a_b_c_d_x-y_z.pl",
	} {
		if got := sanitizeID(in); got != want {
			t.Errorf("sanitizeID(%q) = %q, want %q", in, got, want)
		}
	}
}
