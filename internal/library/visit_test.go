package library

import (
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Browse marks the documents published since the reader's previous visit,
// per login: nothing on a first visit, the newcomers on the next one, and
// nothing again once seen.
func TestBrowseMarksWhatIsNewSinceTheLastVisit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.publish(draft("Stara uchwała", "1/2026", Public), Upload{Filename: "a.pdf", Data: e.textPDF("a")})
		rd := e.reader(Member, 0, e.person("Nowak", "2010-01-01", ""))
		rd.UserID = insertUser(e, rd.PersonID)
		newOnes := func() (n int) {
			hits, err := e.s.Browse(e.ctx, rd, Query{})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				if h.New {
					n++
				}
			}
			return n
		}
		if n := newOnes(); n != 0 {
			t.Errorf("first visit: %d new", n)
		}
		e.now = e.now.Add(time.Hour)
		e.publish(draft("Nowa uchwała", "2/2026", Members), Upload{Filename: "b.pdf", Data: e.textPDF("b")})
		e.now = e.now.Add(time.Hour)
		if n := newOnes(); n != 1 {
			t.Errorf("second visit: %d new, want 1", n)
		}
		if n := newOnes(); n != 0 {
			t.Errorf("third visit: %d new", n)
		}
	})
}
