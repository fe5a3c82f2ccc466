package store_test

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestLazyCommitIsForOneTransaction: on PostgreSQL the transaction that
// asks for a lazy commit runs with synchronous_commit off and the next
// transaction is durable again; on SQLite it is allowed and changes
// nothing. The lazy transaction commits what it wrote.
func TestLazyCommitIsForOneTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		syncCommit := func(tx *store.Tx) string {
			t.Helper()
			if db.Dialect() != store.Postgres {
				return ""
			}
			var s string
			if err := tx.QueryRowContext(ctx, `SHOW synchronous_commit`).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		want := map[store.Dialect][2]string{store.Postgres: {"off", "on"}, store.SQLite: {"", ""}}[db.Dialect()]
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.LazyCommit(ctx); err != nil {
				return err
			}
			if got := syncCommit(tx); got != want[0] {
				t.Errorf("synchronous_commit in the lazy transaction = %q, want %q", got, want[0])
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO cooperatives
				(slug, name, short_name, street, postal_code, city, nip, regon, krs, bank_account, fee_due_day, phone, email, website, created_at)
				VALUES ('leniwa', 'SM Leniwa', 'Leniwa', 'ul. Prosta 1', '00-001', 'Warszawa', '5250000000', '000000000', '0000000000', '', 10, '', '', '', CURRENT_TIMESTAMP)`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if got := syncCommit(tx); got != want[1] {
				t.Errorf("synchronous_commit in the next transaction = %q, want %q", got, want[1])
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cooperatives WHERE slug = 'leniwa'`).Scan(&n); err != nil {
				return err
			}
			if n != 1 {
				t.Errorf("%d cooperatives written lazily, want 1", n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
