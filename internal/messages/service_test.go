package messages

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

func TestOpenEntersTheRegisterAndRoutes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		first := f.open(t, TopicSettlements, "", pdfFile(t))
		second := f.open(t, TopicFault, InBuilding)
		if first.Register != "1/2026" || second.Register != "2/2026" {
			t.Fatalf("register numbers %q, %q; want 1/2026, 2/2026", first.Register, second.Register)
		}
		e, err := f.svc.Register.Of(ctx, f.coop, "message", first.MessageID)
		if err != nil {
			t.Fatal(err)
		}
		if e.Direction != register.In || e.Channel != register.EBOK || e.PersonID != f.jan || e.Correspondent != "Jan Kowalski" {
			t.Errorf("register entry %+v", e)
		}
		v, err := f.svc.MyThread(ctx, f.coop, f.jan, second.ThreadID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Department != DeptTechnical || v.EstateID != f.estateA || v.Location != InBuilding || v.Status != StatusNew || v.Register != "2/2026" {
			t.Errorf("fault thread %+v", v.Thread)
		}
		if want, _ := civil.NewDate(2026, 12, 5); v.DueOn != want {
			t.Errorf("due on %v, want %v (14 days)", v.DueOn, want)
		}
		one, _ := f.svc.MyThread(ctx, f.coop, f.jan, first.ThreadID)
		if len(one.Messages) != 1 || len(one.Messages[0].Attachments) != 1 || one.Messages[0].Register != "1/2026" {
			t.Fatalf("first thread %+v", one)
		}
		file, err := f.svc.MyFile(ctx, f.coop, f.jan, first.ThreadID, one.Messages[0].Attachments[0].ID)
		if err != nil || file.ContentType != uploads.PDF {
			t.Errorf("file %v %v", file.ContentType, err)
		}
	})
}

func TestOpenRefuses(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		by := f.residentActor(f.janUser)
		base := NewThread{PersonID: f.jan, PremisesID: f.flatA, Topic: TopicEstate, Subject: "S", Body: "B"}
		cases := []struct {
			change func(n *NewThread)
			want   error
		}{
			{func(n *NewThread) { n.Topic = "x" }, ErrTopic},
			{func(n *NewThread) { n.Topic = TopicFault }, ErrLocation},
			{func(n *NewThread) { n.Location = InPremises }, ErrLocation},
			{func(n *NewThread) { n.Subject = " " }, ErrSubject},
			{func(n *NewThread) { n.Body = "" }, ErrBody},
			{func(n *NewThread) { n.Files = make([]uploads.File, 4) }, uploads.ErrTooMany},
			{func(n *NewThread) { n.PremisesID = f.flatB }, store.ErrNotFound},
		}
		for i, c := range cases {
			n := base
			c.change(&n)
			if _, err := f.svc.Open(ctx, by, n); !errors.Is(err, c.want) {
				t.Errorf("case %d: %v, want %v", i, err, c.want)
			}
		}
		// All that is wrong is refused at once.
		n := base
		n.Topic, n.Subject, n.Body = TopicFault, "", " "
		_, err := f.svc.Open(ctx, by, n)
		for _, want := range []error{ErrLocation, ErrSubject, ErrBody} {
			if !errors.Is(err, want) {
				t.Errorf("all at once: %v, want %v among them", err, want)
			}
		}
		if ts, _ := f.svc.Mine(ctx, f.coop, f.jan); len(ts) != 0 {
			t.Errorf("refused messages stored: %d", len(ts))
		}
	})
}

func TestResidentsSeeOnlyTheirOwnThreads(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		got := f.open(t, TopicMembership, "", pdfFile(t))
		if _, err := f.svc.MyThread(ctx, f.coop, f.ewa, got.ThreadID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another's thread: %v", err)
		}
		if _, err := f.svc.MyFile(ctx, f.coop, f.ewa, got.ThreadID, 1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another's file: %v", err)
		}
		if _, err := f.svc.Follow(ctx, f.residentActor(f.ewaUser), f.ewa, got.ThreadID, "Ewa", "ja też", nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("writing in another's thread: %v", err)
		}
		if ts, _ := f.svc.Mine(ctx, f.coop, f.ewa); len(ts) != 0 {
			t.Errorf("ewa sees %d threads", len(ts))
		}
	})
}

