package library

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
)

// maxChain bounds the versions of one document walked by InForceOn.
const maxChain = 200

// InForceOn returns, among the versions of document id (the documents
// linked to it by "superseded by", both ways) that rd may open, the one in
// force on day: the latest to take effect on or before it (its effective
// day, else its adoption day). fault.ErrNotFound when none had yet.
func (s *Service) InForceOn(ctx context.Context, rd Reader, id int64, day civil.Date) (Document, error) {
	if _, _, err := s.openable(ctx, rd, id); err != nil {
		return Document{}, err
	}
	chain, err := s.chain(ctx, rd.CoopID, id)
	if err != nil {
		return Document{}, err
	}
	aud, err := s.audienceOf(ctx, rd, s.today())
	if err != nil {
		return Document{}, err
	}
	var best *Document
	for i, d := range chain {
		from := d.EffectiveOn
		if from.IsZero() {
			from = d.AdoptedOn
		}
		if from.IsZero() || from.After(day) || !aud.opens(d, s.Now()) {
			continue
		}
		if best == nil || from.After(effective(*best)) {
			best = &chain[i]
		}
	}
	if best == nil {
		return Document{}, fmt.Errorf("library: no version of %d in force on %s: %w", id, day, fault.ErrNotFound)
	}
	return *best, nil
}

// GetOn is Get, with the version in force on day when day is not zero
// (for the document page's "which version was in force" question).
func (s *Service) GetOn(ctx context.Context, rd Reader, id int64, day civil.Date) (Details, error) {
	det, err := s.Get(ctx, rd, id)
	if err != nil || day.IsZero() {
		return det, err
	}
	det.On = day
	v, err := s.InForceOn(ctx, rd, id, day)
	switch {
	case err == nil:
		det.InForce = &v
	case !errors.Is(err, fault.ErrNotFound):
		return Details{}, err
	}
	return det, nil
}

// effective is the day a document took effect (else its adoption day).
func effective(d Document) civil.Date {
	if d.EffectiveOn.IsZero() {
		return d.AdoptedOn
	}
	return d.EffectiveOn
}

// chain loads every document linked to id by supersession, id included.
func (s *Service) chain(ctx context.Context, coopID, id int64) ([]Document, error) {
	seen := map[int64]bool{id: true}
	queue := []int64{id}
	var out []Document
	for len(queue) > 0 && len(out) < maxChain {
		d, err := document(ctx, s.DB.Read(), coopID, queue[0])
		if err != nil {
			return nil, err
		}
		queue = queue[1:]
		out = append(out, d)
		older, err := store.QueryAll(ctx, s.DB.Read(), store.ScanID, `SELECT id FROM library_documents WHERE coop_id = $1 AND superseded_by = $2`, coopID, d.ID)
		if err != nil {
			return nil, fmt.Errorf("library: versions of %d: %w", id, err)
		}
		next := append([]int64{d.SupersededBy}, older...)
		for _, n := range next {
			if n != 0 && !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	return out, nil
}
