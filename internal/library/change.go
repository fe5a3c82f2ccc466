package library

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
)

// docColumns are what scanDocument reads, in its order (alias d).
const docColumns = `d.id, d.coop_id, d.category, d.body, d.number, d.title, d.adopted_on, d.effective_on,
	d.publish_at, d.status, COALESCE(d.superseded_by, 0), COALESCE(d.estate_id, 0), d.visibility,
	d.personal_data, COALESCE(d.shown_file_id, 0), d.created_at, d.notify_members, d.members_notified_at, d.members_notified,
	COALESCE((SELECT e.name FROM estates e WHERE e.coop_id = d.coop_id AND e.id = d.estate_id), '')`

// scanDocument reads one row of docColumns.
func scanDocument(row store.Scanner) (Document, error) {
	var d Document
	var cat, body, status, vis string
	var notified sql.NullTime
	err := row.Scan(&d.ID, &d.CoopID, &cat, &body, &d.Number, &d.Title, &d.AdoptedOn, &d.EffectiveOn,
		&d.PublishAt, &status, &d.SupersededBy, &d.EstateID, &vis, &d.PersonalData, &d.ShownFileID, &d.CreatedAt,
		&d.NotifyMembers, &notified, &d.MembersNotified, &d.EstateName)
	d.Category, d.Body, d.Status, d.Visibility = Category(cat), Body(body), Status(status), Visibility(vis)
	d.MembersNotifiedAt = notified.Time
	return d, err
}

// document loads one document of a cooperative, or fault.ErrNotFound.
func document(ctx context.Context, q store.Querier, coopID, id int64) (Document, error) {
	d, err := scanDocument(q.QueryRowContext(ctx, `SELECT `+docColumns+` FROM library_documents d
		WHERE d.coop_id = $1 AND d.id = $2`, coopID, id))
	if err != nil {
		return Document{}, fmt.Errorf("library: document %d: %w", id, store.MapError(err))
	}
	return d, nil
}

// lockDocument loads a document inside tx, locking its row on PostgreSQL
// (SQLite's single writer serialises changes anyway).
func (s *Service) lockDocument(ctx context.Context, tx *store.Tx, coopID, id int64) (Document, error) {
	lock := ""
	if tx.Dialect() == store.Postgres {
		lock = " FOR UPDATE"
	}
	d, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+docColumns+` FROM library_documents d
		WHERE d.coop_id = $1 AND d.id = $2`+lock, coopID, id))
	if err != nil {
		return Document{}, fmt.Errorf("library: document %d: %w", id, store.MapError(err))
	}
	return d, nil
}

// Update changes a document's metadata; its search words follow.
func (s *Service) Update(ctx context.Context, by audit.Actor, id int64, d Draft) error {
	if err := validate(d); err != nil {
		return err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := s.lockDocument(ctx, tx, by.CoopID, id)
		if err != nil {
			return err
		}
		if d.PublishAt.IsZero() {
			d.PublishAt = old.PublishAt
		}
		if _, err := tx.ExecContext(ctx, `UPDATE library_documents SET category = $1, body = $2, number = $3,
			title = $4, adopted_on = $5, adopted_year = $6, effective_on = $7, publish_at = $8, estate_id = $9,
			visibility = $10, personal_data = $11 WHERE coop_id = $12 AND id = $13`,
			string(d.Category), string(d.Body), strings.TrimSpace(d.Number), strings.TrimSpace(d.Title), d.AdoptedOn,
			d.AdoptedOn.Year, d.EffectiveOn, d.PublishAt.UTC(), nullID(d.EstateID), string(d.Visibility),
			d.PersonalData, by.CoopID, id); err != nil {
			return err
		}
		if err := s.reindex(ctx, tx, by.CoopID, id); err != nil {
			return err
		}
		err = audit.Append(ctx, tx, by.Did(s.now(), audit.LibraryChanged, subject(id),
			map[string]string{"change": "metadata", "visibility": string(d.Visibility)}))
		if err != nil {
			return err
		}
		_, err = s.notifyDue(ctx, tx, by.CoopID, id) // published at once by the new time
		return err
	})
	if err != nil {
		return fmt.Errorf("library: update %d: %w", id, err)
	}
	return nil
}

// SetStatus puts a document in force, archives or repeals it (a document
// superseded by another leaves that state only by this call, which clears
// the link).
func (s *Service) SetStatus(ctx context.Context, by audit.Actor, id int64, st Status) error {
	if st != InForce && st != Archived && st != Repealed {
		return ErrInvalid
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.lockDocument(ctx, tx, by.CoopID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE library_documents SET status = $1, superseded_by = NULL
			WHERE coop_id = $2 AND id = $3`, string(st), by.CoopID, id); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.LibraryChanged, subject(id),
			map[string]string{"change": "status", "status": string(st)}))
	})
	if err != nil {
		return fmt.Errorf("library: status of %d: %w", id, err)
	}
	return nil
}

// Supersede records that document newID replaced oldID: oldID's status
// becomes superseded, linked to newID (whose page lists what it
// supersedes).
func (s *Service) Supersede(ctx context.Context, by audit.Actor, oldID, newID int64) error {
	if oldID == newID {
		return ErrSupersede
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.lockDocument(ctx, tx, by.CoopID, oldID); err != nil {
			return err
		}
		if _, err := document(ctx, tx, by.CoopID, newID); err != nil {
			return ErrSupersede
		}
		if _, err := tx.ExecContext(ctx, `UPDATE library_documents SET status = 'superseded', superseded_by = $1
			WHERE coop_id = $2 AND id = $3`, newID, by.CoopID, oldID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.LibraryChanged, subject(oldID),
			map[string]string{"change": "superseded", "by": strconv.FormatInt(newID, 10)}))
	})
	if err != nil {
		return fmt.Errorf("library: supersede %d by %d: %w", oldID, newID, err)
	}
	return nil
}
