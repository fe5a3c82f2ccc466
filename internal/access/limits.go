package access

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// Limits on anonymous online applications, so that nobody can flood the
// database or the mail: each online application sends one confirmation
// e-mail, so the limits per address and per e-mail address bound those
// too. The windows slide: what counts is the last 24 hours.
const (
	// LimitWindow is the sliding window of the counts below.
	LimitWindow = 24 * time.Hour
	// MaxPerAddress online applications may come from one client address.
	MaxPerAddress = 10
	// MaxPerEmail online applications (and confirmation e-mails) may name
	// one e-mail address.
	MaxPerEmail = 3
	// MaxPendingBytesPerAddress is how many bytes of files unconfirmed
	// applications from one address may hold (two full applications).
	MaxPendingBytesPerAddress = 60 << 20
	// MaxPendingBytesTotal is how many bytes of files all unconfirmed
	// applications of a cooperative may hold.
	MaxPendingBytesTotal = 1 << 30
)

// Errors of the limits, each with its own message for the applicant.
var (
	ErrAddressLimit = errors.New("access: too many applications from this client address")
	ErrEmailLimit   = errors.New("access: too many applications for this e-mail address")
	ErrPendingFull  = errors.New("access: unconfirmed applications hold too many files")
)

// checkLimits refuses an online application over one of the limits. It
// first locks the cooperative's application counter, so that parallel
// submissions count one after the other (on PostgreSQL the row lock makes
// the next statement see what the one before committed).
func (s *Service) checkLimits(ctx context.Context, tx *store.Tx, coopID int64, ip, email string, files []uploads.File) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO rate_locks (scope, key, hits) VALUES ('application', $1, 1)
		ON CONFLICT (scope, key) DO UPDATE SET hits = rate_locks.hits + 1`, fmt.Sprint(coopID)); err != nil {
		return err
	}
	since := s.now().Add(-LimitWindow)
	// The applications of the window from this address, then to this e-mail.
	for _, l := range []struct {
		column, value string
		max           int
		err           error
	}{
		{"client_ip", ip, MaxPerAddress, ErrAddressLimit},
		{"email", email, MaxPerEmail, ErrEmailLimit},
	} {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM applications
			WHERE coop_id = $1 AND route = 'online' AND `+l.column+` = $2 AND created_at > $3`,
			coopID, l.value, since).Scan(&n); err != nil {
			return err
		}
		if n >= l.max {
			return l.err
		}
	}
	var size int64
	for _, f := range files {
		size += int64(len(f.Data))
	}
	var fromAddress, total int64
	if err := tx.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN a.client_ip = $2 THEN f.size ELSE 0 END), 0), COALESCE(SUM(f.size), 0)
		FROM application_attachments f JOIN applications a ON a.coop_id = f.coop_id AND a.id = f.application_id
		WHERE a.coop_id = $1 AND a.status = 'unconfirmed'`, coopID, ip).Scan(&fromAddress, &total); err != nil {
		return err
	}
	if fromAddress+size > MaxPendingBytesPerAddress || total+size > MaxPendingBytesTotal {
		return ErrPendingFull
	}
	return nil
}

// PurgeResult counts what a purge deleted.
type PurgeResult struct {
	Unconfirmed int // applications never confirmed, past the link's life
	Decided     int // accepted or rejected ones, past the retention period
	Files       int // their attached files
}

// purgedApplication is one application a purge deletes.
type purgedApplication struct {
	coop, id int64
	status   string
}

// Purge deletes, with their files, the online applications nobody
// confirmed within ConfirmValidity and the accepted or rejected ones
// decided more than retention ago (RODO: personal data are kept no longer
// than needed). Each cooperative where anything was deleted gets an audit
// entry with the counts and the numbers of the applications.
func (s *Service) Purge(ctx context.Context, retention time.Duration) (PurgeResult, error) {
	var res PurgeResult
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		all, err := purgeCandidates(ctx, tx, now.Add(-ConfirmValidity), now.Add(-retention))
		if err != nil {
			return err
		}
		perCoop := map[int64]*PurgeResult{}
		ids := map[int64][]int64{}
		var coops []int64
		for _, p := range all {
			r := perCoop[p.coop]
			if r == nil {
				r = &PurgeResult{}
				perCoop[p.coop] = r
				coops = append(coops, p.coop)
			}
			if err := purgeApplication(ctx, tx, p, r); err != nil {
				return err
			}
			ids[p.coop] = append(ids[p.coop], p.id)
		}
		for _, c := range coops {
			r := perCoop[c]
			res.Unconfirmed += r.Unconfirmed
			res.Decided += r.Decided
			res.Files += r.Files
			if err := s.auditPurge(ctx, tx, c, r, ids[c], retention); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return PurgeResult{}, fmt.Errorf("access: purge: %w", err)
	}
	return res, nil
}

// purgeCandidates lists, in cooperative and id order, the unconfirmed
// applications created at or before unconfirmedBefore and the accepted or
// rejected ones decided at or before decidedBefore.
func purgeCandidates(ctx context.Context, tx *store.Tx, unconfirmedBefore, decidedBefore time.Time) ([]purgedApplication, error) {
	rows, err := tx.QueryContext(ctx, `SELECT coop_id, id, status FROM applications
		WHERE (status = 'unconfirmed' AND created_at <= $1)
		   OR (status IN ('accepted', 'rejected') AND decided_at <= $2)
		ORDER BY coop_id, id`, unconfirmedBefore, decidedBefore)
	if err != nil {
		return nil, err
	}
	var all []purgedApplication
	for rows.Next() {
		var p purgedApplication
		if err := rows.Scan(&p.coop, &p.id, &p.status); err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, p)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return all, nil
}

// purgeApplication deletes one application with its attached files and
// adds it to the cooperative's counts r.
func purgeApplication(ctx context.Context, tx *store.Tx, p purgedApplication, r *PurgeResult) error {
	del, err := tx.ExecContext(ctx, `DELETE FROM application_attachments WHERE coop_id = $1 AND application_id = $2`, p.coop, p.id)
	if err != nil {
		return err
	}
	n, err := del.RowsAffected()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM applications WHERE coop_id = $1 AND id = $2`, p.coop, p.id); err != nil {
		return err
	}
	r.Files += int(n)
	if p.status == string(Unconfirmed) {
		r.Unconfirmed++
	} else {
		r.Decided++
	}
	return nil
}

// purgedList joins the numbers of the purged applications with commas,
// cut after the first 200.
func purgedList(ids []int64) string {
	list := ""
	for i, id := range ids {
		if i == 200 {
			list += ",…"
			break
		}
		if i > 0 {
			list += ","
		}
		list += fmt.Sprint(id)
	}
	return list
}

// auditPurge records, for cooperative c, what a purge deleted there.
func (s *Service) auditPurge(ctx context.Context, tx *store.Tx, c int64, r *PurgeResult, ids []int64, retention time.Duration) error {
	by := audit.Actor{CoopID: c, Name: audit.ActorSystem}
	return s.audit(ctx, tx, by, audit.ApplicationsPurged, "applications", 0, map[string]string{
		"unconfirmed": fmt.Sprint(r.Unconfirmed), "decided": fmt.Sprint(r.Decided),
		"files": fmt.Sprint(r.Files), "applications": purgedList(ids),
		"retention_days": fmt.Sprint(int(retention.Hours() / 24)),
	})
}
