package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// `ebok applications purge` deletes an online application left
// unconfirmed for more than 72 hours, with its file, and audits it.
func TestApplicationsPurgeCommand(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { purgeCommand(t, d) })
	}
}

func purgeCommand(t *testing.T, d store.Dialect) {
	ctx := context.Background()
	env, db, c := demoDatabase(t, d)
	old := time.Now().UTC().Add(-73 * time.Hour)
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO regulations (coop_id, service, version, title, body, published_at)
				VALUES ($1, 'ebok', 99, 'R', 'R', $2)`, c.ID, old); err != nil {
			return err
		}
		var reg, app int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM regulations WHERE coop_id = $1 AND version = 99`, c.ID).Scan(&reg); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO applications (coop_id, service, route, status, first_name, last_name, street,
				postal_code, city, email, phone, premises_street, premises_house, premises_number, applicant_role,
				regulation_id, ekorespondencja, client_ip, created_at)
				VALUES ($1, 'ebok', 'online', 'unconfirmed', 'A', 'B', 'C', '00-000', 'D', 'stary@example.pl', '600100200',
				'E', '1', '1', 'owner', $2, false, '192.0.2.50', $3) RETURNING id`, c.ID, reg, old).Scan(&app); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO application_attachments (coop_id, application_id, filename, content_type, size, sha256, data, created_at)
				VALUES ($1, $2, 'x.pdf', 'application/pdf', 4, '', $3, $4)`, c.ID, app, []byte("%PDF"), old)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"applications", "purge"}, nil, &out, &out, env); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "purged 1 unconfirmed") {
		t.Errorf("output %q, want 1 unconfirmed purged", out.String())
	}
	var left, audited int
	if err := db.Read().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM applications WHERE email = 'stary@example.pl'),
			(SELECT COUNT(*) FROM audit_log WHERE action = 'applications.purged')`).Scan(&left, &audited); err != nil {
		t.Fatal(err)
	}
	if left != 0 || audited != 1 {
		t.Errorf("%d applications left, %d purge audit entries; want 0 and 1", left, audited)
	}
}
