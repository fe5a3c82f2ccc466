package letters

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/documents/pdftext"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The postal batch prints every letter on paper with its address in the
// window; the dispatch list names each with its register number; marking
// it printed is audited and closes it.
func TestPostalBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		id, _ := sendToBuilding(t, f)
		bs, err := f.s.Batches(ctx, f.actor(0))
		if err != nil || len(bs) != 1 {
			t.Fatalf("batches %+v, %v", bs, err)
		}
		post := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'post'`, id)
		if bs[0].Letters != post {
			t.Errorf("batch of %d letters, %d on paper", bs[0].Letters, post)
		}
		file, err := f.s.BatchPDF(ctx, f.actor(0), bs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		var name, no string
		if err := db.Read().QueryRowContext(ctx, `SELECT p.last_name, r.register_no FROM letter_recipients r JOIN persons p ON p.id = r.person_id
			WHERE r.letter_id = $1 AND r.status = 'post' ORDER BY r.id DESC LIMIT 1`, id).Scan(&name, &no); err != nil {
			t.Fatal(err)
		}
		words, err := pdftext.Words(file.Data)
		if errors.Is(err, pdftext.ErrMissing) {
			t.Skip(err)
		}
		found := pdftext.Find(words, name)
		if len(found) == 0 || !found[0].InWindow() {
			t.Errorf("%s at %+v, not in the window", name, found)
		}
		// The batch PDF holds the letters only: the dispatch list names
		// the files to print and enclose with each.
		for _, name := range []string{"Cennik 2027.pdf", "Regulamin.pdf"} {
			if _, err := db.WriteConn().ExecContext(ctx, `INSERT INTO letter_attachments (coop_id, letter_id, filename, content_type, data, sha256)
				VALUES ($1, $2, $3, 'application/pdf', $4, 'x')`, f.coopID, id, name, []byte("%PDF-1.4")); err != nil {
				t.Fatal(err)
			}
		}
		csv, err := f.s.DispatchList(ctx, f.actor(0), bs[0].ID, false)
		if err != nil || !strings.Contains(string(csv.Data), no) || strings.Count(string(csv.Data), "\n") != post+1 ||
			!strings.Contains(string(csv.Data), ";Załączniki do dołączenia\n") ||
			strings.Count(string(csv.Data), ";Cennik 2027.pdf, Regulamin.pdf\n") != post {
			t.Errorf("dispatch list (%v):\n%s", err, csv.Data)
		}
		list, err := f.s.DispatchList(ctx, f.actor(0), bs[0].ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if text, _ := pdftext.Text(list.Data); !strings.Contains(text, no) || !strings.Contains(text, "Wykaz nadawczy") ||
			!strings.Contains(text, "Cennik 2027.pdf") {
			t.Errorf("dispatch PDF:\n%s", text)
		}
		if err := f.s.MarkPrinted(ctx, f.actor(0), bs[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.MarkPrinted(ctx, f.actor(0), bs[0].ID); err == nil {
			t.Error("marked printed twice")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'printed'`, id); n != post {
			t.Errorf("%d printed of %d", n, post)
		}
		if f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'postal_batch.printed'`) != 1 {
			t.Error("printing not audited")
		}
	})
}
