package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Migration 00029 indexes the documents already there: their folded words
// (search_text) become rows of library_words weighed as library.weigh
// weighs them, on both engines; rolled back, search_text comes back.
func TestLibraryWordsMigrationIndexesExistingDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "words")
		if err := db.MigrateDownTo(ctx, 28); err != nil {
			t.Fatal(err)
		}
		long := "x" + fmt.Sprint(time.Now().UnixNano()) + "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
		for i, text := range []string{"uchwala fundusz uchwala zolc " + long, ""} {
			if _, err := db.WriteConn().ExecContext(ctx, `INSERT INTO library_documents (id, coop_id, category, body, title,
				publish_at, status, visibility, search_text, created_at)
				VALUES ($1, $2, 'other', 'board', 'T', $3, 'in_force', 'public', $4, $3)`,
				i+1, coop, time.Now().UTC(), text); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := store.QueryAll(ctx, db.Read(), func(row store.Scanner) (string, error) {
			var w string
			var doc, weight int64
			err := row.Scan(&w, &doc, &weight)
			return fmt.Sprintf("%s/%d/%d", w, doc, weight), err
		}, `SELECT word, document_id, weight FROM library_words WHERE coop_id = $1 ORDER BY word, document_id`, coop)
		if err != nil {
			t.Fatal(err)
		}
		weight := func(tf int64) int64 { return 44_000_000 * tf / (20_000*tf + 6_000 + 9*5) }
		want := []string{fmt.Sprintf("fundusz/1/%d", weight(1)), fmt.Sprintf("uchwala/1/%d", weight(2)),
			fmt.Sprintf("%s/1/%d", long[:64], weight(1)), fmt.Sprintf("zolc/1/%d", weight(1))}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("library_words %v, want %v", got, want)
		}
		if err := db.MigrateDownTo(ctx, 28); err != nil {
			t.Fatal(err)
		}
		var text string
		if err := db.Read().QueryRowContext(ctx, `SELECT search_text FROM library_documents WHERE coop_id = $1 AND id = 1`,
			coop).Scan(&text); err != nil || len(text) != len("fundusz uchwala zolc ")+64 {
			t.Errorf("search_text %q, %v", text, err)
		}
	})
}
