package library

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// matrixDocs publishes one document of each kind of access, every one with
// the word "regulamin" in its text, and returns their ids by name.
func matrixDocs(e *env) map[string]int64 {
	pub := func(name string, d Draft, up Upload) (string, int64) { return name, e.publish(d, up) }
	up := func(text string) Upload { return Upload{Filename: "d.pdf", Data: e.textPDF("Dokument", text)} }
	out := map[string]int64{}
	for _, p := range []func() (string, int64){
		func() (string, int64) {
			return pub("public", draft("Ogłoszenie", "", Public), up("regulamin publiczny"))
		},
		func() (string, int64) {
			return pub("members", draft("Uchwała", "", Members), up("regulamin czlonkowski"))
		},
		func() (string, int64) {
			return pub("residents", draft("Komunikat", "", Residents), up("regulamin mieszkancow"))
		},
		func() (string, int64) {
			d := draft("Protokół z nazwiskami, regulamin", "", Members)
			d.PersonalData = true
			return pub("personal", d, up("regulamin Kowalski Tajny"))
		},
		func() (string, int64) {
			d := draft("Plan", "", Members)
			d.PublishAt = e.now.Add(24 * time.Hour)
			return pub("scheduled", d, up("regulamin przyszly"))
		},
	} {
		n, id := p()
		out[n] = id
	}
	return out
}

// Who opens what: anonymous and former members the public documents,
// E-BOK logins also the residents' ones, current members (their end date
// included) also the members' ones, staff everything; a document with
// personal data reaches members only with its anonymised version, and a
// scheduled one only from its publication time. Listing, search, snippets
// and downloads agree.
func TestAccessMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		docs := matrixDocs(e)
		member := e.person("Nowak", "2010-01-01", "")
		endsToday := e.person("Lis", "2010-01-01", "2026-03-12")
		former := e.person("Kot", "2010-01-01", "2026-03-11")
		readers := map[string]Reader{
			"anonymous": e.reader(Anonymous, 0, 0), "resident": e.reader(Resident, 11, e.person("Mazur", "", "")),
			"member": e.reader(Member, 12, member), "member ending today": e.reader(Member, 13, endsToday),
			"former member": e.reader(Member, 14, former), "staff": e.reader(Staff, 15, 0),
		}
		want := map[string][]string{
			"anonymous": {"public"}, "former member": {"public"}, "resident": {"public", "residents"},
			"member": {"public", "members", "residents"}, "member ending today": {"public", "members", "residents"},
			"staff": {"public", "members", "residents", "personal", "scheduled"},
		}
		checkMatrix(e, docs, readers, want)
		// The anonymised version opens the personal document to members,
		// and only that version; its original words stay unsearchable.
		if err := e.s.AddFile(e.ctx, e.staff, docs["personal"], Upload{Filename: "anon.pdf", Anonymised: true,
			Data: e.textPDF("Dokument", "regulamin [dane usunięte]")}); err != nil {
			t.Fatal(err)
		}
		want["member"] = append(want["member"], "personal")
		want["member ending today"] = want["member"]
		checkMatrix(e, docs, readers, want)
		det, err := e.s.Get(e.ctx, readers["member"], docs["personal"])
		if err != nil || len(det.Files) != 1 || !det.Files[0].Anonymised {
			t.Fatalf("member sees files %+v, %v", det.Files, err)
		}
		if _, err := e.s.Download(e.ctx, readers["member"], docs["personal"], det.Files[0].ID-1); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("member downloads the original: %v", err)
		}
		if hits, _ := e.s.Find(e.ctx, readers["member"], Query{Text: "kowalski"}); len(hits) != 0 {
			t.Errorf("the original's words are found: %v", ids(hits))
		}
		e.now = e.now.Add(25 * time.Hour) // the scheduled document is out; Lis's membership has ended
		want["member"] = append(want["member"], "scheduled")
		want["member ending today"] = []string{"public"}
		checkMatrix(e, docs, readers, want)
	})
}

// checkMatrix checks that each reader lists, finds (with snippets) and
// downloads exactly the wanted documents.
func checkMatrix(e *env, docs map[string]int64, readers map[string]Reader, want map[string][]string) {
	e.t.Helper()
	for who, rd := range readers {
		var wantIDs []int64
		for _, n := range want[who] {
			wantIDs = append(wantIDs, docs[n])
		}
		slices.Sort(wantIDs)
		for _, q := range []Query{{}, {Text: "regulamin"}} {
			hits, err := e.s.Find(e.ctx, rd, q)
			if err != nil {
				e.t.Fatal(err)
			}
			got := ids(hits)
			slices.Sort(got)
			if !reflect.DeepEqual(got, wantIDs) {
				e.t.Errorf("%s, query %q: %v, want %v", who, q.Text, got, wantIDs)
			}
			for _, h := range hits {
				for _, p := range h.Snippet {
					if p.Text == "Kowalski" || p.Text == "Tajny" {
						e.t.Errorf("%s sees a snippet of the original: %+v", who, h.Snippet)
					}
				}
			}
		}
		for name, id := range docs {
			opens := slices.Contains(want[who], name)
			d, err := e.s.Get(e.ctx, rd, id)
			if opens != (err == nil) || (err != nil && !errors.Is(err, fault.ErrNotFound)) {
				e.t.Errorf("%s opens %s: %v, want %v", who, name, err, opens)
				continue
			}
			if !opens {
				if _, err := e.s.Download(e.ctx, rd, id, id); !errors.Is(err, fault.ErrNotFound) {
					e.t.Errorf("%s downloads %s: %v", who, name, err)
				}
				continue
			}
			if _, err := e.s.Download(e.ctx, rd, id, d.Files[0].ID); err != nil {
				e.t.Errorf("%s downloads %s: %v", who, name, err)
			}
		}
	}
}

// Downloads of members' documents are logged, in the audit log and in the
// member's own history; public ones are not.
func TestMembersDownloadsAreLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		docs := matrixDocs(e)
		rd := e.reader(Member, 0, e.person("Nowak", "2010-01-01", ""))
		rd.UserID = insertUser(e, rd.PersonID)
		for _, name := range []string{"members", "public", "members"} {
			d, err := e.s.Get(e.ctx, rd, docs[name])
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.s.Download(e.ctx, rd, d.ID, d.Files[0].ID); err != nil {
				t.Fatal(err)
			}
		}
		hist, err := e.s.Downloads(e.ctx, rd)
		if err != nil || len(hist) != 2 || hist[0].DocumentID != docs["members"] || hist[0].Title != "Uchwała" {
			t.Fatalf("history %+v, %v", hist, err)
		}
		entries, err := audit.List(e.ctx, db.Read(), e.coop, audit.Filter{Action: audit.LibraryDownloaded})
		if err != nil || len(entries) != 2 || entries[0].ActorID != rd.UserID {
			t.Fatalf("audit %+v, %v", entries, err)
		}
		other, err := e.s.Downloads(e.ctx, e.reader(Member, rd.UserID+1, rd.PersonID))
		if err != nil || len(other) != 0 {
			t.Errorf("another login's history: %+v, %v", other, err)
		}
	})
}

// insertUser adds an IKCS login for a person and returns its id.
func insertUser(e *env, personID int64) int64 {
	e.t.Helper()
	var id int64
	err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(e.ctx, `INSERT INTO users (coop_id, kind, login, person_id, display_name, password_hash, created_at)
			VALUES ($1, 'member', 'm1', $2, 'Jan Nowak', 'x', $3) RETURNING id`, e.coop, personID, e.now).Scan(&id)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}
