package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/prometheus/client_golang/prometheus"
)

// anchorDaily anchors every cooperative's audit chain once a day (see
// audit.DailyAnchors): at start when a chain's last anchor is a day old or
// none was made, then whenever the next one falls due, looking at least
// hourly for new cooperatives and failed runs to retry. Every node runs
// it; the database lets one node anchor each chain per day. Failures are
// logged and counted in ebok_audit_anchor_failures_total.
func anchorDaily(ctx context.Context, d *audit.DailyAnchors, now func() time.Time, failures prometheus.Counter, logger *slog.Logger) {
	for {
		done, err := d.Run(ctx)
		for _, a := range done {
			logger.Info("audit chain anchored", "coop", a.Anchor.Slug, "seq", a.Anchor.Seq,
				"file", a.Path, "mailed_to", len(d.Anchorer.To))
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures.Inc()
			logger.Error("audit anchor failed; tried again within the hour", "err", err)
		}
		wait := time.Hour
		if next, err := d.Next(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			logger.Error("audit anchor: when next", "err", err)
		} else {
			wait = min(max(next.Sub(now()), time.Minute), time.Hour)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}
