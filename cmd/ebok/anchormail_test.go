package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/mail/mailtest"
	"github.com/ebok/ebok/internal/store"
	"github.com/prometheus/client_golang/prometheus"
)

// withSMTP is env with the SMTP server at host:port (no TLS).
func withSMTP(env func(string) string, host string, port int) func(string) string {
	return func(k string) string {
		switch k {
		case "EBOK_SMTP_HOST":
			return host
		case "EBOK_SMTP_PORT":
			return strconv.Itoa(port)
		case "EBOK_SMTP_TLS":
			return "none"
		case "EBOK_MAIL_FROM":
			return "ebok@sm.example.test"
		}
		return env(k)
	}
}

// `ebok audit anchor --mail` sends each anchor, straight over SMTP, to each
// address: the board saves the attachment in a folder, and `ebok audit
// verify --anchors` on that folder passes, then names the newest row once
// it is deleted and the head moved back.
func TestAuditAnchorMail(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			env, db, demo := demoDatabase(t, d)
			srv := mailtest.Start(t, "", "")
			env = withSMTP(env, srv.Host, srv.Port)
			audit := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := cmdAudit(ctx, args, nil, &out, io.Discard, env)
				return out.String(), err
			}
			newest := int64(auditRowCount(t, db, demo.ID))
			out, err := audit("anchor", "--mail", "zarzad@sm.example.test, rada@sm.example.test")
			if err != nil || !strings.Contains(out, fmt.Sprintf("%s: head at seq %d mailed as ", demo.Slug, newest)) {
				t.Fatalf("anchor --mail = %q, %v", out, err)
			}
			accepted, _ := srv.Messages()
			if len(accepted) != 2 || accepted[0].To[0] != "zarzad@sm.example.test" || accepted[1].To[0] != "rada@sm.example.test" {
				t.Fatalf("server accepted %d messages (%v), want one to each address", len(accepted), accepted)
			}
			folder := t.TempDir()
			name, data := checkAnchorMail(t, accepted[0].Data, demo, newest)
			if err := os.WriteFile(filepath.Join(folder, name), data, 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := audit("verify", "--anchors", folder); err != nil || !strings.Contains(out, "1 anchors read") {
				t.Fatalf("verify against the mailed anchor = %q, %v", out, err)
			}

			var hash string
			if err := db.Read().QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE coop_id = $1 AND seq = $2`, demo.ID, newest-1).Scan(&hash); err != nil {
				t.Fatal(err)
			}
			err = db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE coop_id = $1 AND seq = $2`, demo.ID, newest); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `UPDATE audit_heads SET last_seq = $2, last_hash = $3 WHERE coop_id = $1`, demo.ID, newest-1, hash)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			out, err = audit("verify", "--anchors", folder)
			want := fmt.Sprintf("%s: chain BROKEN at seq %d (row id 0): the row is missing", demo.Slug, newest)
			if err == nil || !strings.Contains(out, want) {
				t.Errorf("verify --anchors after deleting the newest row = %v\n%s\nwant the line %q", err, out, want)
			}
		})
	}
}

// checkAnchorMail checks the anchor e-mail's Polish subject and text and
// returns its attachment: file name and bytes.
func checkAnchorMail(t *testing.T, raw []byte, c *coop.Cooperative, seq int64) (string, []byte) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("Kotwica dziennika zdarzeń – %s, wpis nr %d, ", c.Name, seq); !strings.HasPrefix(subject, want) {
		t.Errorf("subject %q, want it to start with %q", subject, want)
	}
	parts := mimeParts(t, msg.Header.Get("Content-Type"), msg.Body)
	text, name := "", ""
	var data []byte
	for _, p := range parts {
		if p.filename != "" {
			name, data = p.filename, p.body
		} else if strings.HasPrefix(p.contentType, "text/plain") {
			text = string(p.body)
		}
	}
	if !strings.Contains(text, "Kotwica dziennika zdarzeń: "+c.Name+".") || !strings.Contains(text, fmt.Sprintf("Ostatni wpis: nr %d", seq)) || !strings.Contains(text, name) {
		t.Errorf("text does not name the cooperative, the entry and the file %q:\n%s", name, text)
	}
	if !strings.HasPrefix(name, c.Slug+"-") || !strings.HasSuffix(name, fmt.Sprintf("-%d.anchor", seq)) || !bytes.HasPrefix(data, []byte("ebok-audit-anchor-v1\n")) {
		t.Fatalf("attachment %q:\n%s\nwant %s-<time>-%d.anchor holding an anchor", name, data, c.Slug, seq)
	}
	return name, data
}

