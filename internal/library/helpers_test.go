package library

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/pdf"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/go-pdf/fpdf"
)

// env is a cooperative with a library service on one engine, at a fixed
// time (12 March 2026, noon in Warsaw).
type env struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	s     *Service
	coop  int64
	now   time.Time
	staff audit.Actor
	pdfs  *pdf.Renderer
}

// newEnv builds the env on db, with pdftotext as the extractor.
func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	r, err := pdf.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: context.Background(), db: db, coop: storetest.InsertCoop(t, db, "lib"),
		now: time.Date(2026, 3, 12, 11, 0, 0, 0, time.UTC), pdfs: r}
	e.s = &Service{DB: db, Now: func() time.Time { return e.now }, Loc: loc, Extract: DefaultExtractor()}
	e.staff = audit.Actor{CoopID: e.coop, UserID: 0, Name: "staff:anna"}
	return e
}

// textPDF is a PDF whose text layer holds the title and paragraphs.
func (e *env) textPDF(title string, paras ...string) []byte {
	e.t.Helper()
	var b bytes.Buffer
	if err := e.pdfs.TextDoc(&b, pdf.Coop{Name: "SM Test", City: "Warszawa"}, title, paras); err != nil {
		e.t.Fatal(err)
	}
	return b.Bytes()
}

// scanPDF is a PDF with a drawing and no text layer, as a scan is.
func scanPDF(t *testing.T) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.AddPage()
	f.Rect(20, 20, 100, 50, "F")
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// publish publishes a document and fails the test on error.
func (e *env) publish(d Draft, up Upload) int64 {
	e.t.Helper()
	id, err := e.s.Publish(e.ctx, e.staff, d, up)
	if err != nil {
		e.t.Fatalf("publish %q: %v", d.Title, err)
	}
	return id
}

// draft is a members' resolution of the supervisory board with a title.
func draft(title, number string, vis Visibility) Draft {
	return Draft{Category: Resolutions, Body: SupervisoryBoard, Number: number, Title: title, Visibility: vis}
}

// person adds a person, with a membership between two ISO days when
// joined is not empty (left may be empty), and returns the person's id.
func (e *env) person(name, joined, left string) int64 {
	e.t.Helper()
	var id int64
	err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(e.ctx, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, created_at)
			VALUES ($1, 'Jan', $2, 'ul. Polna 1', '00-001', 'Warszawa', $3) RETURNING id`, e.coop, name, e.now).Scan(&id)
		if err != nil || joined == "" {
			return err
		}
		var leftOn any
		if left != "" {
			leftOn = left
		}
		_, err = tx.ExecContext(e.ctx, `INSERT INTO memberships (coop_id, person_id, register_number, joined_on, left_on)
			VALUES ($1, $2, $3, $4, $5)`, e.coop, id, name, joined, leftOn)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// reader is a reader of the env's cooperative.
func (e *env) reader(kind Kind, userID, personID int64) Reader {
	return Reader{Actor: audit.Actor{CoopID: e.coop, UserID: userID, Name: string(kind)}, Kind: kind, PersonID: personID}
}

// ids are the ids of hits, in their order.
func ids(hits []Hit) []int64 {
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}
