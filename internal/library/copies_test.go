package library

import (
	"errors"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Members ask for copies: the statute and regulations free, a resolution
// and a contract described in words at the fee the cooperative set (12,50
// zł); a request keeps the fee of its day; a former member and a resident
// ask for nothing; staff move requests through the queue (a refusal needs
// its reason), and the member follows the status.
func TestCopyRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		statute := e.publish(Draft{Category: Statute, Body: GeneralMeeting, Title: "Statut", Visibility: Members}, Upload{Filename: "s.pdf", Data: e.textPDF("Statut", "§ 1.")})
		resolution := e.publish(draft("Uchwała w sprawie funduszu remontowego", "3/2026", Members), Upload{Filename: "u.pdf", Data: e.textPDF("Uchwała", "Treść.")})
		member := e.reader(Member, 11, e.person("Nowak", "2010-01-01", ""))
		other := e.reader(Member, 12, e.person("Wójcik", "2011-01-01", ""))
		former := e.reader(Member, 13, e.person("Zając", "2000-01-01", "2026-03-11"))
		resident := e.reader(Resident, 14, e.person("Lis", "", ""))
		if err := e.s.SetCopyFee(e.ctx, e.staff, 1250); err != nil {
			t.Fatal(err)
		}
		ask := func(rd Reader, a CopyAsk) int64 {
			t.Helper()
			id, err := e.s.RequestCopy(e.ctx, rd, a)
			if err != nil {
				t.Fatalf("request %+v: %v", a, err)
			}
			return id
		}
		free := ask(member, CopyAsk{DocumentID: statute})
		paid := ask(member, CopyAsk{DocumentID: resolution, Description: "Proszę o kopię poświadczoną."})
		contract := ask(member, CopyAsk{Category: Contracts, Description: "Umowa na wywóz odpadów z 2025 r."})
		if err := e.s.SetCopyFee(e.ctx, e.staff, 2000); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.RequestCopy(e.ctx, member, CopyAsk{Category: Contracts}); !errors.Is(err, ErrCopy) {
			t.Errorf("contract without a description: %v", err)
		}
		if _, err := e.s.RequestCopy(e.ctx, former, CopyAsk{DocumentID: statute}); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("former member (left 11 March 2026, today 12 March): %v", err)
		}
		if _, err := e.s.RequestCopy(e.ctx, resident, CopyAsk{DocumentID: statute}); !errors.Is(err, ErrCopy) {
			t.Errorf("resident: %v", err)
		}
		mine, err := e.s.MyCopies(e.ctx, member)
		if err != nil || len(mine) != 3 {
			t.Fatalf("%d requests, %v", len(mine), err)
		}
		fees := map[int64]money.Amount{}
		for _, c := range mine {
			fees[c.ID] = c.Fee
			if c.Status != CopyFiled {
				t.Errorf("request %d: %s", c.ID, c.Status)
			}
		}
		if fees[free] != 0 || fees[paid] != 1250 || fees[contract] != 1250 {
			t.Errorf("fees: statute %d, resolution %d, contract %d; want 0, 1250, 1250", fees[free], fees[paid], fees[contract])
		}
		if got, _ := e.s.MyCopies(e.ctx, other); len(got) != 0 {
			t.Errorf("another member sees %d requests", len(got))
		}
		if err := e.s.SetCopyStatus(e.ctx, e.staff, contract, CopyRefused, ""); !errors.Is(err, ErrCopy) {
			t.Errorf("refusal without a reason: %v", err)
		}
		if err := e.s.SetCopyStatus(e.ctx, e.staff, contract, CopyRefused, "Umowa zawiera tajemnicę przedsiębiorstwa wykonawcy."); err != nil {
			t.Fatal(err)
		}
		if err := e.s.SetCopyStatus(e.ctx, e.staff, paid, CopyReady, "Do odbioru w biurze, pokój 4."); err != nil {
			t.Fatal(err)
		}
		stranger := audit.Actor{CoopID: storetest.InsertCoop(t, db, "other"), Name: "staff:obcy"}
		if err := e.s.SetCopyStatus(e.ctx, stranger, paid, CopyDelivered, ""); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("another cooperative's staff: %v", err)
		}
		q, err := e.s.CopyQueue(e.ctx, e.coop)
		if err != nil || len(q) != 3 {
			t.Fatalf("queue %d, %v", len(q), err)
		}
		if q[0].ID != free || q[1].ID != paid || q[2].ID != contract || q[2].Member != "Jan Nowak" {
			t.Errorf("queue order %d %d %d (%s)", q[0].ID, q[1].ID, q[2].ID, q[2].Member)
		}
		mine, _ = e.s.MyCopies(e.ctx, member)
		for _, c := range mine {
			if c.ID == paid && (c.Status != CopyReady || c.Note != "Do odbioru w biurze, pokój 4." || c.DocumentTitle != "Uchwała w sprawie funduszu remontowego") {
				t.Errorf("member's view %+v", c)
			}
		}
	})
}
