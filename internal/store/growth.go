package store

import (
	"context"
	"sync"
)

// GrowthFirst is how many rows a Growth counts before it first refreshes
// the statistics; each later refresh waits for twice as many as the last
// one saw, so 10,000 rows cost five ANALYZEs and a long-running worker
// ever fewer.
const GrowthFirst = 500

// Growth refreshes the planner's statistics of tables a worker fills from
// next to nothing, as it fills them (see Analyze for why on PostgreSQL;
// on SQLite it does nothing). The zero value with Tables set is ready;
// a Growth is safe for concurrent use and must not be copied.
type Growth struct {
	Tables []string

	mu   sync.Mutex
	rows int // counted since the worker started
	next int // the count at which to refresh next
}

// Add counts n more rows and, when the count has reached GrowthFirst or
// twice what it was at the last refresh, refreshes the statistics.
func (g *Growth) Add(ctx context.Context, db *DB, n int) error {
	if n <= 0 {
		return nil
	}
	g.mu.Lock()
	g.rows += n
	due := g.rows >= max(g.next, GrowthFirst)
	if due {
		g.next = 2 * g.rows
	}
	g.mu.Unlock()
	if !due {
		return nil
	}
	return db.Analyze(ctx, g.Tables...)
}
