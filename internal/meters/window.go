package meters

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// Window is the days of each month when residents may submit readings
// (see the package documentation for short months and windows that run
// over the turn of a month).
type Window struct {
	FromDay, ToDay int
}

// DefaultWindow applies to a cooperative that set none: from the 20th to
// the last day of the month.
var DefaultWindow = Window{FromDay: 20, ToDay: 31}

// Window returns the cooperative's reading window, or DefaultWindow.
func (s *Service) Window(ctx context.Context, coopID int64) (Window, error) {
	return readWindow(ctx, s.DB.Read(), coopID)
}

func readWindow(ctx context.Context, q store.Querier, coopID int64) (Window, error) {
	var w Window
	err := store.MapError(q.QueryRowContext(ctx, `SELECT from_day, to_day FROM reading_windows WHERE coop_id = $1`,
		coopID).Scan(&w.FromDay, &w.ToDay))
	if errors.Is(err, store.ErrNotFound) {
		return DefaultWindow, nil
	}
	if err != nil {
		return Window{}, fmt.Errorf("meters: reading window of cooperative %d: %w", coopID, err)
	}
	return w, nil
}

// Open reports whether residents may submit readings on day.
func (w Window) Open(day civil.Date) bool {
	from, to := w.Span(day)
	return !day.Before(from) && !day.After(to)
}

// Span returns the first and last day of the window that day falls in or,
// when day is outside every window, of the next window.
func (w Window) Span(day civil.Date) (from, to civil.Date) {
	m := civil.MonthOf(day)
	// Windows follow each other month by month, so the first one that has
	// not ended by day is the one wanted. A window that runs over the turn
	// of the month may have started in the month before.
	for _, start := range []civil.Month{m.Prev(), m} {
		if from, to = w.startingIn(start); !to.Before(day) {
			return from, to
		}
	}
	return w.startingIn(m.Next())
}

// startingIn is the window that opens in month m.
func (w Window) startingIn(m civil.Month) (from, to civil.Date) {
	from = m.Day(w.FromDay)
	if w.FromDay <= w.ToDay {
		return from, m.Day(w.ToDay)
	}
	return from, m.Next().Day(w.ToDay)
}
