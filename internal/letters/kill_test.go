package letters

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The child process of TestKillNineMidBatch reads these.
const (
	childDSN  = "EBOK_LETTERS_KILL_CHILD_DSN"
	childSMTP = "EBOK_LETTERS_KILL_CHILD_SMTP" // host:port
)

// mailParallel is how many e-mails the mail worker sends at once here, as
// internal/app sets it: at most that many can be in flight when the
// process dies.
const mailParallel = 4

// A process sending a 2,000-letter batch is killed with SIGKILL halfway;
// after a restart every recipient has exactly one letter at the SMTP
// server, except at most the e-mails in flight at the kill (accepted by
// the server, not yet recorded as sent), which may arrive twice. Each
// recipient is entered in the register once.
func TestKillNineMidBatch(t *testing.T) {
	if dsn := os.Getenv(childDSN); dsn != "" {
		runChild(t, dsn, os.Getenv(childSMTP))
		return
	}
	if testing.Short() {
		t.Skip("kills a child process sending 2,000 letters; not in -short")
	}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			db := storetest.OpenAt(t, dsn)
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			f := build(t, db, 1700)
			rule := benchRule(t, f, 2000)
			c, err := f.s.Compose(ctx, f.actor(0), letter(rule), nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
				t.Fatal(err)
			}
			if err := f.s.Approve(ctx, f.actor(1), c.ID); err != nil {
				t.Fatal(err)
			}
			emails := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND channel = 'email'`, c.ID)
			if emails < 1900 || emails > 2000 {
				t.Fatalf("%d e-mail recipients, want about 2,000", emails)
			}
			srv := startSMTPCounter(t)

			// The sending process, killed when the server has half the batch.
			cmd := exec.Command(os.Args[0], "-test.run=^TestKillNineMidBatch$", "-test.count=1")
			cmd.Env = append(os.Environ(), childDSN+"="+dsn, fmt.Sprintf("%s=%s:%d", childSMTP, srv.host, srv.port))
			cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			deadline := time.Now().Add(10 * time.Minute)
			for {
				if _, n := srv.counts(); n >= emails/2 {
					break
				}
				select {
				case err := <-waited:
					t.Fatalf("the child ended before the kill: %v", err)
				case <-time.After(10 * time.Millisecond):
				}
				if time.Now().After(deadline) {
					t.Fatal("the child sent less than half in 10 minutes")
				}
			}
			if err := cmd.Process.Signal(os.Kill); err != nil {
				t.Fatal(err)
			}
			<-waited
			_, atKill := srv.counts()
			queuedAtKill := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status <> 'pending'`, c.ID)
			t.Logf("killed with %d e-mails accepted and %d of %d recipients queued", atKill, queuedAtKill, emails)
			if queuedAtKill == emails {
				t.Log("the letters worker had already queued everyone: only the mail worker was killed mid-batch")
			}

			// The restart, once the dead process's leases have run out, until
			// every e-mail has arrived: distinct ones are counted, since an
			// e-mail in flight at the kill may arrive twice.
			s := newService(t, db, 10*time.Minute)
			runWorkers(t, s, srv, "restart", func() bool { got, _ := srv.counts(); return len(got) >= emails })

			got, total := srv.counts()
			twice := 0
			for id, n := range got {
				switch {
				case n == 2:
					twice++
				case n > 2:
					t.Errorf("%s accepted %d times", id, n)
				}
			}
			if len(got) != emails {
				t.Errorf("%d distinct e-mails accepted, want %d", len(got), emails)
			}
			if twice > mailParallel {
				t.Errorf("%d e-mails accepted twice, want at most the %d in flight", twice, mailParallel)
			}
			t.Logf("%d acceptances, %d e-mails twice", total, twice)
			if n := f.count(t, `SELECT COUNT(*) FROM register_entries WHERE source = 'letter_recipient'`); n != emails {
				t.Errorf("%d register entries, want %d (one per recipient)", n, emails)
			}
			if n := f.count(t, `SELECT COUNT(*) FROM outbox`); n != emails {
				t.Errorf("%d e-mails in the outbox, want %d", n, emails)
			}
			// Every recipient is recorded as sent once the worker follows up.
			if err := s.Follow(ctx); err != nil {
				t.Fatal(err)
			}
			if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'sent'`, c.ID); n != emails {
				t.Errorf("%d recipients sent, want %d", n, emails)
			}
		})
	}
}

// runChild is the process TestKillNineMidBatch kills: the letters and mail
// workers on the parent's database, sending to the parent's SMTP server,
// until killed (or, as a safety net, for 10 minutes).
func runChild(t *testing.T, dsn, smtpAddr string) {
	db := storetest.OpenAt(t, dsn)
	host, portStr, err := net.SplitHostPort(smtpAddr)
	port, err2 := strconv.Atoi(portStr)
	if err != nil || err2 != nil {
		t.Fatalf("%s=%q", childSMTP, smtpAddr)
	}
	srv := &smtpCounter{host: host, port: port}
	s := newService(t, db, 0)
	start := time.Now()
	runWorkers(t, s, srv, "child", func() bool { return time.Since(start) > 10*time.Minute })
}

// runWorkers runs the letters worker and the mail worker (mailParallel
// sends at once) for s until done says so.
func runWorkers(t *testing.T, s *Service, srv *smtpCounter, node string, done func() bool) {
	ctx, cancel := context.WithCancel(context.Background())
	quiet := slog.New(slog.DiscardHandler)
	mw := &mail.Worker{DB: s.DB, Sender: srv.sender(t), From: "bok@example.org", Now: s.Now, Logger: quiet,
		Node: node + "-mail", PollInterval: 50 * time.Millisecond, Parallel: mailParallel}
	outbox := *s.Outbox
	outbox.Wake = mw.Wake
	s.Outbox = &outbox
	lw := &Worker{S: s, Node: node + "-letters", Logger: quiet, Poll: 50 * time.Millisecond}
	s.Wake = lw.Wake
	var wg sync.WaitGroup
	wg.Go(func() { lw.Run(ctx) })
	wg.Go(func() { mw.Run(ctx) })
	deadline := time.Now().Add(10 * time.Minute)
	for !done() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if !done() {
		t.Errorf("%s: not done in 10 minutes", node)
	}
}

// Two nodes (each its own database handle, letters worker and mail worker)
// send one 300-letter batch together: every e-mail reaches the SMTP server
// once, and every recipient is queued and entered in the register once.
func TestTwoNodesSendOneBatch(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			db := storetest.OpenAt(t, dsn)
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			f := build(t, db, 260)
			c, err := f.s.Compose(ctx, f.actor(0), letter(benchRule(t, f, 300)), nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
				t.Fatal(err)
			}
			if err := f.s.Approve(ctx, f.actor(1), c.ID); err != nil {
				t.Fatal(err)
			}
			emails := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND channel = 'email'`, c.ID)
			if emails < 250 {
				t.Fatalf("%d e-mail recipients, want about 300", emails)
			}
			srv := startSMTPCounter(t)
			all := func() bool { _, n := srv.counts(); return n >= emails }
			var wg sync.WaitGroup
			for _, node := range []string{"node-a", "node-b"} {
				s := newService(t, storetest.OpenAt(t, dsn), 0)
				wg.Go(func() { runWorkers(t, s, srv, node, all) })
			}
			wg.Wait()
			got, total := srv.counts()
			if len(got) != emails || total != emails {
				t.Errorf("%d acceptances of %d distinct e-mails, want %d once each", total, len(got), emails)
			}
			for id, n := range got {
				if n != 1 {
					t.Errorf("%s accepted %d times", id, n)
				}
			}
			if n := f.count(t, `SELECT COUNT(*) FROM outbox`); n != emails {
				t.Errorf("%d e-mails in the outbox, want %d", n, emails)
			}
			if n := f.count(t, `SELECT COUNT(*) FROM register_entries WHERE source = 'letter_recipient'`); n != c.Recipients {
				t.Errorf("%d register entries for %d recipients", n, c.Recipients)
			}
		})
	}
}
