package mailin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/uploads"
)

// The mails of the tests.
const (
	replyMail = "From: Jan Kowalski <Jan@Example.pl>\r\nTo: sm@example.pl\r\nSubject: Re: Cieknie kran\r\n" +
		"Message-ID: <odp-1@example.pl>\r\nIn-Reply-To: <reply-7@ebok.test>\r\nReferences: <x@y> <reply-7@ebok.test>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=iso-8859-2\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nDzi=EAkuj=EA, kran dzia=B3a.\r\n" +
		"--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"skan.pdf\"\r\n\r\n" +
		"%PDF-1.4\r\n1 0 obj<<>>endobj\r\ntrailer<<>>\r\n%%EOF\r\n--b1--\r\n"
	bounceMail = "From: MAILER-DAEMON@example.pl\r\nTo: sm@example.pl\r\nSubject: Undelivered Mail\r\nMessage-ID: <dsn-1@example.pl>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b2\r\n\r\n" +
		"--b2\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n" +
		"--b2\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.pl\r\n\r\n" +
		"Final-Recipient: rfc822; ewa@example.pl\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user\r\n\r\n" +
		"--b2\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <letter-3@ebok.test>\r\nSubject: Zawiadomienie\r\n\r\n--b2--\r\n"
)

func TestParseReplyAndBounce(t *testing.T) {
	m, err := Parse([]byte(replyMail)), error(nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.MessageID != "<odp-1@example.pl>" || m.From != "jan@example.pl" || m.Text != "Dziękuję, kran działa." ||
		len(m.Files) != 1 || m.Files[0].Filename != "skan.pdf" || m.Bounce != nil {
		t.Errorf("reply parsed as %+v", m)
	}
	if strings.Join(m.References, " ") != "<x@y> <reply-7@ebok.test> <reply-7@ebok.test>" {
		t.Errorf("references %q", m.References)
	}
	b, err := Parse([]byte(bounceMail)), error(nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.Bounce == nil || strings.Join(b.Bounce.MessageIDs, " ") != "<letter-3@ebok.test>" || b.Bounce.Delayed || b.Bounce.Reason != "smtp; 550 5.1.1 no such user" {
		t.Errorf("bounce parsed as %+v", b.Bounce)
	}
	noID := Parse([]byte("From: a@b.pl\r\n\r\nhej"))
	again := Parse([]byte("From: a@b.pl\r\n\r\nhej"))
	if noID.MessageID == "" || noID.MessageID != again.MessageID {
		t.Errorf("mail without a Message-ID named %q, then %q", noID.MessageID, again.MessageID)
	}
}

// takes records the mail handed to it.
type takes struct {
	mu   sync.Mutex
	mail []messages.Mail
}

// Take records m.
func (t *takes) Take(_ context.Context, _ int64, m messages.Mail) (messages.Outcome, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.mail = append(t.mail, m)
	return messages.TookTriage, nil
}

// startIMAP serves an in-memory mailbox on 127.0.0.1 with the mails given.
func startIMAP(t *testing.T, mails ...string) config.IMAP {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("sm", "tajne")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       nil,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	port := ln.Addr().(*net.TCPAddr).Port
	cfg := config.IMAP{Host: "127.0.0.1", Port: port, TLS: "none", Username: "sm", Password: "tajne", Mailbox: "INBOX", Poll: time.Minute}
	c, err := imapclient.DialInsecure(net.JoinHostPort(cfg.Host, strconv.Itoa(port)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("sm", "tajne").Wait(); err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		cmd := c.Append("INBOX", int64(len(m)), nil)
		if _, err := io.WriteString(cmd, m); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	return cfg
}

func TestPollerTakesEachMailOnceAndDeletesNothing(t *testing.T) {
	cfg := startIMAP(t, replyMail, bounceMail)
	got := &takes{}
	p := &Poller{Config: cfg, Taker: got, CoopID: 1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	n, err := p.Once(context.Background())
	if err != nil || n != 2 || len(got.mail) != 2 {
		t.Fatalf("first poll: %d marked, %d taken, %v", n, len(got.mail), err)
	}
	if got.mail[0].MessageID != "<odp-1@example.pl>" || got.mail[1].Bounce == nil {
		t.Errorf("taken %+v", got.mail)
	}
	if n, err := p.Once(context.Background()); err != nil || n != 0 || len(got.mail) != 2 {
		t.Errorf("second poll: %d marked, %d taken, %v", n, len(got.mail), err)
	}
	c, err := imapclient.DialInsecure(net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Login("sm", "tajne").Wait()
	box, err := c.Select("INBOX", nil).Wait()
	if err != nil || box.NumMessages != 2 {
		t.Errorf("mailbox holds %v mails after the polls (%v), want both", box, err)
	}
}

// Mail that is not quite MIME (a multipart cut short, a part whose
// base64 is broken, a boundary that never comes) is taken like any other,
// for staff to read.
func TestPollerTakesMailThatIsNotQuiteMIME(t *testing.T) {
	broken := []string{
		"From: obcy@example.com\r\nMessage-ID: <b-1@example.com>\r\nContent-Type: multipart/mixed; boundary=\"y\"\r\n\r\n--y\r\nContent-Type: text/plain\r\n\r\nUcięte w pół",
		"From: obcy@example.com\r\nMessage-ID: <b-2@example.com>\r\nContent-Type: multipart/mixed; boundary=\"z\"\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\nTresc\r\n" +
			"--z\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n!!! to nie base64 !!!\r\n--z--\r\n",
		"From: obcy@example.com\r\nMessage-ID: <b-3@example.com>\r\nContent-Type: multipart/mixed; boundary=\"nigdy\"\r\n\r\nBez granicy.\r\n",
	}
	cfg := startIMAP(t, append(broken, replyMail)...)
	got := &takes{}
	p := &Poller{Config: cfg, Taker: got, CoopID: 1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	n, err := p.Once(context.Background())
	if err != nil || n != 4 || len(got.mail) != 4 {
		t.Fatalf("poll: %d marked, %d taken, %v; want all 4", n, len(got.mail), err)
	}
	for i, want := range []string{"<b-1@example.com>", "<b-2@example.com>", "<b-3@example.com>", "<odp-1@example.pl>"} {
		if got.mail[i].MessageID != want {
			t.Errorf("mail %d taken as %s, want %s", i, got.mail[i].MessageID, want)
		}
	}
	if !strings.Contains(got.mail[0].Text, "Ucięte w pół") || got.mail[1].Text != "Tresc" || !strings.Contains(got.mail[2].Text, "Bez granicy.") {
		t.Errorf("texts %q, %q, %q", got.mail[0].Text, got.mail[1].Text, got.mail[2].Text)
	}
}

// Mail the poller cannot take (here: mail the test server cannot parse
// and serves empty) stays in the mailbox, unmarked, and does not keep
// the mail after it from being read, however many there are: more than
// one poll's 50.
func TestPollerIsNotBlockedByMailItCannotTake(t *testing.T) {
	var mails []string
	for i := range 51 {
		mails = append(mails, fmt.Sprintf("From MAILER-DAEMON  Thu Dec  3 10:00:%02d 2026\r\nFrom: x@example.pl\r\n\r\nNieczytelna %d\r\n", i, i))
	}
	cfg := startIMAP(t, append(mails, replyMail)...)
	got := &takes{}
	p := &Poller{Config: cfg, Taker: got, CoopID: 1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	n, err := p.Once(context.Background())
	if err != nil || n != 1 || len(got.mail) != 1 || got.mail[0].MessageID != "<odp-1@example.pl>" {
		t.Fatalf("poll: %d marked, %d taken (%v), %v; want the reply after the 51", n, len(got.mail), got.mail, err)
	}
}

// An attachment the message policy refuses is named, with the refusal,
// so that staff and the resident learn it was not accepted.
func TestParseNamesRefusedAttachments(t *testing.T) {
	raw := "From: jan@example.pl\r\nMessage-ID: <z-1@example.pl>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nW załączniku umowa.\r\n" +
		"--b\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n" +
		"Content-Disposition: attachment; filename*=utf-8''umowa%20najmu.docx\r\n\r\nPK\x03\x04nie pdf\r\n" +
		"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"skan.pdf\"\r\n\r\n" +
		"%PDF-1.4\r\n1 0 obj<<>>endobj\r\ntrailer<<>>\r\n%%EOF\r\n--b--\r\n"
	m := Parse([]byte(raw))
	if len(m.Files) != 1 || m.Files[0].Filename != "skan.pdf" {
		t.Errorf("files %+v", m.Files)
	}
	if len(m.Skipped) != 1 || m.Skipped[0].Name != "umowa najmu.docx" || !errors.Is(m.Skipped[0].Why, uploads.ErrType) {
		t.Errorf("skipped %+v", m.Skipped)
	}
}

// A refused attachment's name in bytes that are not UTF-8 (raw, or
// encoded as RFC 2047 says) is named in valid UTF-8, since the note
// naming it is stored as text.
func TestParseNamesRefusedAttachmentsInValidUTF8(t *testing.T) {
	raw := "From: jan@example.pl\r\nMessage-ID: <z-2@example.pl>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nW za\xc5\x82\xc4\x85czniku.\r\n" +
		"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"=?utf-8?q?umowa=C5.doc?=\"\r\n\r\nMZ\r\n" +
		"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"skan\xc5.doc\"\r\n\r\nMZ\r\n--b--\r\n"
	m := Parse([]byte(raw))
	if len(m.Skipped) != 2 || m.Skipped[0].Name != "umowa?.doc" || m.Skipped[1].Name != "skan?.doc" {
		t.Errorf("skipped %+v", m.Skipped)
	}
}

// A NUL in a mail's subject, text or a file's name is no NUL once parsed:
// PostgreSQL refused the mail, which was never taken.
func TestParseDropsNUL(t *testing.T) {
	raw := "From: jan@example.pl\r\nMessage-ID: <z-3@example.pl>\r\nSubject: =?utf-8?q?Awaria=00?=\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nCieknie\x00 kran.\r\n" +
		"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"=?utf-8?q?a=00.doc?=\"\r\n\r\nMZ\r\n--b--\r\n"
	m := Parse([]byte(raw))
	if m.Subject != "Awaria?" || m.Text != "Cieknie? kran." || len(m.Skipped) != 1 || m.Skipped[0].Name != "a?.doc" {
		t.Errorf("subject %q, text %q, skipped %+v", m.Subject, m.Text, m.Skipped)
	}
}
