package library

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/store"
)

// estates lists a cooperative's estates by name.
func (s *Service) estates(ctx context.Context, coopID int64) ([]Estate, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (Estate, error) {
		var e Estate
		return e, row.Scan(&e.ID, &e.Name)
	}, `SELECT id, name FROM estates WHERE coop_id = $1 ORDER BY name, id`, coopID)
	if err != nil {
		return nil, fmt.Errorf("library: estates: %w", err)
	}
	return out, nil
}

// StaffFind is Find for the staff's page, with the estates the
// publication form offers.
func (s *Service) StaffFind(ctx context.Context, rd Reader, q Query) (StaffView, error) {
	hits, err := s.Find(ctx, rd, q)
	if err != nil {
		return StaffView{}, err
	}
	est, err := s.estates(ctx, rd.CoopID)
	return StaffView{Hits: hits, Estates: est}, err
}