func TestDesksAreScoped(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		settl := f.open(t, TopicSettlements, "")
		fault := f.open(t, TopicFault, InPremises)
		cases := []struct {
			role   auth.Role
			estate int64
			want   []int64
		}{
			{auth.RoleAdmin, 0, []int64{settl.ThreadID, fault.ThreadID}},
			{auth.RoleSettlements, 0, []int64{settl.ThreadID}},
			{auth.RoleMembership, 0, nil},
			{auth.RoleEstate, f.estateA, []int64{fault.ThreadID}},
			{auth.RoleEstate, f.estateB, nil},
		}
		for _, c := range cases {
			ts, err := f.svc.Inbox(ctx, f.coop, ScopeOf(c.role, c.estate), Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ts) != len(c.want) {
				t.Errorf("%s/%d sees %d threads, want %d", c.role, c.estate, len(ts), len(c.want))
			}
			for _, id := range c.want {
				if _, err := f.svc.StaffThread(ctx, f.coop, ScopeOf(c.role, c.estate), id); err != nil {
					t.Errorf("%s: thread %d: %v", c.role, id, err)
				}
			}
		}
		if _, err := f.svc.StaffThread(ctx, f.coop, ScopeOf(auth.RoleEstate, f.estateB), fault.ThreadID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another estate's thread: %v", err)
		}
		by, sc := f.staffActor(f.memb, auth.RoleMembership, 0)
		if err := f.svc.SetStatus(ctx, by, sc, settl.ThreadID, StatusClosed); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another department's thread changed: %v", err)
		}
	})
}

func TestReplyDeadlineIsFourteenDays(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		// Filed on 21.11.2026 (Warsaw): due 05.12.2026, overdue from 06.12.2026.
		got := f.open(t, TopicEstate, "")
		_, sc := f.staffActor(f.admin, auth.RoleAdmin, 0)
		for _, c := range []struct {
			at      time.Time
			overdue bool
		}{
			{time.Date(2026, 12, 5, 22, 59, 0, 0, time.UTC), false}, // 05.12 23:59 in Warsaw
			{time.Date(2026, 12, 5, 23, 0, 0, 0, time.UTC), true},   // 06.12 00:00 in Warsaw
		} {
			*f.clock = c.at
			ts, err := f.svc.Inbox(ctx, f.coop, sc, Filter{Overdue: true})
			if err != nil {
				t.Fatal(err)
			}
			if (len(ts) == 1) != c.overdue {
				t.Errorf("at %v: %d overdue threads, want overdue=%v", c.at, len(ts), c.overdue)
			}
			all, _ := f.svc.Inbox(ctx, f.coop, sc, Filter{})
			if len(all) != 1 || all[0].ID != got.ThreadID || all[0].OverdueOn(f.svc.Today()) != c.overdue {
				t.Errorf("at %v: inbox %+v", c.at, all)
			}
		}
	})
}

func TestStaffActionsAreScopedAndAudited(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		got := f.open(t, TopicFault, InPremises)
		by, sc := f.staffActor(f.admA, auth.RoleEstate, f.estateA)
		if err := f.svc.Assign(ctx, by, sc, got.ThreadID, f.settl); !errors.Is(err, ErrAssignee) {
			t.Errorf("assigned to settlements: %v", err)
		}
		if err := f.svc.Assign(ctx, by, sc, got.ThreadID, f.admA); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetStatus(ctx, by, sc, got.ThreadID, StatusInProgress); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetStatus(ctx, by, sc, got.ThreadID, "x"); !errors.Is(err, ErrStatus) {
			t.Errorf("unknown status: %v", err)
		}
		if err := f.svc.Note(ctx, by, sc, got.ThreadID, "ads-a", "hydraulik we wtorek"); err != nil {
			t.Fatal(err)
		}
		mine, _ := f.svc.Assignees(ctx, f.coop, Thread{Department: DeptTechnical, EstateID: f.estateA})
		if len(mine) != 2 { // admin and ads-a
			t.Errorf("assignees %+v", mine)
		}
		staff, _ := f.svc.StaffThread(ctx, f.coop, sc, got.ThreadID)
		if staff.AssignedTo != f.admA || staff.Status != StatusInProgress || len(staff.Messages) != 2 {
			t.Errorf("staff view %+v", staff)
		}
		res, _ := f.svc.MyThread(ctx, f.coop, f.jan, got.ThreadID)
		if len(res.Messages) != 1 {
			t.Errorf("the resident sees %d messages, the note among them", len(res.Messages))
		}
		var n int
		if err := f.db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE coop_id = $1 AND subject = $2`,
			f.coop, subject(got.ThreadID)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 4 { // filed, assigned, status, noted
			t.Errorf("%d audit entries, want 4", n)
		}
	})
}
