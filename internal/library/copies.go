package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// CopyStatus is where a request for a copy stands.
type CopyStatus string

// The statuses of a request for a copy, in the order staff move it.
const (
	CopyFiled      CopyStatus = "filed"
	CopyInProgress CopyStatus = "in_progress"
	CopyReady      CopyStatus = "ready"
	CopyDelivered  CopyStatus = "delivered"
	CopyRefused    CopyStatus = "refused"
)

// CopyStatuses lists every status in the order pages show them.
func CopyStatuses() []CopyStatus {
	return []CopyStatus{CopyFiled, CopyInProgress, CopyReady, CopyDelivered, CopyRefused}
}

// ErrCopy: a request for a copy is incomplete, or its status unknown.
var ErrCopy = errors.New("library: invalid request for a copy")

// FreeCopy reports whether copies of a category are free: the statute and
// the regulations (art. 8¹ ust. 2); the cooperative may charge for others.
func FreeCopy(c Category) bool { return c == Statute || c == Regulations }

// CopyRequest is a member's request for a copy of a document or contract.
type CopyRequest struct {
	ID       int64
	PersonID int64
	// Member is the member's name (staff's queue).
	Member   string
	Category Category
	// DocumentID is the library's document asked for (0: described in
	// Description only); DocumentTitle its title.
	DocumentID    int64
	DocumentTitle string
	Description   string
	// Fee is what the copy costs (0: free), fixed when asked.
	Fee       money.Amount
	Status    CopyStatus
	Note      string
	FiledAt   time.Time
	UpdatedAt time.Time
}

// CopyAsk is what a member fills in.
type CopyAsk struct {
	Category    Category
	DocumentID  int64
	Description string
}

// CopyFee is the fee the cooperative set for a copy of a document other
// than the statute and regulations (0 until set).
func (s *Service) CopyFee(ctx context.Context, coopID int64) (money.Amount, error) {
	var fee int64
	err := s.DB.Read().QueryRowContext(ctx, `SELECT copy_fee FROM library_settings WHERE coop_id = $1`, coopID).Scan(&fee)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return money.Amount(fee), err
}

// SetCopyFee sets the fee for copies; requests already made keep theirs.
func (s *Service) SetCopyFee(ctx context.Context, by audit.Actor, fee money.Amount) error {
	if fee < 0 || fee > 100000 {
		return ErrCopy
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO library_settings (coop_id, copy_fee) VALUES ($1, $2)
			ON CONFLICT (coop_id) DO UPDATE SET copy_fee = excluded.copy_fee`, by.CoopID, int64(fee)); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.CopyRequestChanged, "library_settings", map[string]string{
			"copy_fee": strconv.FormatInt(int64(fee), 10)}))
	})
}

// RequestCopy records a current member's request for a copy: of a library
// document the member may open (its category then decides the fee) or of
// one described in words (a contract, say) of a chosen category.
func (s *Service) RequestCopy(ctx context.Context, rd Reader, ask CopyAsk) (int64, error) {
	ask.Description = strings.TrimSpace(ask.Description)
	if rd.Kind != Member || len(ask.Description) > 2000 {
		return 0, ErrCopy
	}
	aud, err := s.audienceOf(ctx, rd, s.today())
	if err != nil {
		return 0, err
	}
	if !slices.Contains(aud.vis, Members) {
		return 0, fmt.Errorf("library: copy for %s: %w", rd.Name, fault.ErrNotFound)
	}
	var title string
	if ask.DocumentID != 0 {
		d, _, err := s.openable(ctx, rd, ask.DocumentID)
		if err != nil {
			return 0, err
		}
		ask.Category, title = d.Category, d.Title
	} else if ask.Description == "" || !slices.Contains(Categories(), ask.Category) {
		return 0, ErrCopy
	}
	fee := money.Amount(0)
	if !FreeCopy(ask.Category) {
		if fee, err = s.CopyFee(ctx, rd.CoopID); err != nil {
			return 0, err
		}
	}
	now := s.now()
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO copy_requests (coop_id, person_id, user_id, category, document_id,
			description, fee, status, filed_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'filed', $8, $8) RETURNING id`,
			rd.CoopID, rd.PersonID, rd.UserID, string(ask.Category), nullID(ask.DocumentID), ask.Description, int64(fee), now).Scan(&id); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{CoopID: rd.CoopID, At: now, ActorID: rd.UserID, Actor: rd.Name, IP: rd.IP,
			Action: audit.CopyRequested, Subject: "copy_request:" + strconv.FormatInt(id, 10), PersonID: rd.PersonID,
			Details: map[string]string{"category": string(ask.Category), "document": strconv.FormatInt(ask.DocumentID, 10),
				"title": title, "fee": strconv.FormatInt(int64(fee), 10)}})
	})
	if err != nil {
		return 0, fmt.Errorf("library: request a copy: %w", err)
	}
	return id, nil
}

