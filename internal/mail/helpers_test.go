package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
)

const (
	testDomain = "ebok.test"
	testFrom   = "Spółdzielnia Mieszkaniowa „Zorza” <bok@sm-zorza.test>"
)

// insertCoop adds a cooperative for outbox rows to belong to.
func insertCoop(t *testing.T, db *store.DB) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO cooperatives
			(slug, name, short_name, street, postal_code, city, nip, regon, krs, bank_account, fee_due_day, phone, email, website, created_at)
			VALUES ('zorza', 'SM Zorza', 'Zorza', 'ul. Prosta 1', '00-001', 'Warszawa', '5250000000', '000000000', '0000000000', '', 10, '', '', '', $1)
			RETURNING id`, time.Now().UTC()).Scan(&id)
	})
	if err != nil {
		t.Fatalf("insert cooperative: %v", err)
	}
	return id
}

// enqueue writes m in its own committed transaction and returns the row id.
func enqueue(t *testing.T, db *store.DB, coopID int64, m Message, now time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, _, err = queueIn(ctx, tx, coopID, m, now, testDomain)
		return err
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return id
}

// outboxRow is what the tests check of a stored message.
type outboxRow struct {
	messageID, status, lastError string
	attempts                     int
	nextAttemptAt, createdAt     time.Time
	leaseOwner                   *string
	sentAt                       *time.Time
}

func readRow(t *testing.T, db *store.DB, id int64) outboxRow {
	t.Helper()
	var r outboxRow
	err := db.Read().QueryRowContext(context.Background(), `SELECT message_id, status, last_error, attempts,
		next_attempt_at, created_at, lease_owner, sent_at FROM outbox WHERE id = $1`, id).
		Scan(&r.messageID, &r.status, &r.lastError, &r.attempts, &r.nextAttemptAt, &r.createdAt, &r.leaseOwner, &r.sentAt)
	if err != nil {
		t.Fatalf("read outbox %d: %v", id, err)
	}
	return r
}

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// fakeClock is a settable Worker.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 21, 9, 30, 0, 123456000, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// pdfLike is a blob shaped like a small PDF: binary bytes, NULs, CR and LF.
func pdfLike(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\r\n<< /Type /Catalog >>\r\nstream\n")
	b.Write(randomBytes(t, 3000))
	b.WriteString("\x00\x00\r\n\rendstream\nendobj\n%%EOF\n")
	return b.Bytes()
}

// parsedMail is a received message taken apart.
type parsedMail struct {
	header      mail.Header
	subject     string
	text, html  string
	attachments []Attachment
}

// parseMail parses raw MIME the way a mail client would, decoding headers,
// quoted-printable and base64.
func parseMail(t *testing.T, raw []byte) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, raw)
	}
	var dec mime.WordDecoder
	p := parsedMail{header: msg.Header}
	if p.subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	walkPart(t, &p, msg.Header, msg.Body)
	return p
}

// walkPart adds the part with header h and body r (and its children) to p.
func walkPart(t *testing.T, p *parsedMail, h map[string][]string, r io.Reader) {
	t.Helper()
	get := func(k string) string {
		if v := h[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	mediaType, params, err := mime.ParseMediaType(get("Content-Type"))
	if err != nil {
		t.Fatalf("content type %q: %v", get("Content-Type"), err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(r, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("next part of %s: %v", mediaType, err)
			}
			walkPart(t, p, part.Header, part)
		}
	}
	body := decodeBody(t, get("Content-Transfer-Encoding"), r)
	disposition, dparams, _ := mime.ParseMediaType(get("Content-Disposition"))
	if disposition == "attachment" {
		var dec mime.WordDecoder
		name, err := dec.DecodeHeader(dparams["filename"])
		if err != nil {
			t.Fatalf("decode file name: %v", err)
		}
		p.attachments = append(p.attachments, Attachment{Filename: name, ContentType: mediaType, Data: body})
		return
	}
	if params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("%s charset = %q, want UTF-8", mediaType, params["charset"])
	}
	switch mediaType {
	case "text/plain":
		p.text = string(body)
	case "text/html":
		p.html = string(body)
	default:
		t.Errorf("unexpected inline part %s", mediaType)
	}
}

func decodeBody(t *testing.T, cte string, r io.Reader) []byte {
	t.Helper()
	switch strings.ToLower(cte) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "", "7bit", "8bit":
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s body: %v", cte, err)
	}
	return b
}
