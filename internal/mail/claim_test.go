package mail

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestClaimReadsDueMessagesInOrder pins migration 00032: the claim takes
// the first due messages in (next_attempt_at, id) order straight from an
// index, instead of reading every pending message and sorting them for
// each batch of 20. A mass letter queues thousands of messages with the
// same next_attempt_at, among the many already sent.
func TestClaimReadsDueMessagesInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coopID := insertCoop(t, db)
		now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		_, err := db.WriteConn().ExecContext(ctx, `WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
			INSERT INTO outbox (coop_id, message_id, to_addr, subject, text_body, html_body, status, attempts, next_attempt_at, last_error, created_at)
			SELECT $1, '<m' || i || '@ebok.test>', 'lokator@example.org', 'Pismo', 'Treść', '',
				CASE WHEN i <= 3500 THEN 'sent' ELSE 'pending' END, 0, $2, '', $2 FROM n`, coopID, now)
		if err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "outbox"); n != 4000 {
			t.Fatalf("%d outbox rows, want 4000", n)
		}
		if err := db.Analyze(ctx, "outbox"); err != nil {
			t.Fatal(err)
		}
		pick := strings.NewReplacer("$3", "$1", "$4", "$2").Replace(claimDue.Pick)
		plan := storetest.Plan(t, db, `SELECT id FROM outbox WHERE `+pick, now.Add(time.Minute), 20)
		if !strings.Contains(plan, "outbox_due") {
			t.Errorf("claim plan:\n%s\nwant it to read outbox_due", plan)
		}
		if strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort") {
			t.Errorf("claim plan:\n%s\nwant no sorting: the index gives the order", plan)
		}
	})
}
