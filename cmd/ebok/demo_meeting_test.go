package main

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// The demo cooperative has one coming general meeting, its notice out in
// time, its materials attached and members' drafts still open.
func TestDemoHasAComingMeeting(t *testing.T) {
	env, _, c := demoDatabase(t, store.SQLite)
	ctx := context.Background()
	a, err := setup(ctx, env, io.Discard, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.DB.Close()
	ms, err := a.Meetings.List(ctx, c.ID, false)
	if err != nil || len(ms) != 1 {
		t.Fatalf("%d meetings visible to members, %v", len(ms), err)
	}
	today := civil.Today(a.Config.TimeZone, time.Now())
	m := ms[0]
	if !m.FirstDay().After(today) || m.NoticeLate(today) || m.DraftDeadline().Before(today) || len(m.Parts) != 2 {
		t.Errorf("meeting %+v on %s", m, today)
	}
	v, err := a.Meetings.ForStaff(ctx, c.ID, m.ID)
	if err != nil || len(v.Items) != 3 {
		t.Errorf("%d materials, %v", len(v.Items), err)
	}
}