// mimePart is one leaf of a MIME message, decoded.
type mimePart struct {
	contentType, filename string
	body                  []byte
}

// mimeParts lists the leaves of a MIME body, base64 and quoted-printable
// decoded.
func mimeParts(t *testing.T, contentType string, body io.Reader) []mimePart {
	t.Helper()
	media, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(media, "multipart/") {
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		return []mimePart{{contentType: media, body: b}}
	}
	var out []mimePart
	r := multipart.NewReader(body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var content io.Reader = p // quoted-printable is decoded by NextPart
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
			content = base64.NewDecoder(base64.StdEncoding, p)
		}
		if name := p.FileName(); name != "" {
			b, err := io.ReadAll(content)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, mimePart{contentType: p.Header.Get("Content-Type"), filename: name, body: b})
			continue
		}
		out = append(out, mimeParts(t, p.Header.Get("Content-Type"), content)...)
	}
}

// A refused anchor e-mail fails the command, whether the server answers
// 550 or nothing listens; --mail without an SMTP server is refused too.
func TestAuditAnchorMailRefused(t *testing.T) {
	ctx := context.Background()
	env, _, _ := demoDatabase(t, store.SQLite)
	srv := mailtest.Start(t, "", "")
	srv.RefuseNext(1)
	anchor := func(env func(string) string, args ...string) (string, error) {
		var out bytes.Buffer
		err := cmdAudit(ctx, append([]string{"anchor"}, args...), nil, &out, io.Discard, env)
		return out.String(), err
	}
	out, err := anchor(withSMTP(env, srv.Host, srv.Port), "--mail", "zarzad@sm.example.test")
	if err == nil || !strings.Contains(err.Error(), "550") || !strings.Contains(err.Error(), "zarzad@sm.example.test") {
		t.Errorf("anchor with a 550 answer = %v (%q), want a failure naming the refusal and the address", err, out)
	}
	if _, rejected := srv.Messages(); len(rejected) != 1 {
		t.Errorf("server refused %d messages, want 1", len(rejected))
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out, err = anchor(withSMTP(env, "127.0.0.1", port), "--dir", dir, "--mail", "zarzad@sm.example.test")
	if err == nil || !strings.Contains(err.Error(), "anchor not mailed") {
		t.Errorf("anchor with nothing listening = %v (%q), want a failure", err, out)
	}

	if _, err := anchor(env, "--mail", "zarzad@sm.example.test"); err == nil || !strings.Contains(err.Error(), "EBOK_SMTP_HOST") {
		t.Errorf("anchor --mail without SMTP = %v, want a failure naming EBOK_SMTP_HOST", err)
	}
	var ue usageError
	if _, err := anchor(env, "--mail", "nie adres"); !errors.As(err, &ue) {
		t.Errorf("anchor --mail with a bad address = %v, want a usage error", err)
	}
}

// `ebok serve`'s daily anchoring, set up by EBOK_AUDIT_ANCHOR_DIR, anchors
// at start a chain never anchored; unset, there is none.
func TestServeAnchorsDaily(t *testing.T) {
	ctx := context.Background()
	env, _, demo := demoDatabase(t, store.SQLite)
	a, err := setup(ctx, env, io.Discard, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.DB.Close()
	if d, err := a.DailyAnchors(); d != nil || err != nil {
		t.Fatalf("DailyAnchors without settings = %v, %v; want none", d, err)
	}
	dir := filepath.Join(t.TempDir(), "kotwice")
	withDir := func(k string) string {
		if k == "EBOK_AUDIT_ANCHOR_DIR" {
			return dir
		}
		return env(k)
	}
	b, err := setup(ctx, withDir, io.Discard, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.DB.Close()
	d, err := b.DailyAnchors()
	if err != nil || d == nil {
		t.Fatalf("DailyAnchors with EBOK_AUDIT_ANCHOR_DIR = %v, %v", d, err)
	}
	runCtx, stop := context.WithCancel(ctx)
	failures := prometheus.NewCounter(prometheus.CounterOpts{Name: "failures"})
	done := make(chan struct{})
	go func() { anchorDaily(runCtx, d, b.Now, failures, b.Logger); close(done) }()
	var names []string
	for deadline := time.Now().Add(20 * time.Second); len(names) == 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		names, _ = filepath.Glob(filepath.Join(dir, demo.Slug+"-*.anchor"))
	}
	stop()
	<-done
	if len(names) != 1 {
		t.Fatalf("anchors written at start: %q, want one", names)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(failures)
	if got, err := reg.Gather(); err != nil || len(got) != 1 || got[0].GetMetric()[0].GetCounter().GetValue() != 0 {
		t.Errorf("failures counted: %v (%v)", got, err)
	}
}
