package mail

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"
)

// dottedOutgoing has lines a DATA transfer must escape: a lone dot (which
// would end the message), two dots and a dot before text.
func dottedOutgoing(t *testing.T) Outgoing {
	return Outgoing{
		MessageID: "<dots@ebok.test>", From: "bok@sm-zorza.test", To: "jan@example.test",
		Subject: "Kropki", Date: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC),
		Text:        "Pierwsza linia\n.\n..\n.ukryta\nOstatnia: zażółć gęślą jaźń",
		Attachments: []Attachment{{Filename: "zawiadomienie.pdf", ContentType: "application/pdf", Data: pdfLike(t)}},
	}
}

// sendDotted sends o to a new server and returns what the server
// accepted, taken apart, and what the client sent on the wire.
func sendDotted(t *testing.T, o Outgoing, chunking bool) (parsedMail, []byte, []byte) {
	t.Helper()
	srv := startSMTP(t, "", "")
	srv.OfferChunking(chunking)
	s, _ := reuseSender(t, srv)
	if err := s.Send(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	accepted, _ := srv.Messages()
	if len(accepted) != 1 {
		t.Fatalf("%d messages accepted, want 1", len(accepted))
	}
	return parseMail(t, accepted[0].Data), accepted[0].Data, srv.Wire()
}

// checkDotted checks that the message want arrived whole.
func checkDotted(t *testing.T, want Outgoing, got parsedMail, raw []byte) {
	t.Helper()
	if normalizeNL(got.text) != normalizeNL(want.Text) {
		t.Errorf("text = %q, want %q", got.text, want.Text)
	}
	if len(got.attachments) != 1 || !bytes.Equal(got.attachments[0].Data, want.Attachments[0].Data) {
		t.Errorf("attachment not received whole (%d attachments)", len(got.attachments))
	}
	if bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) {
		t.Errorf("the message has a bare line feed")
	}
}

func TestSMTPSendsWithBDATWhereChunkingIsOffered(t *testing.T) {
	o := dottedOutgoing(t)
	got, raw, wire := sendDotted(t, o, true)
	checkDotted(t, o, got, raw)
	if !bytes.Contains(wire, []byte("\r\nBDAT ")) {
		t.Errorf("no BDAT on the wire:\n%s", wire)
	}
	if bytes.Contains(wire, []byte("\r\nDATA\r\n")) {
		t.Errorf("DATA on the wire although the server offers CHUNKING")
	}
	// Sent as it is: the lone dot is not doubled on the wire.
	if !bytes.Contains(wire, []byte("\r\n.\r\n..\r\n.ukryta")) {
		t.Errorf("the dotted lines were changed on the wire")
	}
}

func TestSMTPSendsWithDATAWhereChunkingIsNotOffered(t *testing.T) {
	o := dottedOutgoing(t)
	got, raw, wire := sendDotted(t, o, false)
	checkDotted(t, o, got, raw)
	if !bytes.Contains(wire, []byte("\r\nDATA\r\n")) {
		t.Errorf("no DATA on the wire:\n%s", wire)
	}
	if bytes.Contains(wire, []byte("BDAT")) {
		t.Errorf("BDAT on the wire although the server does not offer CHUNKING")
	}
	// Dot-stuffed on the wire, as RFC 5321 §4.5.2 asks.
	if !bytes.Contains(wire, []byte("\r\n..\r\n...\r\n..ukryta")) {
		t.Errorf("the dotted lines were not escaped on the wire")
	}
}

// A refusal at the end of a BDAT transfer is permanent for 5xx and
// temporary for 4xx, as with DATA, and the next message still goes.
func TestSMTPRefusalOfABDATMessage(t *testing.T) {
	srv := startSMTP(t, "", "")
	s, _ := reuseSender(t, srv)
	srv.RefuseNext(1)
	if err := s.Send(context.Background(), dottedOutgoing(t)); !errors.Is(err, ErrPermanent) {
		t.Errorf("550 after BDAT: %v, want ErrPermanent", err)
	}
	srv.FailNext(1)
	if err := s.Send(context.Background(), dottedOutgoing(t)); err == nil || errors.Is(err, ErrPermanent) {
		t.Errorf("451 after BDAT: %v, want a temporary error", err)
	}
	if err := s.Send(context.Background(), dottedOutgoing(t)); err != nil {
		t.Errorf("the next message: %v", err)
	}
	if !bytes.Contains(srv.Wire(), []byte("BDAT")) {
		t.Errorf("the messages did not go with BDAT")
	}
}

func TestCRLF(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"a\r\nb\r\n":       "a\r\nb\r\n",
		"a\nb":             "a\r\nb",
		"\n":               "\r\n",
		"a\r\nb\nc\r\n\n":  "a\r\nb\r\nc\r\n\r\n",
		"no line feed\r":   "no line feed\r",
		"\r\n\r\n.\r\n\n.": "\r\n\r\n.\r\n\r\n.",
	} {
		if got := string(crlf([]byte(in))); got != want {
			t.Errorf("crlf(%q) = %q, want %q", in, got, want)
		}
	}
}
