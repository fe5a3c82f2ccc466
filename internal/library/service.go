package library

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// Service publishes, finds and hands out the library's documents.
type Service struct {
	DB  *store.DB
	Now func() time.Time
	// Loc is the cooperative's time zone: memberships end on its days.
	Loc *time.Location
	// Extract reads a PDF's text at publication (DefaultExtractor when nil).
	Extract Extractor
	// Outbox queues the e-mails to members about new documents (none are
	// sent when nil); BaseURL starts the links in them.
	Outbox  *mail.Outbox
	BaseURL string
}

// today is the day it is in the cooperative's zone.
func (s *Service) today() civil.Date { return civil.Today(s.Loc, s.Now()) }

// now is the current time as stored.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// validate checks a draft: known category, body and visibility, a title.
func validate(d Draft) error {
	switch {
	case !slices.Contains(Categories(), d.Category), !slices.Contains(Bodies(), d.Body),
		!slices.Contains(Visibilities(), d.Visibility), strings.TrimSpace(d.Title) == "",
		len(d.Title) > 500, len(d.Number) > 50, d.EstateID < 0:
		return ErrInvalid
	}
	return nil
}

// checked is an upload that passed the policy, with its text read.
type checked struct {
	uploads.File
	Upload
	text, extractor string
}

// check runs the upload policy and the text extraction, outside any
// transaction (pdftotext may take seconds).
func (s *Service) check(ctx context.Context, up Upload) (checked, error) {
	f, err := uploads.Library.Check(up.Filename, up.Data)
	if err != nil {
		return checked{}, fmt.Errorf("%w: %w", ErrNotPDF, err)
	}
	extract := s.Extract
	if extract == nil {
		extract = DefaultExtractor()
	}
	txt, name, err := extract(ctx, up.Data)
	if err != nil {
		return checked{}, err
	}
	return checked{File: f, Upload: up, text: txt, extractor: name}, nil
}

// Publish stores a new document with its first PDF and returns its id.
func (s *Service) Publish(ctx context.Context, by audit.Actor, d Draft, up Upload) (int64, error) {
	if err := validate(d); err != nil {
		return 0, err
	}
	c, err := s.check(ctx, up)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = s.insert(ctx, tx, by, d, c)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("library: publish: %w", err)
	}
	return id, nil
}

// insert stores a checked draft with its first file in tx.
func (s *Service) insert(ctx context.Context, tx *store.Tx, by audit.Actor, d Draft, c checked) (int64, error) {
	now := s.now()
	if d.PublishAt.IsZero() {
		d.PublishAt = now
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO library_documents (coop_id, category, body, number, title,
		adopted_on, adopted_year, effective_on, publish_at, status, estate_id, visibility, personal_data, created_at,
		notify_members)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'in_force', $10, $11, $12, $13, $14) RETURNING id`,
		by.CoopID, string(d.Category), string(d.Body), strings.TrimSpace(d.Number), strings.TrimSpace(d.Title),
		d.AdoptedOn, d.AdoptedOn.Year, d.EffectiveOn, d.PublishAt.UTC(), nullID(d.EstateID), string(d.Visibility),
		d.PersonalData, now, d.NotifyMembers && s.Outbox != nil).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, s.attach(ctx, tx, by, id, c)
}

// AddFile attaches a new version of a document's PDF (or its anonymised
// version); the document's shown file and search words follow.
func (s *Service) AddFile(ctx context.Context, by audit.Actor, docID int64, up Upload) error {
	c, err := s.check(ctx, up)
	if err != nil {
		return err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.lockDocument(ctx, tx, by.CoopID, docID); err != nil {
			return err
		}
		return s.attach(ctx, tx, by, docID, c)
	})
	if err != nil {
		return fmt.Errorf("library: document %d: add file: %w", docID, err)
	}
	return nil
}

// attach stores a file as the document's next version, refreshes the
// document's shown file and words, and records it.
func (s *Service) attach(ctx context.Context, tx *store.Tx, by audit.Actor, docID int64, c checked) error {
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM library_files
		WHERE coop_id = $1 AND document_id = $2`, by.CoopID, docID).Scan(&version); err != nil {
		return err
	}
	var fileID int64
	err := tx.QueryRowContext(ctx, `INSERT INTO library_files (coop_id, document_id, version, anonymised, filename,
		size, sha256, data, text, has_text, extractor, uploaded_at, uploaded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		by.CoopID, docID, version, c.Anonymised, c.File.Filename, len(c.File.Data), c.SHA256, c.File.Data, c.text,
		hasText(c.text), c.extractor, s.now(), by.Name).Scan(&fileID)
	if err != nil {
		return err
	}
	if err := s.reindex(ctx, tx, by.CoopID, docID); err != nil {
		return err
	}
	err = audit.Append(ctx, tx, by.Did(s.now(), audit.LibraryPublished, subject(docID), map[string]string{
		"file": strconv.FormatInt(fileID, 10), "version": strconv.Itoa(version),
		"anonymised": strconv.FormatBool(c.Anonymised), "sha256": c.SHA256}))
	if err != nil {
		return err
	}
	_, err = s.notifyDue(ctx, tx, by.CoopID, docID)
	return err
}

// subject names a document in the audit log.
func subject(docID int64) string { return "library_document:" + strconv.FormatInt(docID, 10) }

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
