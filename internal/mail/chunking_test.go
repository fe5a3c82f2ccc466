package mail

import (
	"bytes"
	"context"
	"errors"
	"strings"
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

// Where the server offers PIPELINING with CHUNKING, MAIL FROM, RCPT TO
// and the BDAT command go before the first reply is read: the server has
// them all in hand when it answers MAIL FROM.
func TestSMTPPipelinesWhereOffered(t *testing.T) {
	srv := startSMTP(t, "", "")
	s, _ := reuseSender(t, srv)
	o := dottedOutgoing(t)
	if err := s.Send(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	seen := srv.WireWhenReplied("accepting mail from")
	if seen == nil {
		t.Fatal("no reply to MAIL FROM")
	}
	for _, want := range []string{"MAIL FROM:<bok@sm-zorza.test>", "RCPT TO:<jan@example.test>", "BDAT "} {
		if !bytes.Contains(seen, []byte(want)) {
			t.Errorf("%q not sent before the reply to MAIL FROM:\n%s", want, seen)
		}
	}
	accepted, _ := srv.Messages()
	if len(accepted) != 1 || accepted[0].From != "bok@sm-zorza.test" || len(accepted[0].To) != 1 || accepted[0].To[0] != "jan@example.test" {
		t.Fatalf("accepted %+v", accepted)
	}
	checkDotted(t, o, parseMail(t, accepted[0].Data), accepted[0].Data)
}

// Without PIPELINING in the EHLO reply, the sender waits for the reply to
// MAIL FROM before RCPT TO, and still uses BDAT.
func TestSMTPWaitsForEachReplyWherePipeliningIsNotOffered(t *testing.T) {
	srv := startSMTP(t, "", "")
	srv.OfferPipelining(false)
	s, _ := reuseSender(t, srv)
	o := dottedOutgoing(t)
	if err := s.Send(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	seen := srv.WireWhenReplied("accepting mail from")
	if !bytes.Contains(seen, []byte("MAIL FROM:<bok@sm-zorza.test>")) {
		t.Fatalf("no MAIL FROM before its reply:\n%s", seen)
	}
	if bytes.Contains(seen, []byte("RCPT TO")) {
		t.Errorf("RCPT TO sent before the reply to MAIL FROM although PIPELINING is not offered")
	}
	if !bytes.Contains(srv.Wire(), []byte("BDAT ")) {
		t.Errorf("no BDAT on the wire")
	}
	accepted, _ := srv.Messages()
	if len(accepted) != 1 {
		t.Fatalf("%d accepted, want 1", len(accepted))
	}
	checkDotted(t, o, parseMail(t, accepted[0].Data), accepted[0].Data)
}

// A recipient refused in a pipelined send is a permanent refusal at RCPT
// TO; the server read the chunk that followed as data, not as commands,
// and the next message goes.
func TestSMTPRecipientRefusedInAPipelinedSend(t *testing.T) {
	srv := startSMTP(t, "", "")
	srv.RefuseRecipient("jan@example.test")
	s, _ := reuseSender(t, srv)
	err := s.Send(context.Background(), dottedOutgoing(t))
	if !errors.Is(err, ErrPermanent) {
		t.Fatalf("550 at RCPT TO: %v, want ErrPermanent", err)
	}
	if !strings.Contains(err.Error(), "RCPT TO") {
		t.Errorf("error %q does not name RCPT TO", err)
	}
	if accepted, rejected := srv.Messages(); len(accepted) != 0 || len(rejected) != 0 {
		t.Errorf("a refused recipient's message reached the server: %d accepted, %d rejected", len(accepted), len(rejected))
	}
	if !bytes.Contains(srv.WireWhenReplied("No such user"), []byte("BDAT ")) {
		t.Errorf("the send was not pipelined")
	}
	next := dottedOutgoing(t)
	next.To = "anna@example.test"
	if err := s.Send(context.Background(), next); err != nil {
		t.Fatalf("the next message: %v", err)
	}
	if accepted, _ := srv.Messages(); len(accepted) != 1 || accepted[0].To[0] != "anna@example.test" {
		t.Errorf("accepted %+v, want the next message", accepted)
	}
}
