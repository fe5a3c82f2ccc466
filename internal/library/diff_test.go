package library

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestDiffLines(t *testing.T) {
	a := []string{"§ 1. Opłaty wnosi się do 10. dnia miesiąca.", "§ 2. Zaliczki na ciepło.", "§ 3. Woda.", "§ 4. Końcowe."}
	b := []string{"§ 1. Opłaty wnosi się do 15. dnia miesiąca.", "§ 2. Zaliczki na ciepło.", "§ 4. Końcowe.", "§ 5. Nowy."}
	got, too := diffLines(a, b, 100)
	want := []DiffLine{{Removed, a[0]}, {Added, b[0]}, {Same, a[1]}, {Removed, a[2]}, {Same, a[3]}, {Added, b[3]}}
	if too || !reflect.DeepEqual(got, want) {
		t.Errorf("diff %v (too different %v)\nwant %v", got, too, want)
	}
	if got, _ := diffLines(a, a, 100); len(got) != 4 || got[0].Op != Same {
		t.Errorf("same texts: %v", got)
	}
	if got, _ := diffLines(nil, b, 100); len(got) != 4 || got[3].Op != Added {
		t.Errorf("from nothing: %v", got)
	}
	if _, too := diffLines(a, b, 3); !too {
		t.Error("4 edits within a bound of 3")
	}
}

// FuzzDiffLines: applying a diff's kept and added lines gives the second
// text, its kept and removed lines the first.
func FuzzDiffLines(f *testing.F) {
	f.Add("a\nb\nc", "a\nc\nd")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, x, y string) {
		a, b := strings.Split(x, "\n"), strings.Split(y, "\n")
		lines, too := diffLines(a, b, len(a)+len(b))
		if too {
			t.Fatal("bounded by the sum of the lengths, yet too different")
		}
		var gotA, gotB []string
		for _, l := range lines {
			if l.Op != Added {
				gotA = append(gotA, l.Text)
			}
			if l.Op != Removed {
				gotB = append(gotB, l.Text)
			}
		}
		if strings.Join(gotA, "\n") != x || strings.Join(gotB, "\n") != y || len(gotA) != len(a) {
			t.Errorf("diff does not rebuild the texts: %v", lines)
		}
	})
}

// Two versions of a regulation's PDF compared as text, read by pdftotext;
// a reader who may not open a file may not compare it.
func TestCompareVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := e.publish(draft("Regulamin rozliczania opłat", "1/2025", Members),
			Upload{Filename: "v1.pdf", Data: e.textPDF("Regulamin", "§ 1. Opłaty wnosi się do 10. dnia miesiąca.", "§ 2. Zaliczki na ciepło.")})
		if err := e.s.AddFile(e.ctx, e.staff, id, Upload{Filename: "v2.pdf",
			Data: e.textPDF("Regulamin", "§ 1. Opłaty wnosi się do 15. dnia miesiąca.", "§ 2. Zaliczki na ciepło.")}); err != nil {
			t.Fatal(err)
		}
		member := e.reader(Member, 11, e.person("Nowak", "2010-01-01", ""))
		det, err := e.s.Get(e.ctx, member, id)
		if err != nil || len(det.Files) != 2 {
			t.Fatalf("files %v, %v", det.Files, err)
		}
		d, err := e.s.Compare(e.ctx, member, det.Files[1].ID, det.Files[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		var removed, added []string
		for _, l := range d.Lines {
			switch l.Op {
			case Removed:
				removed = append(removed, l.Text)
			case Added:
				added = append(added, l.Text)
			}
		}
		if !reflect.DeepEqual(removed, []string{"§ 1. Opłaty wnosi się do 10. dnia miesiąca."}) ||
			!reflect.DeepEqual(added, []string{"§ 1. Opłaty wnosi się do 15. dnia miesiąca."}) || d.From.Version != 1 || d.To.Version != 2 {
			t.Errorf("removed %q, added %q", removed, added)
		}
		if _, err := e.s.Compare(e.ctx, e.reader(Resident, 12, 0), det.Files[1].ID, det.Files[0].ID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("resident compares a members' document: %v", err)
		}
	})
}