// copyColumns are what scanCopy reads (aliases c, p for persons, d for documents).
const copyColumns = `c.id, c.person_id, p.first_name || ' ' || p.last_name, c.category, COALESCE(c.document_id, 0),
	COALESCE(d.title, ''), c.description, c.fee, c.status, c.note, c.filed_at, c.updated_at`

// copyFrom joins a request to its member and document.
const copyFrom = `copy_requests c JOIN persons p ON p.coop_id = c.coop_id AND p.id = c.person_id
	LEFT JOIN library_documents d ON d.coop_id = c.coop_id AND d.id = c.document_id`

func scanCopy(row store.Scanner) (CopyRequest, error) {
	var c CopyRequest
	var cat, st string
	var fee int64
	err := row.Scan(&c.ID, &c.PersonID, &c.Member, &cat, &c.DocumentID, &c.DocumentTitle, &c.Description, &fee, &st,
		&c.Note, &c.FiledAt, &c.UpdatedAt)
	c.Category, c.Status, c.Fee = Category(cat), CopyStatus(st), money.Amount(fee)
	return c, err
}

// MyCopies are the member's own requests, newest first.
func (s *Service) MyCopies(ctx context.Context, rd Reader) ([]CopyRequest, error) {
	return store.QueryAll(ctx, s.DB.Read(), scanCopy, `SELECT `+copyColumns+` FROM `+copyFrom+`
		WHERE c.coop_id = $1 AND c.person_id = $2 ORDER BY c.filed_at DESC, c.id DESC`, rd.CoopID, rd.PersonID)
}

// CopyQueue is the staff's queue: requests not yet delivered or refused
// first, oldest first, then the finished ones, newest first (at most 200).
func (s *Service) CopyQueue(ctx context.Context, coopID int64) ([]CopyRequest, error) {
	return store.QueryAll(ctx, s.DB.Read(), scanCopy, `SELECT `+copyColumns+` FROM `+copyFrom+`
		WHERE c.coop_id = $1 ORDER BY CASE WHEN c.status IN ('delivered', 'refused') THEN 1 ELSE 0 END,
		CASE WHEN c.status NOT IN ('delivered', 'refused') THEN c.id END, c.id DESC LIMIT 200`, coopID)
}

// SetCopyStatus moves a request on, with a note the member reads (the
// reason of a refusal, where to collect the copy).
func (s *Service) SetCopyStatus(ctx context.Context, by audit.Actor, id int64, st CopyStatus, note string) error {
	note = strings.TrimSpace(note)
	if !slices.Contains(CopyStatuses(), st) || len(note) > 1000 || (st == CopyRefused && note == "") {
		return ErrCopy
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE copy_requests SET status = $1, note = $2, updated_at = $3
			WHERE coop_id = $4 AND id = $5`, string(st), note, s.now(), by.CoopID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, fault.ErrNotFound)
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.CopyRequestChanged, "copy_request:"+strconv.FormatInt(id, 10),
			map[string]string{"status": string(st)}))
	})
}
