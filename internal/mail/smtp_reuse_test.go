package mail

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/mail/mailtest"
)

// reuseSender is an SMTPSender for srv whose idle connections age by the
// returned clock, and which quits its connections when the test ends.
func reuseSender(t *testing.T, srv *mailtest.SMTP) (*SMTPSender, *fakeClock) {
	t.Helper()
	cfg := testConfig(srv)
	cfg.From = "bok@sm-zorza.test"
	s := smtpSender(t, cfg)
	clock := newClock()
	s.now = clock.Now
	t.Cleanup(s.Close)
	return s, clock
}

// sendNumbered sends message n and fails the test on an error.
func sendNumbered(t *testing.T, s *SMTPSender, n int) {
	t.Helper()
	o := testOutgoing()
	o.MessageID = fmt.Sprintf("<reuse-%d@ebok.test>", n)
	if err := s.Send(context.Background(), o); err != nil {
		t.Fatalf("message %d: %v", n, err)
	}
}

// connOf is the server's number of the connection message i (from 1) came on.
func connOf(t *testing.T, srv *mailtest.SMTP, i int) int {
	t.Helper()
	accepted, _ := srv.Messages()
	if len(accepted) < i {
		t.Fatalf("%d messages accepted, want at least %d", len(accepted), i)
	}
	return accepted[i-1].Conn
}

func TestSMTPKeepsTheConnectionForTheNextMessage(t *testing.T) {
	srv := startSMTP(t, "", "")
	s, _ := reuseSender(t, srv)
	for i := 1; i <= 3; i++ {
		sendNumbered(t, s, i)
	}
	for i := 1; i <= 3; i++ {
		if c := connOf(t, srv, i); c != 1 {
			t.Errorf("message %d came on connection %d, want 1", i, c)
		}
	}
	if made, _ := srv.Connections(); made != 1 {
		t.Errorf("%d connections made for 3 messages, want 1", made)
	}
}

func TestSMTPConnectionCarriesAtMostAHundredMessages(t *testing.T) {
	srv := startSMTP(t, "", "")
	s, _ := reuseSender(t, srv)
	for i := 1; i <= 101; i++ {
		sendNumbered(t, s, i)
	}
	if c := connOf(t, srv, 100); c != 1 {
		t.Errorf("message 100 came on connection %d, want 1", c)
	}
	if c := connOf(t, srv, 101); c != 2 {
		t.Errorf("message 101 came on connection %d, want 2", c)
	}
}

func TestSMTPIdleConnectionIsReusedForTenSeconds(t *testing.T) {
	srv := startSMTP(t, "", "")
	s, clock := reuseSender(t, srv)
	sendNumbered(t, s, 1)
	clock.Advance(10*time.Second - time.Millisecond)
	sendNumbered(t, s, 2)
	if c := connOf(t, srv, 2); c != 1 {
		t.Errorf("after 10 s less 1 ms idle: connection %d, want 1 (reused)", c)
	}
	clock.Advance(10 * time.Second)
	sendNumbered(t, s, 3)
	if c := connOf(t, srv, 3); c != 2 {
		t.Errorf("after 10 s idle: connection %d, want 2 (a new one)", c)
	}
	waitOpen(t, srv, 1) // the stale one was quit
}

func TestSMTPIdleConnectionIsClosedAfterTenSeconds(t *testing.T) {
	srv := startSMTP(t, "", "")
	s, clock := reuseSender(t, srv)
	sendNumbered(t, s, 1)
	clock.Advance(10*time.Second - time.Millisecond)
	s.closeIdle()
	if _, open := srv.Connections(); open != 1 {
		t.Fatalf("%d connections open after 10 s less 1 ms idle, want 1", open)
	}
	clock.Advance(time.Millisecond)
	s.closeIdle()
	waitOpen(t, srv, 0)
}

func TestSMTPServerHangingUpOnAnIdleConnection(t *testing.T) {
	srv := startSMTP(t, "", "")
	s, _ := reuseSender(t, srv)
	sendNumbered(t, s, 1)
	srv.HangUp()
	sendNumbered(t, s, 2)
	accepted, rejected := srv.Messages()
	if len(accepted) != 2 || len(rejected) != 0 {
		t.Fatalf("accepted %d, rejected %d; want 2 and 0", len(accepted), len(rejected))
	}
	if c := connOf(t, srv, 2); c != 2 {
		t.Errorf("after the hang-up: connection %d, want 2", c)
	}
}

func TestSMTPRefusalIsNotRetriedAndClosesTheConnection(t *testing.T) {
	srv := startSMTP(t, "", "")
	s, _ := reuseSender(t, srv)
	sendNumbered(t, s, 1)
	srv.RefuseNext(1)
	o := testOutgoing()
	o.MessageID = "<refused@ebok.test>"
	if err := s.Send(context.Background(), o); !errors.Is(err, ErrPermanent) {
		t.Fatalf("refused message: %v, want ErrPermanent", err)
	}
	srv.FailNext(1)
	o.MessageID = "<deferred@ebok.test>"
	if err := s.Send(context.Background(), o); err == nil || errors.Is(err, ErrPermanent) {
		t.Fatalf("deferred message: %v, want a temporary error", err)
	}
	sendNumbered(t, s, 3)
	accepted, rejected := srv.Messages()
	if len(rejected) != 2 {
		t.Errorf("%d refusals, want 2: a refused message must not be sent again", len(rejected))
	}
	if len(accepted) != 2 || accepted[1].Conn != 3 {
		t.Errorf("accepted %d, the last on connection %d; want 2, on connection 3 (a new one after each refusal)", len(accepted), accepted[len(accepted)-1].Conn)
	}
}

// waitOpen waits up to 5 s for the server to count want open connections.
func waitOpen(t *testing.T, srv *mailtest.SMTP, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, open := srv.Connections()
		if open == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d connections open, want %d", open, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
