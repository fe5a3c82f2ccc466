package coop

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/store"
)

// List returns every cooperative in the database, in id order (admin
// commands that act on each, such as `ebok audit anchor`).
func (s *Service) List(ctx context.Context) ([]*Cooperative, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), scanCoop, `SELECT `+coopColumns+` FROM cooperatives ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("coop: list cooperatives: %w", err)
	}
	return out, nil
}
